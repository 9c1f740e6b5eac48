import * as assert from 'node:assert/strict';
import type { Sandbox } from '../fakes/sandbox';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

const SCIM = '/api/2.0/preview/scim/v2';

/** Issue 12, faults: a throttled or briefly failing workspace does not fail the CLI. */
describe('access-lens through workspace faults', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;

  signedInSandbox('demo', (started, startedEnv) => ([sandbox, env] = [started, startedEnv]));
  afterEach(() => sandbox?.control.clearFaults());

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

  it('ls clusters rides out a dropped connection on the cluster list, a 502 on SCIM Me and a 504 on a permission read', async () => {
    const since = sandbox.requestLog.length;
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.1/clusters/list', status: 502, style: 'drop' });
    sandbox.control.injectFault({ target: 'workspace', path: `${SCIM}/Me`, status: 502, style: 'html', message: 'Bad Gateway' });
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.0/permissions/clusters/', status: 504, style: 'html', message: 'Gateway Timeout' });
    const result = await runCli(['ls', 'clusters', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json<{ items: unknown[] }>().items.length, 7);
    assert.deepEqual(sandbox.control.listFaults(), [], 'every fault fired');
    assert.equal(answered(since, `${SCIM}/Me`, 502), 1);
    assert.equal(answered(since, '/api/2.0/permissions/clusters/', 504), 1);
  });

  it('gives up after 3 tries on a connection that keeps dropping: exit 4, a message that says what to do', async () => {
    const since = sandbox.requestLog.length;
    sandbox.control.injectFault({ target: 'workspace', path: `${SCIM}/Me`, status: 502, style: 'drop', times: 'always' });
    const started = Date.now();
    const result = await runCli(['whoami', '--json'], env);
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.json<{ error: { message: string } }>().error.message, /ECONNRESET.*Check the network or proxy and retry/);
    assert.equal(sandbox.requestLog.slice(since).filter((r) => r.path === `${SCIM}/Me`).length, 3);
    assert.ok(Date.now() - started < 10_000, 'bounded');
  });
});
