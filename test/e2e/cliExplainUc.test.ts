import * as assert from 'node:assert/strict';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

/** explain on Unity Catalog texts through the CLI, signed in: the securable and the GRANT, exit 0, no analysis yet. */
describe('access-lens explain on Unity Catalog errors', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;

  signedInSandbox('demo', (_sandbox, startedEnv) => (env = startedEnv));

  it('names the schema, the privilege and the GRANT to ask for', async () => {
    const text = "pyspark.errors.exceptions.base.AnalysisException: [INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have USE SCHEMA on Schema 'main.features'. SQLSTATE: 42501\n";
    const result = await runCli(['explain', '--json'], env, text);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ code: string; object: { kind: string; id: string }; permission: string; remedies: string[]; analysis?: unknown }>();
    assert.equal(doc.code, 'PERMISSION_DENIED');
    assert.deepEqual(doc.object, { kind: 'schema', id: 'main.features' });
    assert.equal(doc.permission, 'USE_SCHEMA');
    assert.ok(doc.remedies.some((r) => r.includes('GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `<you>`;')), doc.remedies.join('\n'));
    assert.ok(!doc.remedies.some((r) => r.includes('CAN_MANAGE')));
    assert.equal(doc.analysis, undefined, 'the Unity Catalog analysis is not wired yet');
  });

  it('prints the object line in text mode', async () => {
    const result = await runCli(['explain'], env, "PERMISSION_DENIED: User does not have READ VOLUME on Volume 'main.raw.landing'.");
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Object: volume main\.raw\.landing \(needs READ_VOLUME\)/);
    assert.match(result.stdout, /metastore admin/);
  });
});
