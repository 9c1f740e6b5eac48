import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolveConfig } from '../../src/core/config';
import { AccessLensError, CancelledError } from '../../src/core/errors';
import { resetEntraClients } from '../../src/core/identity/entraClient';
import { IdentityError } from '../../src/core/identity/identityError';
import { SignInUi } from '../../src/core/identity/signInSession';
import { KeytarStore } from '../../src/core/keychain/keytarStore';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { Core, createCore } from '../../src/core/services';
import { completeSignInInBrowser } from '../fakes/browser';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { silentLogger } from '../unit/helpers/memoryStore';
import { filesContaining } from './plaintextScan';
import { assertPendingSignInHoldsUpNoRefresh } from './signInIndependence';

/** The identity core against the sandbox: real HTTPS, real keychain, real MSAL. */
describe('identity core against the sandbox (real HTTPS, real keychain)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  const service = `access-lens-core-test-${process.pid}`;

  function core(settings: Record<string, unknown> = {}): Core {
    resetEntraClients();
    const { config, problems } = resolveConfig(
      [{ source: 'user', values: { authority: sandbox.authority, tenant: sandbox.tenantId, clientId: sandbox.clientId, workspaces: [{ host: sandbox.workspaceHost }], ...settings } }],
      { workspaceTrusted: true },
    );
    assert.deepEqual(problems, []);
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.caPath, 'utf8')], env: {} });
    return createCore({ config, store: new KeytarStore(undefined, 4000, service), http, logger: silentLogger });
  }

  const ui = (overrides: Partial<SignInUi> = {}): SignInUi & { offers: number } => {
    const result = {
      offers: 0,
      openBrowser: (url: string) => completeSignInInBrowser(url, { caPath: sandbox.caPath }).then(() => true),
      showDeviceCode: () => undefined,
      offerOtherFlow: async () => {
        result.offers++;
        return false;
      },
      ...overrides,
    };
    return result;
  };

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true } });
  });
  after(async () => {
    if (sandbox) await core().session.signOutEverywhere();
    await sandbox?.stop();
  });

  it('signs in with the browser (PKCE on a one-use loopback, state checked) and the loopback is closed afterwards', async () => {
    const c = core();
    let redirect = '';
    const started = Date.now();
    const token = await c.session.signIn('browser', c.signInScopes, ui({
      openBrowser: async (url) => {
        const parsed = new URL(url);
        assert.equal(parsed.searchParams.get('code_challenge_method'), 'S256');
        redirect = parsed.searchParams.get('redirect_uri') ?? '';
        await completeSignInInBrowser(url, { caPath: sandbox.caPath });
        return true;
      },
    }));
    assert.equal(token.account.username, 'alice@fabrikam.com');
    assert.match(redirect, /^http:\/\/localhost:\d+\/$/);
    await assert.rejects(fetch(redirect), 'the loopback listener is gone after one answer');
    console.log(`      browser sign-in took ${Date.now() - started} ms`);
  });

  it('signs in with the device code, and an abort cancels the polling', async () => {
    const c = core();
    const started = Date.now();
    const token = await c.session.signIn('deviceCode', c.signInScopes, ui());
    assert.equal(token.account.username, 'alice@fabrikam.com');
    console.log(`      device code sign-in took ${Date.now() - started} ms`);
    sandbox.control.setKnobs({ autoApprove: false });
    try {
      const abort = new AbortController();
      const pending = c.session.signIn('deviceCode', c.signInScopes, ui({ signal: abort.signal, showDeviceCode: () => setTimeout(() => abort.abort(), 100) }));
      await assert.rejects(pending, (e: unknown) => e instanceof CancelledError);
    } finally {
      sandbox.control.setKnobs({ autoApprove: true });
    }
  });

  it('a device-code sign-in waiting on the user does not hold up silent refreshes of the signed-in account (issue 12)', async () => {
    await assertPendingSignInHoldsUpNoRefresh({ core: core(), ui, workspaceHost: sandbox.workspaceHost, setAutoApprove: (on) => sandbox.control.setKnobs({ autoApprove: on }) });
  });

  it('uses the Entra token itself as the bearer in entra mode, and exchanges it in federation mode', async () => {
    for (const mode of ['entra', 'federation'] as const) {
      const c = core({ tokenMode: mode });
      const { account } = await c.session.signIn('deviceCode', c.signInScopes, ui());
      const before = sandbox.requestLog.filter((r) => r.path === '/oidc/v1/token').length;
      const token = await c.broker.getDatabricksToken(sandbox.workspaceHost, account.homeAccountId, { forceRefresh: true });
      assert.equal(token.mode, mode);
      const exchanges = sandbox.requestLog.filter((r) => r.path === '/oidc/v1/token').length - before;
      assert.equal(exchanges, mode === 'federation' ? 1 : 0);
      const me = await c.workspaceHttp(sandbox.workspaceHost, account.homeAccountId)({ method: 'GET', path: '/api/2.0/preview/scim/v2/Me' });
      assert.equal(me.status, 200, `${mode}: the workspace accepts the token`);
    }
  });

  it('makes exactly one refresh request for 100 concurrent token requests', async () => {
    const c = core();
    const { account } = await c.session.signIn('deviceCode', c.signInScopes, ui());
    const before = sandbox.requestLog.length;
    const tokens = await Promise.all(Array.from({ length: 100 }, () => c.broker.getDatabricksToken(sandbox.workspaceHost, account.homeAccountId, { forceRefresh: true })));
    const requests = sandbox.requestLog.slice(before);
    assert.equal(requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).length, 1, 'one refresh at Entra');
    assert.equal(requests.filter((r) => r.path === '/oidc/v1/token').length, 1, 'one exchange');
    assert.equal(new Set(tokens.map((t) => t.token.reveal())).size, 1);
  });

  it('a revoked refresh token asks for one new sign-in, never a loop, and the removal is persisted', async () => {
    const c = core();
    const { account } = await c.session.signIn('deviceCode', c.signInScopes, ui());
    sandbox.control.revokeRefreshTokens({ userName: 'alice@fabrikam.com' });
    const before = sandbox.requestLog.length;
    await assert.rejects(c.broker.getDatabricksToken(sandbox.workspaceHost, account.homeAccountId, { forceRefresh: true }), (e: unknown) => e instanceof IdentityError && e.interactionRequired && e.code === 'REFRESH_TOKEN_EXPIRED');
    const again = core();
    await assert.rejects(again.broker.getDatabricksToken(sandbox.workspaceHost, account.homeAccountId, { forceRefresh: true }), (e: unknown) => e instanceof AccessLensError);
    const refreshes = sandbox.requestLog.slice(before).filter((r) => r.path.endsWith('/oauth2/v2.0/token')).length;
    assert.equal(refreshes, 1, 'the rejected refresh token is not sent again, by this process or the next');
    const token = await again.session.signIn('deviceCode', again.signInScopes, ui());
    assert.equal(token.account.username, 'alice@fabrikam.com', 'one sign-in restores it');
  });

  it('never sends a token to a host that is neither Databricks nor configured by the user', async () => {
    const c = core();
    const { account } = await c.session.signIn('deviceCode', c.signInScopes, ui());
    await assert.rejects(c.broker.getDatabricksToken('https://evil.example', account.homeAccountId), (e: unknown) => e instanceof AccessLensError && e.code === 'HOST_NOT_ALLOWED');
    const fromFolder = resolveConfig([{ source: 'workspace', values: { workspaces: [{ host: 'https://evil.example' }] } }], { workspaceTrusted: false });
    assert.deepEqual(fromFolder.config.workspaces, [], 'an untrusted folder cannot add a host');
  });

  it('leaves no token in files: the home folder and temp files hold none of the tokens the fake issued, the keyring holds them', async () => {
    const c = core();
    const { account } = await c.session.signIn('deviceCode', c.signInScopes, ui());
    const dbx = (await c.broker.getDatabricksToken(sandbox.workspaceHost, account.homeAccountId)).token.reveal();
    const entra = (await c.session.acquireSilent(account.homeAccountId, c.signInScopes)).accessToken;
    const needles = [dbx, entra.split('.')[2] ?? entra];
    const found = await filesContaining(needles);
    assert.deepEqual(found, []);
    const stored = await new KeytarStore(undefined, 4000, service).keys('');
    assert.ok(stored.some((k) => k.includes('|databricks|')), 'the tokens are in the keyring');
  });
});
