import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { WorkspaceApiError } from '../../src/core/workspace/apiError';
import { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { RequestLimiter } from '../../src/core/workspace/limiter';
import { WorkspaceClient } from '../../src/core/workspace/workspaceClient';
import { startSandbox, type Sandbox } from '../fakes/sandbox';

/** The workspace client against the sandbox over real HTTPS: every page, throttling and the failure shapes. */
describe('workspace client against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let call: AuthorizedHttp;

  const client = (options: { timeoutMs?: number; rps?: number } = {}) => {
    const throttles: number[] = [];
    const limiter = new RequestLimiter({ maxConcurrent: 8, requestsPerSecond: options.rps ?? 500, onThrottle: (status) => throttles.push(status) });
    const timed: AuthorizedHttp = (request) => call({ ...request, timeoutMs: options.timeoutMs ?? request.timeoutMs });
    return { workspace: new WorkspaceClient(sandbox.workspaceHost, timed, limiter), throttles };
  };

  before(async () => {
    sandbox = await startSandbox({ scenario: 'basic' });
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.caPath, 'utf8')], env: {} });
    const token = sandbox.control.mintDatabricksToken({ userName: 'alice@fabrikam.com' });
    call = (request) => http({ method: request.method, url: `${sandbox.workspaceHost}${request.path}`, headers: { authorization: `Bearer ${token}` }, timeoutMs: request.timeoutMs });
  });
  after(() => sandbox?.stop());
  afterEach(() => {
    sandbox.control.clearFaults();
    sandbox.control.setKnobs({ latencyMs: 0, rateLimit: null });
  });

  it('waits out a 429 with Retry-After and a 503, then answers', async () => {
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.0/permissions/clusters/', status: 429, style: 'json', errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'Too many requests', retryAfterSec: 1 });
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.0/permissions/clusters/', status: 503, style: 'html', message: 'Service Unavailable' });
    const { workspace, throttles } = client();
    const started = Date.now();
    const acl = await workspace.permissions('cluster', '0101-000000-aaaa0001');
    assert.equal(acl.state, 'readable');
    assert.deepEqual(throttles, [429, 503]);
    assert.ok(Date.now() - started >= 1000, 'Retry-After: 1 was honoured');
  });

  it('turns an HTML error page into a readable error with its code', async () => {
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.1/clusters/list', status: 403, style: 'html', message: 'User not authorized.' });
    const { workspace } = client();
    await assert.rejects(workspace.listClusters(), (e: unknown) => e instanceof WorkspaceApiError && e.code === 'PERMISSION_DENIED' && /User not authorized/.test(e.message) && !/<html/i.test(e.message));
  });

  it('says so when a 200 answer is not JSON (a proxy in the way)', async () => {
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.2/jobs/list', status: 200, style: 'html', message: 'Sign in to the corporate proxy' });
    const { workspace } = client();
    await assert.rejects(workspace.listJobs(), (e: unknown) => e instanceof WorkspaceApiError && /not JSON\. A proxy or gateway may be in the way/.test(e.message));
  });

  it('times out a request that does not answer in time, with a message that says what to do', async () => {
    sandbox.control.setKnobs({ latencyMs: 2000 });
    const { workspace } = client({ timeoutMs: 300 });
    await assert.rejects(workspace.listClusters(), /did not answer within 0\.3 s\. Check the network or proxy and retry/);
  });

  it('keeps under a server-side limit of 5 permission reads per second, and every read succeeds', async () => {
    sandbox.control.setKnobs({ rateLimit: { requestsPerSecond: 5, retryAfterSec: 1 } });
    // 3 per 1.1 s sliding window against the server's 5 per second: room for network jitter.
    const { workspace, throttles } = client({ rps: 3 });
    const ids = ['0101-000000-aaaa0001', '0101-000000-aaaa0002'];
    const results = await Promise.all([...ids, ...ids, ...ids, ...ids].map((id) => workspace.permissions('cluster', id)));
    assert.deepEqual(results.map((r) => r.state), Array(8).fill('readable'));
    assert.ok(throttles.length <= 1, `429s: ${throttles.length}`);
  });
});
