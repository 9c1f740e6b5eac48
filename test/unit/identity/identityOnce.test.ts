import * as assert from 'node:assert/strict';
import { AZURE_DATABRICKS_RESOURCE_ID, resolveConfig } from '../../../src/core/config';
import { IdentityAccount, IdentityProvider, IdentityToken } from '../../../src/core/identity/provider';
import { NamedLocks } from '../../../src/core/lock/namedLocks';
import { createCore } from '../../../src/core/services';
import { MemoryStore, silentLogger } from '../helpers/memoryStore';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const HOST = 'https://adb-1.2.azuredatabricks.net';
const T0 = 1_800_000_000_000;
const account: IdentityAccount = { username: 'alice@contoso.com', objectId: 'o', tenantId: TENANT, homeAccountId: `o.${TENANT}`, name: 'Alice' };

function jwt(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.sig`;
}

/** One process, no lock files: the locks only run the work. */
const noLocks: NamedLocks = { run: (_name, work) => work(), acquire: async () => async () => undefined, holds: () => false };

/** An identity provider that counts how often a token is acquired (interactively or silently). */
function countingProvider(now: () => number) {
  const counts = { signIn: 0, silent: 0 };
  const token = (scopes: readonly string[]): IdentityToken => {
    const iat = Math.floor(now() / 1000);
    const accessToken = jwt({ aud: AZURE_DATABRICKS_RESOURCE_ID, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, iat, exp: iat + 3600, groups: ['g-1', 'g-2'] });
    return { accessToken, expiresOn: new Date((iat + 3600) * 1000), account, scopes, groups: ['g-1', 'g-2'] };
  };
  const provider = {
    kind: 'entra',
    label: 'Entra ID',
    namespace: { tenant: TENANT, clientId: CLIENT },
    accounts: async () => [account],
    acquireSilent: async (_id: string, scopes: readonly string[]) => (counts.silent++, token(scopes)),
    signInWithBrowser: async (scopes: readonly string[]) => (counts.signIn++, token(scopes)),
    signInWithDeviceCode: async (scopes: readonly string[]) => (counts.signIn++, token(scopes)),
    signOut: async () => undefined,
    forgetInMemory: () => undefined,
  };
  return { provider: provider as unknown as IdentityProvider, counts };
}

function setup() {
  let now = T0;
  const clock = () => now;
  const { config } = resolveConfig([{ source: 'user', values: { tenant: TENANT, clientId: CLIENT, workspaces: [{ host: HOST }] } }], { workspaceTrusted: true });
  const { provider, counts } = countingProvider(clock);
  const http = async () => assert.fail('entra mode sends nothing over HTTPS here');
  const core = createCore({ config, store: new MemoryStore(), http, logger: silentLogger, now: clock, locks: noLocks, provider });
  const ui = { openBrowser: async () => true, showDeviceCode: () => undefined, offerOtherFlow: async () => false };
  return { core, counts, ui, advance: (ms: number) => (now += ms) };
}

describe('the identity token is acquired once per sign-in or refresh', () => {
  it('serves the sign-in token to the broker and to the provider groups: no silent acquisition between sign-in and the groups', async () => {
    const { core, counts, ui } = setup();
    await core.session.signIn('browser', core.signInScopes, ui);
    await core.broker.getDatabricksToken(HOST, account.homeAccountId);
    const groups = await core.idpGroups(account.homeAccountId);
    assert.deepEqual(groups, { state: 'known', ids: ['g-1', 'g-2'], source: 'access-token' });
    assert.deepEqual(counts, { signIn: 1, silent: 0 });
  });

  it('acquires once more when the token nears expiry, and the broker and the groups share that refresh', async () => {
    const { core, counts, ui, advance } = setup();
    await core.session.signIn('browser', core.signInScopes, ui);
    await core.broker.getDatabricksToken(HOST, account.homeAccountId);
    advance(3600_000 - 200_000); // inside the 5-minute refresh margin of a one-hour token
    await core.idpGroups(account.homeAccountId);
    await core.broker.getDatabricksToken(HOST, account.homeAccountId);
    assert.deepEqual(counts, { signIn: 1, silent: 1 });
  });

  it('acquires again after a sign-out: a signed-out account is never served a held token', async () => {
    const { core, counts, ui } = setup();
    await core.session.signIn('browser', core.signInScopes, ui);
    await core.session.signOut(account);
    await core.idpGroups(account.homeAccountId);
    assert.deepEqual(counts, { signIn: 1, silent: 1 });
  });
});
