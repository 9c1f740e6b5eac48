import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolveConfig } from '../../src/core/config';
import { CancelledError } from '../../src/core/errors';
import { IdentityError } from '../../src/core/identity/identityError';
import { SignInUi } from '../../src/core/identity/signInSession';
import { KeytarStore } from '../../src/core/keychain/keytarStore';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { Core, createCore } from '../../src/core/services';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { silentLogger } from '../unit/helpers/memoryStore';
import { filesContaining } from './plaintextScan';
import { assertPendingSignInHoldsUpNoRefresh } from './signInIndependence';

/** The identity core with a standard OpenID Connect provider (the real oidc-provider): real HTTPS, real keychain. */
describe('identity core with an OpenID Connect provider (oidc-provider)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  const service = `access-lens-oidc-test-${process.pid}`;

  function core(): Core {
    const oidc = sandbox.oidc!;
    const { config, problems } = resolveConfig(
      [{ source: 'user', values: { identityProvider: 'oidc', issuer: oidc.issuer, clientId: oidc.clientId, workspaces: [{ host: sandbox.workspaceHost }] } }],
      { workspaceTrusted: true },
    );
    assert.deepEqual(problems, []);
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.caPath, 'utf8')], env: {} });
    return createCore({ config, store: new KeytarStore(undefined, 4000, service), http, logger: silentLogger });
  }

  const ui = (overrides: Partial<SignInUi> = {}): SignInUi => ({
    openBrowser: async (url) => {
      await sandbox.oidcProvider!.completeBrowserSignIn(url);
      return true;
    },
    showDeviceCode: () => undefined,
    offerOtherFlow: async () => false,
    ...overrides,
  });

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: 'basic', oidc: { autoApprove: true } });
  });
  after(async () => {
    if (sandbox) await core().session.signOutEverywhere();
    await sandbox?.stop();
  });

  it('signs in with the browser: PKCE S256, state, a 127.0.0.1 loopback redirect that closes after one answer', async () => {
    const c = core();
    let authorization: URL | undefined;
    const token = await c.session.signIn('browser', c.signInScopes, ui({
      openBrowser: async (url) => {
        authorization = new URL(url);
        await sandbox.oidcProvider!.completeBrowserSignIn(url);
        return true;
      },
    }));
    assert.equal(token.account.username, 'alice@fabrikam.com');
    assert.equal(authorization?.origin, sandbox.oidc!.issuer);
    assert.equal(authorization?.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorization?.searchParams.get('state'));
    assert.equal(authorization?.searchParams.get('scope'), 'openid profile email offline_access');
    const redirect = authorization?.searchParams.get('redirect_uri') ?? '';
    assert.match(redirect, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    await assert.rejects(fetch(redirect), 'the loopback listener is gone after one answer');
    assert.deepEqual([...token.groups].sort(), ['analysts', 'engineers']);
    const dbx = await c.broker.getDatabricksToken(sandbox.workspaceHost, token.account.homeAccountId);
    assert.equal(dbx.mode, 'federation');
  });

  it('signs in with the device code, and an abort stops the polling', async () => {
    const c = core();
    assert.equal((await c.session.signIn('deviceCode', c.signInScopes, ui())).account.username, 'alice@fabrikam.com');
    sandbox.oidcProvider!.setAutoApprove(false);
    try {
      const abort = new AbortController();
      let abortedAt = 0;
      const cancel = (): void => {
        abortedAt = Date.now();
        abort.abort();
      };
      const pending = c.session.signIn('deviceCode', c.signInScopes, ui({ signal: abort.signal, showDeviceCode: () => setTimeout(cancel, 100) }));
      await assert.rejects(pending, (e: unknown) => e instanceof CancelledError);
      assert.ok(Date.now() - abortedAt < 300, 'at once, not after the next poll');
    } finally {
      sandbox.oidcProvider!.setAutoApprove(true);
    }
  });

  it('a device-code sign-in waiting on the user does not hold up silent refreshes of the signed-in account (issue 12)', async () => {
    await assertPendingSignInHoldsUpNoRefresh({ core: core(), ui, workspaceHost: sandbox.workspaceHost, setAutoApprove: (on) => sandbox.oidcProvider!.setAutoApprove(on) });
  });

  it('redeems a rotating refresh token once for concurrent forced refreshes, and again for a later one', async () => {
    const c = core();
    const signedIn = await c.session.signIn('deviceCode', c.signInScopes, ui());
    const { account } = signedIn;
    const before = sandbox.requestLog.length;
    const [a, b] = await Promise.all([
      c.session.acquireSilent(account.homeAccountId, c.signInScopes, { forceRefresh: true }),
      c.session.acquireSilent(account.homeAccountId, c.signInScopes, { forceRefresh: true }),
    ]);
    assert.notEqual(a.accessToken, signedIn.accessToken, 'a new token');
    // Issue 12: the second caller waited for the account's lock and took what the first stored.
    assert.equal(b.accessToken, a.accessToken, 'the second caller uses the token the first one just stored');
    const later = await c.session.acquireSilent(account.homeAccountId, c.signInScopes, { forceRefresh: true });
    assert.notEqual(later.accessToken, a.accessToken, 'a later forced refresh redeems again');
    const refreshes = sandbox.requestLog.slice(before).filter((r) => r.server === 'oidc' && r.path === '/token');
    assert.deepEqual(refreshes.map((r) => r.status), [200, 200], 'serialised: each redemption used the rotated refresh token');
  });

  it('a revoked refresh token asks for a sign-in once, and the keychain forgets it', async () => {
    const c = core();
    const { account } = await c.session.signIn('deviceCode', c.signInScopes, ui());
    await sandbox.oidcProvider!.revokeRefreshTokens();
    await assert.rejects(c.session.acquireSilent(account.homeAccountId, c.signInScopes, { forceRefresh: true }), (e: unknown) => e instanceof IdentityError && e.code === 'SIGN_IN_REQUIRED' && e.interactionRequired);
    const before = sandbox.requestLog.length;
    await assert.rejects(c.session.acquireSilent(account.homeAccountId, c.signInScopes), (e: unknown) => e instanceof IdentityError && e.code === 'SIGN_IN_REQUIRED');
    assert.equal(sandbox.requestLog.slice(before).filter((r) => r.server === 'oidc').length, 0, 'no second attempt with a dead refresh token');
  });

  it('leaves no token in files: the refresh token and the tokens live in the keychain only', async () => {
    const c = core();
    const { account } = await c.session.signIn('deviceCode', c.signInScopes, ui());
    const dbx = (await c.broker.getDatabricksToken(sandbox.workspaceHost, account.homeAccountId)).token.reveal();
    const keys = await new KeytarStore(undefined, 4000, service).keys('');
    const recordKey = keys.find((k) => k.includes('|oidc-account|'));
    assert.ok(recordKey, `the account is in the keychain: ${keys.join(', ')}`);
    const record = JSON.parse((await new KeytarStore(undefined, 4000, service).get(recordKey)) ?? '{}') as { refreshToken?: string; subjectToken?: string };
    assert.ok(record.refreshToken && record.subjectToken);
    assert.deepEqual(await filesContaining([dbx, record.refreshToken, record.subjectToken.split('.')[2] ?? record.subjectToken]), []);
  });
});
