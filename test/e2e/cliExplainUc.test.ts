import * as assert from 'node:assert/strict';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

/** explain on Unity Catalog texts through the CLI, signed in: the securable, the GRANT and the chain analysis for you, exit 0. */
describe('access-lens explain on Unity Catalog errors', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;

  signedInSandbox('demo', (_sandbox, startedEnv) => (env = startedEnv));

  it('names the schema, the privilege and the GRANT to ask for', async () => {
    const text = "pyspark.errors.exceptions.base.AnalysisException: [INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have USE SCHEMA on Schema 'main.features'. SQLSTATE: 42501\n";
    const result = await runCli(['explain', '--json'], env, text);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ code: string; object: { kind: string; id: string }; permission: string; remedies: string[]; analysis?: { kind: string; id: string; action: string; allowed: boolean | null; chain: { securable: string; privilege: string; held: boolean | null }[]; blockers: { code: string }[] } }>();
    assert.equal(doc.code, 'PERMISSION_DENIED');
    assert.deepEqual(doc.object, { kind: 'schema', id: 'main.features' });
    assert.equal(doc.permission, 'USE_SCHEMA');
    assert.ok(doc.remedies.some((r) => r.includes('GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `<you>`;')), doc.remedies.join('\n'));
    assert.ok(!doc.remedies.some((r) => r.includes('CAN_MANAGE')));
    // USE_SCHEMA named on a schema → the schema's `use` action, judged along its chain for alice.
    assert.equal(doc.analysis?.kind, 'schema');
    assert.equal(doc.analysis?.id, 'main.features');
    assert.equal(doc.analysis?.action, 'use');
    assert.equal(doc.analysis?.allowed, false);
    assert.deepEqual(doc.analysis?.chain.map((l) => [l.securable, l.privilege, l.held]), [
      ['catalog:main', 'USE_CATALOG', true],
      ['schema:main.features', 'USE_SCHEMA', false],
    ]);
    assert.deepEqual(doc.analysis?.blockers.map((b) => b.code), ['PRIVILEGE_MISSING']);
  });

  it('prints the object line in text mode', async () => {
    const result = await runCli(['explain'], env, "PERMISSION_DENIED: User does not have READ VOLUME on Volume 'main.raw.landing'.");
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Object: volume main\.raw\.landing \(needs READ_VOLUME\)/);
    assert.match(result.stdout, /metastore admin/);
  });

  it('prints the chain analysis for you in text mode: SELECT named on a table → why table … select', async () => {
    const result = await runCli(['explain'], env, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have SELECT on Table 'main.features.churn'.");
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /For you, right now:\nYou cannot select from table main\.features\.churn: /);
    assert.match(result.stdout, /The chain:\n {2}catalog:main +USE_CATALOG +yes/);
    assert.match(result.stdout, /schema:main\.features +USE_SCHEMA +no/);
  });
});
