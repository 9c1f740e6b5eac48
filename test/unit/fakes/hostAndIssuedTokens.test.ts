// The sandbox on another loopback address (what the demo and the UI tests use,
// so that code-server leaves its links alone), and its list of every token it
// handed out (what the plaintext scans look for).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { startSandbox } from '../../fakes/sandbox';
import { signIn } from './helpers/entraFlows';
import { useSandbox } from './helpers/sandboxFixture';

const EXCHANGE = { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', scope: 'all-apis' };

describe('fakes: the sandbox on 127.0.0.2, and the tokens it issued', function () {
  this.timeout(15_000);
  // Linux routes all of 127.0.0.0/8 to the loopback interface; elsewhere only 127.0.0.1 may exist.
  const host = process.platform === 'linux' ? '127.0.0.2' : '127.0.0.1';
  const fx = useSandbox({ scenario: 'basic', host, overrides: { autoApprove: true } });

  it('serves Entra and the workspace on that address, with a certificate that names it (TLS verified against the sandbox CA)', async () => {
    const s = fx.sandbox;
    assert.equal(new URL(s.authority).hostname, host);
    assert.equal(new URL(s.workspaceHost).hostname, host);
    assert.equal(s.entraKnownAuthority, `${host}:${new URL(s.authority).port}`);
    const config = await fx.entra(`/${s.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.equal(config.status, 200);
    assert.ok(config.json<{ token_endpoint: string }>().token_endpoint.startsWith(`https://${host}:`));
  });

  it('lists every access, id, refresh and Databricks token it handed out, through the control API too', async () => {
    const s = fx.sandbox;
    const before = s.control.issuedTokens().length;
    const entra = await signIn(fx, `openid profile offline_access ${s.scopes.federation}`);
    const exchanged = await fx.ws('/oidc/v1/token', { body: { ...EXCHANGE, subject_token: entra.access_token! } });
    assert.equal(exchanged.status, 200, exchanged.text);
    const databricks = exchanged.json<{ access_token: string }>().access_token;
    const issued = s.control.issuedTokens().slice(before);
    assert.deepEqual(issued.map((t) => t.kind).sort(), ['databricks', 'entra-access', 'entra-id', 'entra-refresh']);
    const byKind = new Map(issued.map((t) => [t.kind, t.token]));
    assert.equal(byKind.get('entra-access'), entra.access_token);
    assert.equal(byKind.get('entra-id'), entra.id_token);
    assert.equal(byKind.get('entra-refresh'), entra.refresh_token);
    assert.equal(byKind.get('databricks'), databricks);
    assert.ok(issued.every((t) => t.userName === s.info().signedInUser));

    const seq = issued[0]!.seq - 1;
    const listed = (await fx.entra(`/__sandbox/issued-tokens?since=${seq}`)).json<{ tokens: { token: string }[] }>();
    assert.deepEqual(listed.tokens.map((t) => t.token), issued.map((t) => t.token));
  });

  it('refuses an address that is not loopback, naming it', async () => {
    await assert.rejects(startSandbox({ scenario: 'basic', host: '10.0.0.1' }), /"10\.0\.0\.1" is not an IPv4 loopback address/);
    const cli = spawnSync(process.execPath, [path.resolve(__dirname, '../../fakes/cli.js'), '--scenario', 'basic', '--host', '0.0.0.0'], { encoding: 'utf8' });
    assert.equal(cli.status, 2);
    assert.match(cli.stderr, /--host must be an IPv4 loopback address such as 127\.0\.0\.2, got "0\.0\.0\.0"/);
  });
});
