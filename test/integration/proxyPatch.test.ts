// VS Code's proxy patch, for real: in the extension host `https.request` is @vscode/proxy-agent's,
// which resolves the proxy for every request and says where each went by emitting `proxy` on it
// (docs/architecture.md, "100,000 objects"; src/core/net/directRoute.ts). Our HTTPS client asks
// it once, and while its answer for the host is DIRECT, sends the next requests around it: over
// HTTP/2 where the server offers it (the sandbox does; src/core/net/http2Sessions.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import https from 'node:https';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { lastSeq, requestsSince, sandboxInfo } from './sandboxControl';

describe('VS Code\'s proxy patch in the extension host', () => {
  const patched = https.request;
  afterEach(() => {
    (https as { request: typeof https.request }).request = patched;
  });

  it('answers DIRECT for the sandbox, and our client then sends around it, over HTTP/2', async () => {
    const info = sandboxInfo();
    const since = await lastSeq(info.controlApi.workspace);
    const answers: unknown[] = [];
    let calls = 0;
    (https as { request: unknown }).request = (...args: Parameters<typeof https.request>) => {
      calls++;
      const req = (patched as (...a: unknown[]) => ReturnType<typeof https.request>)(...args);
      req.on('proxy', (event: { proxy?: unknown }) => answers.push(event?.proxy));
      return req;
    };
    // As the extension builds it (vscodeNetworkOptions): VS Code's resolution decides first.
    const client = createHttpsClient({ extraCaPem: [fs.readFileSync(info.caPath, 'utf8')], env: {}, resolvedByVsCode: true });
    const statuses: number[] = [];
    statuses.push((await client({ method: 'GET', url: `${info.workspaceHost}/api/2.0/preview/scim/v2/Me` })).status);
    // Then four at once: one on the idle keep-alive connection, the rest over HTTP/2.
    statuses.push(...(await Promise.all(Array.from({ length: 4 }, () => client({ method: 'GET', url: `${info.workspaceHost}/api/2.0/preview/scim/v2/Me` })))).map((r) => r.status));
    (https as { request: typeof https.request }).request = patched;
    assert.deepEqual(statuses, [401, 401, 401, 401, 401], 'no token: the sandbox answered each');
    assert.deepEqual(answers, ['DIRECT'], 'the patch resolved the first request and said DIRECT');
    assert.equal(calls, 1, 'the other four went around it');
    const seen = (await requestsSince(info.controlApi.workspace, since)).filter((r) => r.path.startsWith('/api/2.0/preview/scim/v2/Me'));
    assert.equal(seen.length, 5, 'all five reached the sandbox');
    assert.deepEqual(seen.map((r) => r.httpVersion).sort(), ['1.1', '1.1', '2.0', '2.0', '2.0'], 'the patch\'s request and one on its idle connection over HTTP/1.1, the rest over HTTP/2');
  });
});
