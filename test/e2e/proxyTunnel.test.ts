// A real CONNECT proxy on 127.0.0.1 in front of a real HTTPS server: 407 answers,
// Basic credentials from the proxy URL or http.proxyAuthorization, and
// http.proxyStrictSSL. The workspace name ends in .invalid and the proxy maps it to
// loopback, so nothing here can leave the machine even if a request went direct.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createSandboxCertificates } from '../fakes/ca';
import { NetworkError, createHttpsClient } from '../../src/core/net/httpsClient';

const WORKSPACE = 'workspace.corp.invalid';

interface TestProxy {
  readonly url: string;
  readonly connects: string[];
  close(): Promise<void>;
}

/** Answers CONNECT: 407 unless `accept` says yes to the Proxy-Authorization header; then tunnels to `targetPort` on 127.0.0.1. */
function startProxy(targetPort: number, accept: (authorization: string | undefined) => boolean, challenge = 'Basic realm="corp"'): Promise<TestProxy> {
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    sockets.add(client);
    connects.push(req.url ?? '');
    if (!req.url?.startsWith(`${WORKSPACE}:`) || !accept(req.headers['proxy-authorization'])) {
      client.end(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: ${challenge}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        connects,
        close: () => new Promise((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    }),
  );
}

describe('HTTPS through a corporate proxy (real CONNECT tunnel on loopback)', function () {
  this.timeout(30_000);
  let dir: string;
  let caPem: string;
  /** Offers HTTP/2 as a workspace may: a request through the tunnel must still speak HTTP/1.1. */
  let target: http2.Http2SecureServer;
  let targetPort: number;
  const versions: string[] = [];
  const proxies: TestProxy[] = [];
  const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const url = `https://${WORKSPACE}/api/2.0/preview/scim/v2/Me`;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'al-proxy-'));
    const certs = createSandboxCertificates(dir, [], [WORKSPACE]);
    caPem = certs.caPem;
    target = http2.createSecureServer({ cert: certs.serverCertPem, key: certs.serverKeyPem, allowHTTP1: true }, (req, res) => {
      versions.push(req.httpVersion);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"userName":"alice"}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetPort = (target.address() as net.AddressInfo).port;
  });
  after(async () => {
    for (const p of proxies) await p.close();
    await new Promise((resolve) => target.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function proxy(accept: (authorization: string | undefined) => boolean, challenge?: string): Promise<TestProxy> {
    const p = await startProxy(targetPort, accept, challenge);
    proxies.push(p);
    return p;
  }

  async function failure(promise: Promise<unknown>): Promise<NetworkError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof NetworkError, `a NetworkError, got ${String(error)}`);
    return error;
  }

  it('a 407 without credentials names the proxy and where credentials go, with its own code', async () => {
    const p = await proxy(() => false);
    const http = createHttpsClient({ extraCaPem: [caPem], env: {}, proxyUrl: p.url });
    const error = await failure(http({ method: 'GET', url }));
    assert.equal(error.code, 'PROXY_AUTH_REQUIRED');
    assert.match(error.message, new RegExp(`The proxy ${p.url.replace('http://', '')} needs proxy credentials to open a tunnel to ${WORKSPACE} \\(HTTP 407 Proxy Authentication Required\\)`));
    assert.match(error.message, /http:\/\/USER:PASSWORD@127\.0\.0\.1:\d+, .*in http\.proxy or HTTPS_PROXY, or set http\.proxyAuthorization/);
    assert.deepEqual(p.connects, [`${WORKSPACE}:443`]);
  });

  it('with wrong credentials says they were refused, and never repeats the password', async () => {
    const p = await proxy((a) => a === basic('alice', 's3cret/pw'));
    const wrong = `http://alice:Wr0ng-Secret@${p.url.replace('http://', '')}`;
    const error = await failure(createHttpsClient({ extraCaPem: [caPem], env: {}, proxyUrl: wrong })({ method: 'GET', url }));
    assert.equal(error.code, 'PROXY_AUTH_REQUIRED');
    assert.match(error.message, /refused the proxy credentials given/);
    assert.doesNotMatch(error.message, /Wr0ng-Secret|alice/);
  });

  it('goes through with the right credentials from the proxy URL (percent-encoded) or from http.proxyAuthorization', async () => {
    const p = await proxy((a) => a === basic('alice', 's3cret/pw'));
    const viaUrl = createHttpsClient({ extraCaPem: [caPem], env: { HTTPS_PROXY: `http://alice:s3cret%2Fpw@${p.url.replace('http://', '')}` } });
    const first = await viaUrl({ method: 'GET', url });
    assert.equal(first.status, 200);
    assert.equal(JSON.parse(first.body).userName, 'alice');
    const viaSetting = createHttpsClient({ extraCaPem: [caPem], env: {}, proxyUrl: p.url, proxyAuthorization: basic('alice', 's3cret/pw') });
    assert.equal((await viaSetting({ method: 'GET', url })).status, 200);
    assert.equal(p.connects.length, 2);
    assert.deepEqual(versions.slice(-2), ['1.1', '1.1'], 'HTTP/1.1 inside the tunnel, though the server offers HTTP/2');
  });

  it('a proxy that wants Negotiate only: says Access Lens cannot answer it and what to ask for', async () => {
    const p = await proxy(() => false, 'Negotiate');
    const error = await failure(createHttpsClient({ extraCaPem: [caPem], env: {}, proxyUrl: p.url })({ method: 'GET', url }));
    assert.match(error.message, new RegExp(`It asks for Negotiate, which Access Lens cannot answer .*ask for ${WORKSPACE} to be reachable without proxy authentication`));
  });

  it('http.proxyStrictSSL false accepts a server certificate no CA vouches for, only through the proxy', async () => {
    const p = await proxy(() => true);
    const strict = createHttpsClient({ env: {}, proxyUrl: p.url });
    const error = await failure(strict({ method: 'GET', url }));
    assert.match(error.message, /TLS certificate is not trusted: .*OS trust store/);
    const loose = createHttpsClient({ env: {}, proxyUrl: p.url, proxyStrictSSL: false });
    assert.equal((await loose({ method: 'GET', url })).status, 200);
    // Direct requests are always checked: the same server on loopback (not proxied) still fails.
    const direct = await failure(loose({ method: 'GET', url: `https://127.0.0.1:${targetPort}/` }));
    assert.match(direct.message, /TLS certificate is not trusted/);
  });
});
