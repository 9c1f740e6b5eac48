import * as assert from 'node:assert/strict';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

interface Verdict {
  allowed: boolean | null;
  required: string;
  granted: string | null;
  grants: { principal: string; path: string[] }[];
  blockers: { code: string }[];
  remedies: string[];
}

/** ls, why and explain on the demo scenario: the verdicts an admin would give. */
describe('access-lens ls, why and explain against the demo sandbox', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;

  signedInSandbox('demo', (_sandbox, startedEnv) => (env = startedEnv));

  it('ls clusters --json gives every cluster with level and a verdict per action', async () => {
    const result = await runCli(['ls', 'clusters', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const items = result.json<{ items: { id: string; name: string; level: string | null; actions: Record<string, { allowed: boolean | null }> }[] }>().items;
    const byName = new Map(items.map((i) => [i.name, i]));
    assert.equal(items.length, 7);
    assert.deepEqual(byName.get('gpu-train')?.actions, { attach: { allowed: true }, restart: { allowed: true }, manage: { allowed: false } });
    assert.equal(byName.get('gpu-train')?.level, 'CAN_RESTART');
    assert.equal(byName.get('bob-dev')?.actions.attach?.allowed, false, 'single-user cluster of bob');
    assert.equal(byName.get('bob-dev')?.level, 'CAN_ATTACH_TO', 'level stays the ACL level');
  });

  it('ls jobs shows an unreadable ACL as unknown, never a guess', async () => {
    const result = await runCli(['ls', 'jobs', '--json'], env);
    const items = result.json<{ items: { name: string; level: string | null; actions: Record<string, { allowed: boolean | null }> }[] }>().items;
    const locked = items.find((i) => i.name === 'etl-prod-ingest');
    assert.deepEqual(locked?.actions, { view: { allowed: null }, run: { allowed: null }, manage: { allowed: null } });
    assert.equal(locked?.level, null);
    assert.equal(items.find((i) => i.name === 'train-recommender')?.level, 'IS_OWNER');
  });

  it('why names the partial SCIM sync behind a denied cluster', async () => {
    const result = await runCli(['why', 'cluster', '0414-080910-a100zz91', 'attach', '--json'], env);
    assert.equal(result.code, 0);
    const v = result.json<Verdict>();
    assert.equal(v.allowed, false);
    assert.deepEqual(v.blockers.map((b) => b.code), ['GROUP_NOT_SYNCED']);
    assert.ok(v.remedies.some((r) => r.startsWith('Access request to send: ')));
  });

  it('why shows the membership path of the grant that allows', async () => {
    const v = (await runCli(['why', 'cluster', '0412-093011-gpu7x4k2', 'restart', '--json'], env)).json<Verdict>();
    assert.equal(v.allowed, true);
    assert.equal(v.granted, 'CAN_RESTART');
    assert.deepEqual(v.grants[0]?.path, ['user:alice@contoso.com', 'group:ml-engineers']);
  });

  it('why on an unknown id is NOT_FOUND with exit 0; a bad action is a usage error (exit 2)', async () => {
    const missing = await runCli(['why', 'cluster', '9999-999999-nothere0', 'attach', '--json'], env);
    assert.equal(missing.code, 0);
    assert.deepEqual(missing.json<Verdict>().blockers.map((b) => b.code), ['NOT_FOUND']);
    const bad = await runCli(['why', 'cluster', '0412-093011-gpu7x4k2', 'fly', '--json'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.json<{ error: { message: string } }>().error.message, /one of attach, restart, manage \(not "fly"\)/);
  });

  it('explain reads an error on stdin and attaches the analysis for the object it names', async () => {
    const text = 'databricks.sdk.errors.platform.PermissionDenied: {"error_code":"PERMISSION_DENIED","message":"User alice@contoso.com does not have Attach permissions on cluster 0413-112233-bob5t6u7."}';
    const result = await runCli(['explain', '--json'], env, text);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ matched: boolean; code: string; object: { kind: string; id: string }; permission: string; analysis: Verdict }>();
    assert.equal(doc.code, 'PERMISSION_DENIED');
    assert.deepEqual(doc.object, { kind: 'cluster', id: '0413-112233-bob5t6u7' });
    assert.equal(doc.permission, 'CAN_ATTACH_TO');
    assert.deepEqual(doc.analysis.blockers.map((b) => b.code), ['SINGLE_USER_CLUSTER']);
  });

  it('explain without a recognisable error says so (matched false, UNKNOWN, exit 0)', async () => {
    const result = await runCli(['explain', '--json'], env, 'Everything is fine.\n');
    assert.equal(result.code, 0);
    assert.deepEqual(result.json<{ matched: boolean; code: string }>(), { ...result.json(), matched: false, code: 'UNKNOWN' });
  });
});
