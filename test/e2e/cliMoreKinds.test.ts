import * as assert from 'node:assert/strict';
import type { Blocker } from '../../src/core/access/types';
import { loadScenario } from '../fakes/scenarioLoad';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

interface LsDoc {
  items: { kind: string; id: string; name: string; level: string | null; actions: Record<string, { allowed: boolean | null }> }[];
}

interface WhyDoc {
  kind: string;
  id: string;
  name: string;
  action: string;
  allowed: boolean | null;
  required: string;
  granted: string | null;
  grants: { principal: string; level: string; path: string[] }[];
  blockers: Blocker[];
}

/**
 * `ls` and `why` for SQL warehouses, serving endpoints, MLflow experiments, workspace registry models and
 * pipelines, signed in as alice (analysts ⊂ data-team ⊂ everyone-data) against the basic sandbox
 * (test/scenarios/basic.json, "sqlAndMl": per kind one object allowed through a group, one with no grant, one unreadable).
 */
describe('access-lens ls/why for warehouses, endpoints, experiments, models and pipelines', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  signedInSandbox(loadScenario('basic'), (_sandbox, startedEnv) => (env = startedEnv));

  const cli = async <T>(...args: string[]): Promise<T> => {
    const result = await runCli([...args, '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    return result.json<T>();
  };

  // [plural, singular, allowed object, denied object, unreadable object, level alice holds on the allowed one, actions allowed there]
  const CASES: [string, string, string, string, string, string, Record<string, boolean>][] = [
    ['warehouses', 'warehouse', 'bi-warehouse', 'finance-warehouse', 'exec-warehouse', 'CAN_USE', { use: true, monitor: false, manage: false }],
    ['endpoints', 'endpoint', 'churn-scoring', 'fraud-scoring', 'llm-gateway', 'CAN_QUERY', { query: true, view: true, manage: false }],
    ['experiments', 'experiment', '/Shared/churn', '/Users/bob@fabrikam.com/fraud', '/Shared/pricing', 'CAN_EDIT', { read: true, edit: true, manage: false }],
    ['models', 'model', 'churn-model', 'fraud-model', 'pricing-model', 'CAN_READ', { read: true, edit: false, manage: false }],
    ['pipelines', 'pipeline', 'daily-features', 'fraud-ingest', 'exec-rollup', 'CAN_RUN', { view: true, run: true, manage: false }],
  ];

  for (const [plural, singular, allowed, denied, unreadable, level, actions] of CASES) {
    it(`ls ${plural}: allowed through a group, denied without a grant, unknown where the ACL is unreadable`, async () => {
      const doc = await cli<LsDoc>('ls', plural);
      const byName = new Map(doc.items.map((i) => [i.name, i]));
      assert.deepEqual([...byName.keys()].sort(), [allowed, denied, unreadable].sort());
      assert.ok(doc.items.every((i) => i.kind === singular), JSON.stringify(doc.items));
      const mark = (name: string) => Object.fromEntries(Object.entries(byName.get(name)!.actions).map(([a, v]) => [a, v.allowed]));
      assert.equal(byName.get(allowed)!.level, level);
      assert.deepEqual(mark(allowed), actions);
      assert.equal(byName.get(denied)!.level, null);
      assert.deepEqual(mark(denied), Object.fromEntries(Object.keys(actions).map((a) => [a, false])));
      assert.equal(byName.get(unreadable)!.level, null);
      assert.deepEqual(mark(unreadable), Object.fromEntries(Object.keys(actions).map((a) => [a, null])));
    });
  }

  const idOf = async (plural: string, name: string): Promise<string> => (await cli<LsDoc>('ls', plural)).items.find((i) => i.name === name)!.id;

  it('why warehouse … monitor: LEVEL_TOO_LOW, CAN_USE through data-team is below CAN_MONITOR', async () => {
    const doc = await cli<WhyDoc>('why', 'warehouse', await idOf('warehouses', 'bi-warehouse'), 'monitor');
    assert.equal(doc.allowed, false);
    assert.equal(doc.required, 'CAN_MONITOR');
    assert.equal(doc.granted, 'CAN_USE');
    assert.deepEqual(doc.grants.map((g) => [g.principal, g.level]), [['group:data-team', 'CAN_USE']]);
    assert.deepEqual(doc.blockers.map((b) => b.code), ['LEVEL_TOO_LOW']);
  });

  it('why endpoint <its id, not its name> query: NO_GRANT for an endpoint whose ACL names only its owner and admins', async () => {
    const id = await idOf('endpoints', 'fraud-scoring');
    assert.equal(id, 'e9a1c0de00000000000000000000e002');
    const doc = await cli<WhyDoc>('why', 'endpoint', id, 'query');
    assert.equal(doc.allowed, false);
    assert.equal(doc.required, 'CAN_QUERY');
    assert.equal(doc.granted, null);
    assert.deepEqual(doc.blockers.map((b) => b.code), ['NO_GRANT']);
  });

  it('why experiment … edit: ACL_UNREADABLE, allowed unknown (null), never a silent denial', async () => {
    const doc = await cli<WhyDoc>('why', 'experiment', await idOf('experiments', '/Shared/pricing'), 'edit');
    assert.equal(doc.allowed, null);
    assert.equal(doc.required, 'CAN_EDIT');
    assert.deepEqual(doc.blockers.map((b) => b.code), ['ACL_UNREADABLE']);
  });

  it('why model <name> edit: the registry model is named by its name; CAN_READ through everyone-data is too low', async () => {
    const doc = await cli<WhyDoc>('why', 'model', 'churn-model', 'edit');
    assert.equal(doc.name, 'churn-model');
    assert.equal(doc.allowed, false);
    assert.equal(doc.required, 'CAN_EDIT');
    assert.equal(doc.granted, 'CAN_READ');
    assert.deepEqual(doc.grants[0]?.path, ['user:alice@fabrikam.com', 'group:analysts', 'group:data-team', 'group:everyone-data']);
    assert.deepEqual(doc.blockers.map((b) => b.code), ['LEVEL_TOO_LOW']);
  });

  it('why pipeline … run: NO_GRANT where no grant reaches her, allowed through data-team where it may', async () => {
    const denied = await cli<WhyDoc>('why', 'pipeline', await idOf('pipelines', 'fraud-ingest'), 'run');
    assert.equal(denied.allowed, false);
    assert.equal(denied.required, 'CAN_RUN');
    assert.deepEqual(denied.blockers.map((b) => b.code), ['NO_GRANT']);
    const allowed = await cli<WhyDoc>('why', 'pipeline', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e101', 'run');
    assert.equal(allowed.allowed, true);
    assert.equal(allowed.granted, 'CAN_RUN');
    assert.deepEqual(allowed.blockers, []);
  });
});

describe('access-lens explain for a serving endpoint a text names by name', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  signedInSandbox(loadScenario('basic'), (_sandbox, startedEnv) => (env = startedEnv));

  it('analyses the endpoint the text names by name (permissions are under its id): NO_GRANT for CAN_QUERY', async () => {
    const result = await runCli(['explain', '--json'], env, '{"error_code":"PERMISSION_DENIED","message":"User does not have CAN_QUERY permission on serving-endpoints/fraud-scoring."}');
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ code: string; object: { kind: string; id: string } | null; permission: string | null; analysis?: WhyDoc }>();
    assert.equal(doc.code, 'PERMISSION_DENIED');
    assert.deepEqual(doc.object, { kind: 'endpoint', id: 'fraud-scoring' });
    assert.equal(doc.permission, 'CAN_QUERY');
    assert.equal(doc.analysis?.action, 'query');
    assert.equal(doc.analysis?.id, 'e9a1c0de00000000000000000000e002');
    assert.deepEqual(doc.analysis?.blockers.map((b) => b.code), ['NO_GRANT']);
  });
});
