import * as assert from 'node:assert/strict';
import { ClusterCreateInput, judgeClusterCreate } from '../../../src/core/access/clusterCreate';
import { AccessObject, AclState, Subject, evaluate } from '../../../src/core/access';
import { findReferences } from '../../../src/core/references/findReferences';
import type { AuthorizedHttp } from '../../../src/core/workspace/authorizedHttp';
import { RequestLimiter } from '../../../src/core/workspace/limiter';
import { WorkspaceClient } from '../../../src/core/workspace/workspaceClient';

const ME = 'alice@contoso.com';
const subject: Subject = {
  userName: ME,
  groups: [
    { id: '1', displayName: 'analysts', externalId: null, path: [`user:${ME}`, 'group:analysts'] },
    { id: '2', displayName: 'data-team', externalId: null, path: [`user:${ME}`, 'group:analysts', 'group:data-team'] },
  ],
  entraGroupIds: [],
};
const acl = (...entries: [string, string][]): AclState => ({ state: 'readable', entries: entries.map(([principal, level]) => ({ principal, permissions: [{ level, inherited: false, inheritedFrom: null }] })) });
const object = (kind: 'policy' | 'pool', id: string, name: string, state: AclState): AccessObject => ({ kind, id, name, acl: state });
const policy = (id: string, name: string, state: AclState) => ({ id, name, acl: state, verdict: evaluate(subject, object('policy', id, name, state), 'use') });
const pool = (id: string, name: string, state: AclState) => ({ id, name, verdict: evaluate(subject, object('pool', id, name, state), 'attach') });
const groups = (entitlements: Record<string, string[]> = {}, unreadable: Record<string, string> = {}): ClusterCreateInput['groups'] =>
  subject.groups.map((g) => ({ displayName: g.displayName, path: g.path, entitlements: entitlements[g.displayName] ?? [], ...(unreadable[g.displayName] ? { entitlementsUnreadable: unreadable[g.displayName] } : {}) }));

const SCIENCE = policy('AAAA000000000001', 'data-science', acl(['group:data-team', 'CAN_USE']));
const GPU = policy('AAAA000000000002', 'ml-gpu', acl(['group:ml-engineers', 'CAN_USE'], ['user:bob@contoso.com', 'CAN_MANAGE']));
const HIDDEN = policy('AAAA000000000003', 'hidden', { state: 'unreadable', reason: 'HTTP 403 PERMISSION_DENIED: no' });
const POOLS = [pool('0101-120000-a1-pool-AAAA', 'gpu-pool', acl(['group:analysts', 'CAN_ATTACH_TO'])), pool('0101-120000-a2-pool-BBBB', 'cpu-pool', acl(['group:ml-engineers', 'CAN_ATTACH_TO']))];
const input = (over: Partial<ClusterCreateInput>): ClusterCreateInput => ({ userName: ME, host: 'https://adb-1.azuredatabricks.net', entitlements: ['workspace-access'], groups: groups(), policies: [], pools: POOLS, ...over });

describe('can I create a cluster? (access/clusterCreate.ts)', () => {
  it('allows with CAN_USE on one policy through a nested group, listing it and the pools with their via', () => {
    const v = judgeClusterCreate(input({ policies: [SCIENCE, GPU] }));
    assert.equal(v.allowed, true);
    assert.equal(v.granted, 'CAN_USE');
    assert.deepEqual(v.policies, [{ id: 'AAAA000000000001', name: 'data-science', via: 'group:data-team' }]);
    assert.deepEqual(v.pools, [{ id: '0101-120000-a1-pool-AAAA', name: 'gpu-pool', via: 'group:analysts' }]);
    assert.deepEqual(v.entitlement, { name: 'allow-cluster-create', held: false, via: null });
    assert.deepEqual(v.blockers, []);
    assert.deepEqual([v.kind, v.id, v.action], ['cluster', null, 'create']);
  });

  it('allows with the entitlement held directly, or through a group (with its path), or as a workspace admin', () => {
    const direct = judgeClusterCreate(input({ entitlements: ['workspace-access', 'allow-cluster-create'] }));
    assert.deepEqual([direct.allowed, direct.entitlement.via, direct.granted], [true, `user:${ME}`, 'allow-cluster-create']);
    const viaGroup = judgeClusterCreate(input({ groups: groups({ 'data-team': ['allow-cluster-create'] }) }));
    assert.deepEqual([viaGroup.allowed, viaGroup.entitlement.via], [true, 'group:data-team']);
    assert.deepEqual(viaGroup.grants[0]?.path, [`user:${ME}`, 'group:analysts', 'group:data-team']);
    const admin = judgeClusterCreate(input({ groups: [...groups(), { displayName: 'admins', path: [`user:${ME}`, 'group:admins'], entitlements: [] }] }));
    assert.deepEqual([admin.allowed, admin.entitlement.via], [true, 'group:admins']);
  });

  it('denies with ENTITLEMENT_MISSING and NO_GRANT, names the group that gives a policy, its manager, and the request', () => {
    const v = judgeClusterCreate(input({ policies: [GPU] }));
    assert.equal(v.allowed, false);
    assert.deepEqual(v.blockers.map((b) => b.code), ['ENTITLEMENT_MISSING', 'NO_GRANT']);
    assert.match(v.blockers[0]!.message, /directly or through any of your 2 groups/);
    assert.equal(v.remedies[0], 'Join group "ml-engineers", which holds CAN_USE on cluster policy "ml-gpu" (id AAAA000000000002); the policy is managed by bob@contoso.com or a workspace admin.');
    assert.match(v.remedies[1]!, /allow-cluster-create entitlement/);
    assert.match(v.remedies[2]!, /^Access request to send: Hello, I \(alice@contoso\.com\) cannot create clusters in https:\/\/adb-1\.azuredatabricks\.net: could you grant me CAN_USE on cluster policy "ml-gpu" \(id AAAA000000000002\), or add me to group "ml-engineers", which holds it\?/);
    assert.match(v.summary, /You cannot create clusters/);
  });

  it('denies with no policy listed at all, asking an admin for a policy', () => {
    const v = judgeClusterCreate(input({ policies: [] }));
    assert.equal(v.allowed, false);
    assert.match(v.blockers[1]!.message, /^No cluster policy is listed to you/);
    assert.match(v.remedies[0]!, /Ask a workspace admin \(only admins manage cluster policies\)/);
  });

  it('is unknown, never a silent no, when a group\'s entitlements or a policy\'s ACL cannot be read', () => {
    const groupsUnknown = judgeClusterCreate(input({ groups: groups({}, { analysts: 'its entitlements are not a list' }), policies: [GPU] }));
    assert.equal(groupsUnknown.allowed, null);
    assert.equal(groupsUnknown.entitlement.held, null);
    assert.deepEqual(groupsUnknown.blockers.map((b) => b.code), ['ENTITLEMENT_UNKNOWN', 'NO_GRANT']);
    assert.match(groupsUnknown.blockers[0]!.message, /group "analysts" \(its entitlements are not a list\)/);
    const aclUnknown = judgeClusterCreate(input({ policies: [GPU, HIDDEN] }));
    assert.equal(aclUnknown.allowed, null);
    assert.deepEqual(aclUnknown.blockers.map((b) => b.code), ['ENTITLEMENT_MISSING', 'ACL_UNREADABLE', 'NO_GRANT']);
    assert.match(aclUnknown.blockers[1]!.message, /"hidden" \(id AAAA000000000003\)/);
    // Anything that allows decides, whatever else is unknown.
    assert.equal(judgeClusterCreate(input({ groups: groups({}, { analysts: 'x' }), policies: [SCIENCE, HIDDEN] })).allowed, true);
  });
});

describe('policy and pool rows: what the editor finds', () => {
  it('finds policy_id and instance_pool_id values in a bundle and a job JSON', () => {
    const yaml = 'new_cluster:\n  policy_id: D5A1C0FFEE000002\n  instance_pool_id: 0101-120000-brick1-pool-GPU00001\n  driver_instance_pool_id: "0101-120000-brick2-pool-CPU00002"\n';
    assert.deepEqual(findReferences(yaml).map((r) => [r.kind, r.id, r.action, r.line]), [
      ['policy', 'D5A1C0FFEE000002', 'use', 1],
      ['pool', '0101-120000-brick1-pool-GPU00001', 'attach', 2],
      ['pool', '0101-120000-brick2-pool-CPU00002', 'attach', 3],
    ]);
    assert.deepEqual(findReferences('{"policy_id": "D5A1C0FFEE00000", "instance_pool_id": "0101-120000-abcd1234"}'), [], 'too short a policy id; a cluster id under a pool key');
  });
});

describe('policy and pool rows: the workspace client', () => {
  it('lists policies and pools in one call, with no page size or token (the lists are not paged)', async () => {
    const asked: string[] = [];
    const answers: Record<string, unknown> = {
      '/api/2.0/policies/clusters/list': { policies: [{ policy_id: 'AAAA000000000001', name: 'data-science' }, { policy_id: 'AAAA000000000002' }], next_page_token: 'ignored' },
      '/api/2.0/instance-pools/list': { instance_pools: [{ instance_pool_id: '0101-120000-a1-pool-AAAA', instance_pool_name: 'gpu-pool' }] },
    };
    const http: AuthorizedHttp = async ({ path }) => (asked.push(path), { status: 200, headers: {}, body: JSON.stringify(answers[path] ?? {}) });
    const client = new WorkspaceClient('https://w', http, new RequestLimiter({ maxConcurrent: 4, requestsPerSecond: 1000 }));
    assert.deepEqual((await client.list('policy')).map((p) => [p.id, p.name]), [['AAAA000000000001', 'data-science'], ['AAAA000000000002', 'Policy AAAA000000000002']]);
    assert.deepEqual((await client.list('pool')).map((p) => [p.id, p.name]), [['0101-120000-a1-pool-AAAA', 'gpu-pool']]);
    assert.deepEqual(asked, ['/api/2.0/policies/clusters/list', '/api/2.0/instance-pools/list']);
  });
});
