import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { AZURE_DATABRICKS_RESOURCE_ID, resolveConfig } from '../../../src/core/config';
import { AccessLensError, CancelledError } from '../../../src/core/errors';
import { IdentityError } from '../../../src/core/identity/identityError';
import { MemoryTokenStore } from '../../../src/core/keychain/memoryStore';
import { createCore } from '../../../src/core/services';
import { identityScopes } from '../../../src/core/config/derived';
import { AuthenticationApi, VsCodeMicrosoftProvider } from '../../../src/extension/auth/vscodeMicrosoft';
import { silentLogger } from '../helpers/memoryStore';

const TENANT = '11111111-2222-3333-4444-555555555555';
const HOST = 'https://adb-1.2.azuredatabricks.net';
const NOW = Date.UTC(2026, 10, 1, 12, 0, 0);

function jwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2ln`;
}

const goodClaims = (extra: Record<string, unknown> = {}) => ({
  aud: AZURE_DATABRICKS_RESOURCE_ID,
  iss: `https://sts.windows.net/${TENANT}/`,
  tid: TENANT,
  oid: 'oid-alice',
  upn: 'alice@contoso.com',
  iat: NOW / 1000 - 60,
  exp: NOW / 1000 + 3600,
  ...extra,
});

/** Stands in for vscode.authentication: one account, records every call. */
class FakeAuth implements AuthenticationApi {
  readonly calls: { scopes: readonly string[]; options: vscode.AuthenticationGetSessionOptions }[] = [];
  granted = false;
  token = jwt(goodClaims());
  readonly account = { id: 'acct-1', label: 'alice@contoso.com' };
  async getSession(_id: string, scopes: readonly string[], options: vscode.AuthenticationGetSessionOptions): Promise<vscode.AuthenticationSession | undefined> {
    this.calls.push({ scopes, options });
    if (options.createIfNone) this.granted = true;
    if (!this.granted) return undefined;
    return { id: 's1', accessToken: this.token, account: this.account, scopes: [...scopes] };
  }
}

function setUp(settings: Record<string, unknown> = {}, host = HOST) {
  const { config, problems } = resolveConfig([{ source: 'user', values: { identityProvider: 'microsoft', workspaces: [{ host }], ...settings } }], { workspaceTrusted: true });
  assert.deepEqual(problems, []);
  const auth = new FakeAuth();
  let signedOut = false;
  const provider = new VsCodeMicrosoftProvider(auth, { providerId: 'microsoft', tenant: config.tenant, clientId: config.clientId, groupsClaim: config.groupsClaim }, { get: () => signedOut, set: (v) => { signedOut = v; } }, identityScopes(config, 'entra'));
  const store = new MemoryTokenStore();
  const core = createCore({ config, store, http: async () => { throw new Error('no network in this test'); }, logger: silentLogger, provider, now: () => NOW, locks: { run: (_name, work) => work(), acquire: async () => async () => undefined, holds: () => false } });
  return { auth, provider, core, store, flag: () => signedOut };
}

const ui = { openBrowser: async () => false, showDeviceCode: () => undefined, offerOtherFlow: async () => false };

describe("VS Code's Microsoft account as the identity source", () => {
  it('needs no client id, asks VS Code for the Azure Databricks scope in the tenant, and the token is the bearer (mode entra)', async () => {
    const { auth, core } = setUp({ tenant: TENANT });
    assert.deepEqual(core.signInScopes, [`${AZURE_DATABRICKS_RESOURCE_ID}/.default`]);
    const token = await core.session.signIn('browser', core.signInScopes, ui);
    assert.equal(token.account.username, 'alice@contoso.com');
    assert.equal(token.account.tenantId, TENANT);
    assert.deepEqual(auth.calls.at(-1)?.scopes, [`${AZURE_DATABRICKS_RESOURCE_ID}/.default`, `VSCODE_TENANT:${TENANT}`]);
    assert.equal(auth.calls.at(-1)?.options.createIfNone, true);
    const databricks = await core.broker.getDatabricksToken(HOST, token.account.homeAccountId);
    assert.equal(databricks.mode, 'entra');
    assert.equal(databricks.token.reveal(), auth.token);
    // Only the sign-in may prompt: every other ask is silent.
    assert.deepEqual(auth.calls.filter((c) => !c.options.silent).length, 1);
  });

  it('uses the token as the bearer on any host the user configured (a private link or test host), never a token exchange', async () => {
    const host = 'https://127.0.0.1:8443';
    const { auth, core } = setUp({ tenant: TENANT }, host);
    const token = await core.session.signIn('browser', core.signInScopes, ui);
    const databricks = await core.broker.getDatabricksToken(host, token.account.homeAccountId);
    assert.equal(databricks.mode, 'entra');
    assert.equal(databricks.token.reveal(), auth.token);
  });

  it('passes VSCODE_CLIENT_ID when the user names an app of their own', async () => {
    const { auth, core } = setUp({ tenant: TENANT, clientId: '99999999-8888-7777-6666-555555555555' });
    await core.session.signIn('deviceCode', core.signInScopes, ui);
    assert.ok(auth.calls.at(-1)?.scopes.includes('VSCODE_CLIENT_ID:99999999-8888-7777-6666-555555555555'));
  });

  it('refuses a token for another audience, or one about to expire, before it goes anywhere', async () => {
    for (const claims of [goodClaims({ aud: 'https://management.core.windows.net/' }), goodClaims({ exp: NOW / 1000 + 20 })]) {
      const { auth, core } = setUp({ tenant: TENANT });
      auth.token = jwt(claims);
      const token = await core.session.signIn('browser', core.signInScopes, ui);
      await assert.rejects(core.broker.getDatabricksToken(HOST, token.account.homeAccountId), AccessLensError);
    }
  });

  it('refuses a token from another tenant than the one asked for', async () => {
    const { auth, core } = setUp({ tenant: TENANT });
    auth.token = jwt(goodClaims({ tid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', iss: 'https://sts.windows.net/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/' }));
    const token = await core.session.signIn('browser', core.signInScopes, ui);
    // The account's tenant is the token's, so the issuer check holds; doctor compares it to the setting (signin check).
    assert.equal(token.account.tenantId, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
  });

  it('adopts an account VS Code already allows silently, but not after a sign-out here', async () => {
    const { auth, core, provider, flag } = setUp();
    assert.equal((await core.session.currentAccount()), undefined, 'nothing granted yet: no account, no prompt');
    assert.ok(auth.calls.every((c) => c.options.silent === true));
    auth.granted = true;
    provider.forgetInMemory();
    const account = await core.session.currentAccount();
    assert.equal(account?.username, 'alice@contoso.com');
    await core.session.signOut(account!);
    assert.equal(flag(), true);
    provider.forgetInMemory();
    assert.deepEqual(await core.session.accounts(), []);
  });

  it('asks for a sign-in when VS Code has no token silently, and a declined prompt is a cancel', async () => {
    const { auth, provider } = setUp();
    await assert.rejects(provider.acquireSilent('acct-1', ['x']), (e: unknown) => e instanceof IdentityError && e.interactionRequired);
    auth.getSession = async () => { throw new Error('User did not consent to login.'); };
    await assert.rejects(provider.signInWithBrowser(['x']), CancelledError);
  });

  it('a failed VS Code sign-in is reported at once, without offering another flow (VS Code chose the flow)', async () => {
    const { auth, core } = setUp();
    auth.getSession = async () => { throw new Error('DialogService: refused to show dialog in tests.'); };
    let offers = 0;
    await assert.rejects(core.session.signIn('browser', core.signInScopes, { ...ui, offerOtherFlow: async () => { offers++; return true; } }), (e: unknown) => e instanceof IdentityError && /could not sign in/.test(e.message));
    assert.equal(offers, 0);
  });

  it('keeps nothing in the keychain: the core writes only to the memory store handed in', async () => {
    const { core, store } = setUp({ tenant: TENANT });
    const token = await core.session.signIn('browser', core.signInScopes, ui);
    await core.broker.getDatabricksToken(HOST, token.account.homeAccountId);
    assert.equal(store.kind, 'memory');
  });

  it('says it cannot see your Entra groups (with how to enable it) instead of an empty list, and reads a groups claim when there is one', async () => {
    const { auth, core } = setUp({ tenant: TENANT });
    const token = await core.session.signIn('browser', core.signInScopes, ui);
    const groups = await core.idpGroups(token.account.homeAccountId);
    assert.equal(groups.state, 'unknown');
    assert.match(groups.state === 'unknown' ? `${groups.reason} ${groups.howToEnable}` : '', /VS Code's Microsoft account.*accessLens\.identityProvider to "entra"/s);
    const withClaim = setUp({ tenant: TENANT });
    withClaim.auth.token = jwt(goodClaims({ groups: ['g-1'] }));
    const claimed = await withClaim.core.session.signIn('browser', withClaim.core.signInScopes, ui);
    assert.deepEqual(await withClaim.core.idpGroups(claimed.account.homeAccountId), { state: 'known', ids: ['g-1'], source: 'access-token' });
    void auth;
  });

  it('the command line refuses "microsoft" with a configuration error naming what to use', () => {
    const { config } = resolveConfig([{ source: 'flag', values: { identityProvider: 'microsoft', workspaces: [{ host: HOST }] } }], { workspaceTrusted: true });
    assert.throws(() => createCore({ config, store: new MemoryTokenStore(), http: async () => { throw new Error('x'); }, logger: silentLogger }), (e: unknown) => e instanceof AccessLensError && e.code === 'CONFIG' && /--idp entra/.test(e.message));
  });
});
