// What VS Code's extension host sees of our requests: it replaces https.request with its proxy
// patch, whose agent (agent-base) tells https from http by `options.protocol`, and failing that by
// capturing and scanning a stack trace for every request (docs/architecture.md, "100,000
// objects"). Here a stand-in for that patch records the options of real requests to a real HTTPS
// server on loopback.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createSandboxCertificates } from '../fakes/ca';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { DirectRoutes } from '../../src/core/net/directRoute';
import { WarmingAgent } from '../../src/core/net/warmSockets';
import * as tls from 'node:tls';
import { getEventListeners } from 'node:events';

describe('HTTPS requests and the extension host\'s proxy patch', function () {
  this.timeout(30_000);
  let dir: string;
  let caPem: string;
  let server: https.Server;
  let port: number;
  const original = https.request;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'al-host-options-'));
    const certs = createSandboxCertificates(dir, [], ['localhost']);
    caPem = certs.caPem;
    // /slow never answers: for aborts and timeouts.
    server = https.createServer({ cert: certs.serverCertPem, key: certs.serverKeyPem }, (req, res) => void (req.url?.startsWith('/slow') || res.writeHead(200).end('{}')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterEach(() => {
    (https as { request: typeof https.request }).request = original;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reuses one TLS connection for requests in a row although the patch hands each request an agent without keepAlive', async () => {
    // As the proxy patch's agent-base agent: keepAlive off, and the socket comes from our agent.
    class ThrowawayAgent extends https.Agent {
      constructor(private readonly original: https.Agent) {
        super();
      }
      addRequest(request: unknown, options: unknown): void {
        (this.original as unknown as { addRequest(r: unknown, o: unknown): void }).addRequest(request, options);
      }
    }
    (https as { request: unknown }).request = (options: https.RequestOptions, callback: never) => original({ ...options, agent: new ThrowawayAgent(options.agent as https.Agent) }, callback);
    let connections = 0;
    const count = (): void => void connections++;
    server.on('secureConnection', count);
    try {
      const http = createHttpsClient({ extraCaPem: [caPem], env: {} });
      for (let i = 0; i < 3; i++) assert.equal((await http({ method: 'GET', url: `https://localhost:${port}/api/2.0/clusters/list` })).status, 200);
      assert.equal(connections, 1, 'three requests, one TLS handshake');
    } finally {
      server.off('secureConnection', count);
    }
  });

  it('names protocol https: and passes the one keep-alive agent, request after request', async () => {
    const seen: https.RequestOptions[] = [];
    (https as { request: unknown }).request = (options: https.RequestOptions, callback: never) => {
      seen.push(options);
      return original(options, callback);
    };
    const http = createHttpsClient({ extraCaPem: [caPem], env: {} });
    for (let i = 0; i < 2; i++) assert.equal((await http({ method: 'GET', url: `https://localhost:${port}/api/2.0/clusters/list` })).status, 200);
    assert.equal(seen.length, 2);
    assert.deepEqual(seen.map((o) => o.protocol), ['https:', 'https:']);
    assert.ok(seen[0]?.agent instanceof https.Agent && seen[0].agent === seen[1]?.agent);
  });

  /** A stand-in for the patch that answers each request's proxy resolution as @vscode/proxy-agent does (agent.js: `req.emit('proxy', …)`), and counts. */
  function patchAnswering(answer: string, error?: Error): { calls: number } {
    const counter = { calls: 0 };
    (https as { request: unknown }).request = (options: https.RequestOptions, callback: never) => {
      counter.calls++;
      const req = original(options, callback);
      process.nextTick(() => req.emit('proxy', error ? { proxy: answer, error } : { proxy: answer, socket: options.agent }));
      return req;
    };
    return counter;
  }

  it('goes around the patch while its resolver\'s last answer for the host was DIRECT, on our keep-alive agent', async () => {
    const patch = patchAnswering('DIRECT');
    let connections = 0;
    let served = 0;
    const count = (): void => void connections++;
    const serve = (): void => void served++;
    server.on('secureConnection', count).on('request', serve);
    try {
      const http = createHttpsClient({ extraCaPem: [caPem], env: {} });
      for (let i = 0; i < 5; i++) assert.equal((await http({ method: 'GET', url: `https://localhost:${port}/api/2.0/clusters/list?page=${i}` })).status, 200);
      assert.equal(served, 5, 'every request reached the server');
      assert.equal(patch.calls, 1, 'only the first went through the patch');
      assert.equal(connections, 1, 'and the rest reused its connection');
    } finally {
      server.off('secureConnection', count).off('request', serve);
    }
  });

  it('keeps every request on the patch when its resolver names a proxy, or says DIRECT with an error', async () => {
    for (const answer of ['PROXY proxy.contoso.com:3128', 'HTTPS proxy.contoso.com:443; DIRECT']) {
      const patch = patchAnswering(answer);
      const http = createHttpsClient({ extraCaPem: [caPem], env: {} });
      for (let i = 0; i < 3; i++) assert.equal((await http({ method: 'GET', url: `https://localhost:${port}/api/2.0/clusters/list` })).status, 200);
      assert.equal(patch.calls, 3, answer);
    }
    const failed = patchAnswering('DIRECT', new Error('connect ECONNREFUSED'));
    const http = createHttpsClient({ extraCaPem: [caPem], env: {} });
    for (let i = 0; i < 2; i++) await http({ method: 'GET', url: `https://localhost:${port}/api/2.0/clusters/list` });
    assert.equal(failed.calls, 2);
  });

  it('asks the patch again once the DIRECT answer is older than its hold, and for another host', async () => {
    const patch = patchAnswering('DIRECT');
    let now = 0;
    const routes = new DirectRoutes(1_000, () => now);
    const send = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const { req } = routes.request(`${host}:${port}`, { hostname: host, port, path: '/', ca: caPem, agent: false }, (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)));
        req.on('error', reject).end();
      });
    assert.equal(await send('localhost'), 200);
    assert.equal(await send('localhost'), 200);
    assert.equal(patch.calls, 1);
    assert.equal(await send('127.0.0.1'), 200, 'another host: through the patch');
    assert.equal(patch.calls, 2);
    now = 999;
    assert.equal(await send('localhost'), 200);
    assert.equal(patch.calls, 2, 'still within the hold');
    now = 1_000;
    assert.equal(await send('localhost'), 200);
    assert.equal(patch.calls, 3, 'the hold is over: the patch decides again');
    // Past the hold again, five at once: one asks the patch, the others keep to the old answer meanwhile.
    now = 5_000;
    assert.deepEqual(await Promise.all(Array.from({ length: 5 }, () => send('localhost'))), [200, 200, 200, 200, 200]);
    assert.equal(patch.calls, 4, 'one of the five asked again');
    assert.ok(routes.holds('localhost:' + port), 'and its DIRECT answer holds anew');
  });

  it('sends the next request through the patch after one around it failed', async () => {
    const patch = patchAnswering('DIRECT');
    // A server of its own, so it can go away between requests.
    const certs = createSandboxCertificates(dir, [], ['localhost']);
    const other = https.createServer({ cert: certs.serverCertPem, key: certs.serverKeyPem }, (_req, res) => res.writeHead(200).end('{}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `https://localhost:${(other.address() as net.AddressInfo).port}/api/2.0/clusters/list`;
    const clientForOther = createHttpsClient({ extraCaPem: [certs.caPem], env: {} });
    assert.equal((await clientForOther({ method: 'GET', url })).status, 200);
    assert.equal(patch.calls, 1);
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
    await assert.rejects(clientForOther({ method: 'GET', url }), /Could not reach localhost/);
    assert.equal(patch.calls, 1, 'the failed request went around the patch');
    await assert.rejects(clientForOther({ method: 'GET', url }), /Could not reach localhost/);
    assert.equal(patch.calls, 2, 'the next asked the patch again');
  });

  it('fails a request its caller aborts with an AbortError, before it is sent or while it waits, and leaves no listener on the signal', async () => {
    const http = createHttpsClient({ extraCaPem: [caPem], env: {} });
    const before = new AbortController();
    before.abort();
    await assert.rejects(http({ method: 'GET', url: `https://localhost:${port}/api/2.0/clusters/list`, signal: before.signal }), { name: 'AbortError' });
    const during = new AbortController();
    setTimeout(() => during.abort(), 100);
    await assert.rejects(http({ method: 'GET', url: `https://localhost:${port}/slow`, signal: during.signal }), { name: 'AbortError' });
    await assert.rejects(http({ method: 'GET', url: `https://localhost:${port}/slow`, timeoutMs: 200 }), /did not answer within 0\.2 s/);
    const kept = new AbortController();
    for (let i = 0; i < 20; i++) assert.equal((await http({ method: 'GET', url: `https://localhost:${port}/api/2.0/clusters/list`, signal: kept.signal })).status, 200);
    assert.equal(getEventListeners(kept.signal, 'abort').length, 0, 'each request took its listener off when done');
  });

  it('pools connections by host and port as Node does, with a short key, and keeps Node\'s key for a request with TLS options of its own', () => {
    const agent = new WarmingAgent({ keepAlive: true }, tls.createSecureContext());
    const plain = new https.Agent();
    assert.equal(agent.getName({ host: 'adb-1.azuredatabricks.net', port: 443 }), 'adb-1.azuredatabricks.net:443::');
    assert.notEqual(agent.getName({ host: 'adb-1.azuredatabricks.net', port: 443 }), agent.getName({ host: 'adb-1.azuredatabricks.net', port: 8443 }));
    assert.notEqual(agent.getName({ host: '10.0.0.1', port: 443, servername: 'a.example' }), agent.getName({ host: '10.0.0.1', port: 443, servername: 'b.example' }));
    assert.ok(agent.getName({ host: 'h', port: 1 }).startsWith('h:1:'), 'the prefix warming counts by');
    for (const options of [{ host: 'h', port: 1, rejectUnauthorized: false }, { host: 'h', port: 1, ca: 'PEM' }]) assert.equal(agent.getName(options), plain.getName(options));
  });
});
