import * as assert from 'node:assert/strict';
import type { ClusterCreateVerdict } from '../../src/core/access/clusterCreate';
import type { Scenario } from '../fakes/scenario';
import { loadScenario } from '../fakes/scenarioLoad';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

const DATA_SCIENCE = 'D5A1C0FFEE000001';
const ML_GPU = 'D5A1C0FFEE000002';
const RESTRICTED = 'D5A1C0FFEE000003';
const GPU_POOL = '0101-120000-brick1-pool-GPU00001';
const CPU_POOL = '0101-120000-brick2-pool-CPU00002';

/**
 * basic.json with its compute section changed: alice's only usable policy (data-science) goes to
 * ml-platform, a workspace-local group of bob's only, and `change` does the rest.
 */
function variant(change: (scenario: Scenario) => void): Scenario {
  const scenario = structuredClone(loadScenario('basic'));
  scenario.workspace.groups!.push({ displayName: 'ml-platform', externalId: null, members: { users: ['bob@fabrikam.com'] } });
  const policies = scenario.workspace.compute!.policies!;
  policies.find((p) => p.policy_id === DATA_SCIENCE)!.acl = [{ group: 'ml-platform', level: 'CAN_USE' }];
  change(scenario);
  return scenario;
}

async function clusterCreate(env: NodeJS.ProcessEnv): Promise<ClusterCreateVerdict> {
  const result = await runCli(['why', 'cluster-create', '--json'], env);
  assert.equal(result.code, 0, result.stderr);
  return result.json<ClusterCreateVerdict>();
}

/** access-lens why cluster-create, ls policies|pools, why policy|pool, signed in as alice (test/scenarios/basic.json, "compute"). */
describe('access-lens why cluster-create, policies and pools against the basic sandbox', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  signedInSandbox('basic', (_sandbox, startedEnv) => (env = startedEnv));

  it('allows creating a cluster with the one policy alice may use, naming the group that gives it, and the pools she may attach to', async () => {
    const doc = await clusterCreate(env);
    assert.equal(doc.kind, 'cluster');
    assert.equal(doc.id, null);
    assert.equal(doc.action, 'create');
    assert.equal(doc.allowed, true, doc.summary);
    assert.deepEqual(doc.entitlement, { name: 'allow-cluster-create', held: false, via: null });
    assert.deepEqual(doc.policies, [{ id: DATA_SCIENCE, name: 'data-science', via: 'group:data-team' }]);
    assert.deepEqual(doc.pools, [{ id: GPU_POOL, name: 'gpu-pool', via: 'group:data-team' }]);
    assert.deepEqual(doc.blockers, []);
    assert.match(doc.summary, /with cluster policy "data-science"/);
  });

  it('says the same in text: verdict, entitlement, policies with via, pools', async () => {
    const result = await runCli(['why', 'cluster-create'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /You can create clusters/);
    assert.match(result.stdout, /Entitlement allow-cluster-create: no/);
    assert.match(result.stdout, /Cluster policies you may use:\n {2}data-science \(D5A1C0FFEE000001\) via group:data-team/);
    assert.match(result.stdout, /Instance pools you may attach to:\n {2}gpu-pool \(0101-120000-brick1-pool-GPU00001\) via group:data-team/);
  });

  it('ls policies and ls pools give a verdict per action, unknown where the ACL is for managers', async () => {
    const policies = await runCli(['ls', 'policies', '--json'], env);
    assert.equal(policies.code, 0, policies.stderr);
    const byId = new Map(policies.json<{ items: { id: string; kind: string; level: string | null; actions: Record<string, { allowed: boolean | null }> }[] }>().items.map((i) => [i.id, i]));
    assert.equal(byId.get(DATA_SCIENCE)?.kind, 'policy');
    assert.deepEqual(byId.get(DATA_SCIENCE)?.actions, { use: { allowed: true } });
    assert.equal(byId.get(DATA_SCIENCE)?.level, 'CAN_USE');
    assert.deepEqual(byId.get(ML_GPU)?.actions, { use: { allowed: false } });
    assert.deepEqual(byId.get(RESTRICTED)?.actions, { use: { allowed: null } });
    const pools = await runCli(['ls', 'pools', '--json'], env);
    assert.equal(pools.code, 0, pools.stderr);
    const poolsById = new Map(pools.json<{ items: { id: string; actions: Record<string, { allowed: boolean | null }> }[] }>().items.map((i) => [i.id, i]));
    assert.deepEqual(poolsById.get(GPU_POOL)?.actions, { attach: { allowed: true }, manage: { allowed: false } });
    assert.deepEqual(poolsById.get(CPU_POOL)?.actions, { attach: { allowed: false }, manage: { allowed: false } });
  });

  it('why policy ID use and why pool ID attach explain a denial: engineers would give both, and alice is in its Entra twin (a partial sync)', async () => {
    const policy = await runCli(['why', 'policy', ML_GPU, 'use', '--json'], env);
    assert.equal(policy.code, 0, policy.stderr);
    const doc = policy.json<{ allowed: boolean | null; required: string; blockers: { code: string; message: string }[]; remedies: string[] }>();
    assert.equal(doc.allowed, false);
    assert.equal(doc.required, 'CAN_USE');
    assert.deepEqual(doc.blockers.map((b) => b.code), ['GROUP_NOT_SYNCED']);
    assert.match(doc.blockers[0]?.message ?? '', /engineers/);
    const pool = await runCli(['why', 'pool', CPU_POOL, 'attach', '--json'], env);
    assert.equal(pool.code, 0, pool.stderr);
    const poolDoc = pool.json<{ allowed: boolean | null; required: string; blockers: { code: string }[] }>();
    assert.equal(poolDoc.allowed, false);
    assert.equal(poolDoc.required, 'CAN_ATTACH_TO');
    assert.deepEqual(poolDoc.blockers.map((b) => b.code), ['GROUP_NOT_SYNCED']);
  });

  it('refuses an id or an action after cluster-create with a usage error that shows the form', async () => {
    const result = await runCli(['why', 'cluster-create', DATA_SCIENCE, '--json'], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /takes no id or action.*why policy <policy id> use/);
  });
});

describe('access-lens why cluster-create: alice with no entitlement and no usable policy', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  // Every policy's ACL readable: the answer can be a definite no.
  signedInSandbox(variant((s) => delete s.workspace.compute!.policies!.find((p) => p.policy_id === RESTRICTED)!.aclReadableBy), (_sandbox, startedEnv) => (env = startedEnv));

  it('denies with ENTITLEMENT_MISSING and NO_GRANT (and the unsynced engineers for ml-gpu and restricted-jobs), names the group that would give a policy and who manages it, and the request', async () => {
    const doc = await clusterCreate(env);
    assert.equal(doc.allowed, false, doc.summary);
    assert.deepEqual(doc.blockers.map((b) => b.code), ['ENTITLEMENT_MISSING', 'GROUP_NOT_SYNCED', 'GROUP_NOT_SYNCED', 'NO_GRANT']);
    assert.match(doc.blockers[1]?.message ?? '', /^Cluster policy "ml-gpu" \(id D5A1C0FFEE000002\): .*engineers/);
    assert.deepEqual(doc.policies, []);
    assert.ok(doc.remedies.some((r) => /^Join group "ml-platform", which holds CAN_USE on cluster policy "data-science" \(id D5A1C0FFEE000001\); the policy is managed by a workspace admin\.$/.test(r)), doc.remedies.join('\n'));
    assert.ok(doc.remedies.some((r) => r.startsWith('Cluster policy "ml-gpu" (id D5A1C0FFEE000002) is granted to a group you are already in at your identity provider')), doc.remedies.join('\n'));
    assert.ok(doc.remedies.some((r) => r.includes('allow-cluster-create entitlement')), doc.remedies.join('\n'));
    const request = doc.remedies.find((r) => r.startsWith('Access request to send: '));
    assert.match(request ?? '', /alice@fabrikam\.com.*cannot create clusters in https:\/\/127\.0\.0\.1:\d+.*CAN_USE on cluster policy "data-science".*group "ml-platform"/);
  });
});

describe('access-lens why cluster-create: alice with no usable policy, one policy ACL unreadable', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  signedInSandbox(variant(() => undefined), (_sandbox, startedEnv) => (env = startedEnv));

  it('answers unknown (null) with ACL_UNREADABLE, never a silent no', async () => {
    const doc = await clusterCreate(env);
    assert.equal(doc.allowed, null, doc.summary);
    assert.deepEqual(doc.blockers.map((b) => b.code), ['ENTITLEMENT_MISSING', 'GROUP_NOT_SYNCED', 'ACL_UNREADABLE', 'NO_GRANT']);
    assert.match(doc.blockers[2]?.message ?? '', /"restricted-jobs" \(id D5A1C0FFEE000003\)/);
  });
});

describe('access-lens why cluster-create: the entitlement through a nested group', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  // everyone-data (alice < analysts < data-team < everyone-data) carries allow-cluster-create.
  signedInSandbox(variant((s) => (s.workspace.groups!.find((g) => g.displayName === 'everyone-data')!.entitlements = ['allow-cluster-create'])), (_sandbox, startedEnv) => (env = startedEnv));

  it('allows through the group that carries allow-cluster-create, with its membership path', async () => {
    const doc = await clusterCreate(env);
    assert.equal(doc.allowed, true, doc.summary);
    assert.deepEqual(doc.entitlement, { name: 'allow-cluster-create', held: true, via: 'group:everyone-data' });
    assert.deepEqual(doc.grants[0]?.path, ['user:alice@fabrikam.com', 'group:analysts', 'group:data-team', 'group:everyone-data']);
    assert.deepEqual(doc.policies, []);
    assert.match(doc.summary, /allow-cluster-create entitlement \(through group:everyone-data\)/);
  });
});
