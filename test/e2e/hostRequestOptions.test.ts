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

describe('HTTPS request options as the extension host\'s proxy patch sees them', function () {
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
    server = https.createServer({ cert: certs.serverCertPem, key: certs.serverKeyPem }, (_req, res) => res.writeHead(200).end('{}'));
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
});
