import * as assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { runCli, sandboxEnv } from './cliRunner';

const SCIM = '/api/2.0/preview/scim/v2';

/** Issue 12, faults: a throttled or briefly failing workspace does not fail the CLI. */
describe('access-lens through workspace faults', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: 'demo', overrides: { autoApprove: true } });
    env = sandboxEnv(sandbox, { ACCESS_LENS_AUDIT_FILE: '/dev/null' });
    const login = await runCli(['login', '--device-code'], env);
    assert.equal(login.code, 0, login.stderr);
  });
  afterEach(() => sandbox?.control.clearFaults());
  after(async () => {
    if (env) await runCli(['logout'], env);
    await sandbox?.stop();
  });

  /** How many requests the workspace answered with `status` on paths starting with `prefix` since `since`. */
  const answered = (since: number, prefix: string, status: number): number => sandbox.requestLog.slice(since).filter((r) => r.server === 'workspace' && r.path.startsWith(prefix) && r.status === status).length;

  it('whoami waits out one 429 on SCIM Me, on a group and on transitive-parent-groups', async () => {
    const since = sandbox.requestLog.length;
    for (const path of [`${SCIM}/Me`, `${SCIM}/Groups/`, '/api/2.0/identity/principals/']) {
      sandbox.control.injectFault({ target: 'workspace', path, status: 429, errorCode: 'REQUEST_LIMIT_EXCEEDED', retryAfterSec: 1 });
    }
    const result = await runCli(['whoami', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const groups = result.json<{ databricks: { groups: { displayName: string }[] } }>().databricks.groups.map((g) => g.displayName);
    assert.ok(groups.includes('ml-engineers'), `groups: ${groups.join(', ')}`);
    assert.equal(answered(since, `${SCIM}/Me`, 429), 1, 'the 429 on Me was served');
    assert.equal(answered(since, `${SCIM}/Groups/`, 429), 1, 'the 429 on a group was served');
    assert.equal(answered(since, '/api/2.0/identity/principals/', 429), 1, 'the 429 on transitive-parent-groups was served');
  });

  it('ls clusters waits out one 429 on SCIM Me', async () => {
    sandbox.control.injectFault({ target: 'workspace', path: `${SCIM}/Me`, status: 429, errorCode: 'REQUEST_LIMIT_EXCEEDED', retryAfterSec: 1 });
    const result = await runCli(['ls', 'clusters', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json<{ items: unknown[] }>().items.length, 7);
  });
});
