import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { runCli, sandboxEnv } from './cliRunner';

/** Keychain items the CLI stored for this sandbox tenant, as secret-tool sees them. */
function keychainAccounts(tenantId: string): string[] {
  // secret-tool prints the secrets on stdout and their attributes on stderr.
  const result = spawnSync('secret-tool', ['search', '--all', 'service', 'access-lens'], { encoding: 'utf8', timeout: 15_000 });
  const out = `${result.stdout}\n${result.stderr}`;
  return [...out.matchAll(/attribute\.account = (.*)/g)].map((m) => m[1] ?? '').filter((a) => a.startsWith(tenantId.toLowerCase()));
}

describe('access-lens identity commands against the sandbox (real HTTPS, real keychain)', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true } });
    env = sandboxEnv(sandbox);
  });
  after(async () => {
    if (env) await runCli(['logout'], env);
    await sandbox?.stop();
  });
  beforeEach(() => sandbox.control.clearFaults());

  it('login --device-code --json signs in, exchanges the token and stores it in the OS keychain', async () => {
    const result = await runCli(['login', '--device-code', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ account: Record<string, string>; databricks: Record<string, string>; token: Record<string, string> }>();
    assert.equal(doc.account.username, 'alice@fabrikam.com');
    assert.equal(doc.account.tenantId, sandbox.tenantId);
    assert.match(doc.account.objectId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(doc.databricks, { host: sandbox.workspaceHost, userName: 'alice@fabrikam.com' });
    assert.equal(doc.token.mode, 'federation');
    assert.ok(Date.parse(doc.token.expiresAt ?? '') > Date.now() + 120_000);
    assert.match(result.stderr, /enter the code [A-Z0-9]+/);
    const stored = keychainAccounts(sandbox.tenantId);
    assert.ok(stored.some((a) => a.endsWith('|msal-cache')), `MSAL cache in the keychain: ${stored.join(', ')}`);
    assert.ok(stored.some((a) => a.includes('|databricks|')), 'Databricks token in the keychain');
    const exchanges = sandbox.requestLog.filter((r) => r.path === '/oidc/v1/token');
    assert.equal(exchanges.length, 1);
  });

  it('whoami --json shows both sides, nested workspace groups with externalId, and the token', async () => {
    const result = await runCli(['whoami', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ entra: { username: string; groups: string[] }; databricks: { userName: string; id: string; groups: { displayName: string; externalId: string | null }[]; entitlements: string[] }; token: { mode: string } }>();
    assert.equal(doc.entra.username, 'alice@fabrikam.com');
    assert.ok(doc.entra.groups.length > 0);
    assert.equal(doc.databricks.userName, 'alice@fabrikam.com');
    const names = doc.databricks.groups.map((g) => g.displayName).sort();
    assert.ok(names.includes('analysts') && names.includes('everyone-data'), `nested groups included: ${names.join(', ')}`);
    const synced = doc.databricks.groups.find((g) => g.displayName === 'analysts');
    assert.ok(synced?.externalId && doc.entra.groups.includes(synced.externalId), 'externalId is the Entra group id');
    assert.ok(doc.databricks.entitlements.includes('workspace-access'));
    assert.equal(doc.token.mode, 'federation');
  });

  it('whoami reads nested groups through transitive-parent-groups, and walks SCIM Groups where that API is missing', async () => {
    const groupsOf = async (): Promise<string[]> => {
      const r = await runCli(['whoami', '--json'], env);
      assert.equal(r.code, 0, r.stderr);
      return r.json<{ databricks: { groups: { displayName: string }[] } }>().databricks.groups.map((g) => g.displayName).sort();
    };
    let before = sandbox.requestLog.length;
    const viaApi = await groupsOf();
    assert.ok(sandbox.requestLog.slice(before).some((r) => r.path.endsWith('/transitive-parent-groups') && r.status === 200));
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.0/identity/principals/', status: 404, style: 'json', errorCode: 'ENDPOINT_NOT_FOUND', message: 'No API found', times: 'always' });
    before = sandbox.requestLog.length;
    const viaWalk = await groupsOf();
    assert.deepEqual(viaWalk, viaApi, 'the same groups either way');
    assert.ok(sandbox.requestLog.slice(before).some((r) => r.path.startsWith('/api/2.0/preview/scim/v2/Groups/')));
  });

  it('token prints the token alone in text mode, and JSON with at least two minutes left', async () => {
    const text = await runCli(['token'], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^\S{20,}\n$/);
    const json = await runCli(['token', '--json'], env);
    const doc = json.json<{ accessToken: string; expiresAt: string; mode: string }>();
    assert.equal(doc.accessToken, text.stdout.trim(), 'served from the keychain, not minted again');
    assert.ok(Date.parse(doc.expiresAt) - Date.now() >= 120_000);
  });

  it('refreshes ahead of expiry: a token inside the refresh margin is replaced through the refresh token', async () => {
    sandbox.control.setTokenLifetimes({ entra: 100, databricks: 100 });
    try {
      await runCli(['login', '--device-code'], env);
      const first = (await runCli(['token'], env)).stdout.trim();
      const before = sandbox.requestLog.length;
      const second = await runCli(['token', '--json'], env);
      assert.equal(second.code, 0, second.stderr);
      assert.notEqual(second.json<{ accessToken: string }>().accessToken, first);
      const grants = sandbox.requestLog.slice(before).map((r) => r.path);
      assert.ok(grants.some((p) => p.endsWith('/oauth2/v2.0/token')), 'MSAL redeemed the refresh token');
      assert.ok(grants.includes('/oidc/v1/token'), 'and the new Entra token was exchanged');
    } finally {
      sandbox.control.setTokenLifetimes({ entra: 3600, databricks: 3600 });
      await runCli(['login', '--device-code'], env);
    }
  });

  it('works with short-lived tokens (45 s): login, token and ls succeed, and token hands out a fresh one', async () => {
    sandbox.control.setTokenLifetimes({ entra: 45, databricks: 45 });
    try {
      const login = await runCli(['login', '--device-code', '--json'], env);
      assert.equal(login.code, 0, login.stderr);
      assert.ok(Date.parse(login.json<{ token: { expiresAt: string } }>().token.expiresAt) > Date.now());
      const token = await runCli(['token', '--json'], env);
      assert.equal(token.code, 0, token.stderr);
      // Shorter than the 2-minute rule allows: refreshed to the freshest possible and handed out.
      assert.ok(Date.parse(token.json<{ expiresAt: string }>().expiresAt) - Date.now() > 20_000);
      const ls = await runCli(['ls', 'clusters', '--json'], env);
      assert.equal(ls.code, 0, ls.stderr);
      assert.ok(ls.json<{ items: unknown[] }>().items.length > 0);
    } finally {
      sandbox.control.setTokenLifetimes({ entra: 3600, databricks: 3600 });
      await runCli(['login', '--device-code'], env);
    }
  });

  it('retries once with a fresh token when the workspace says the token is invalid', async () => {
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.0/preview/scim/v2/Me', status: 403, style: 'json-numeric', message: 'Invalid access token.' });
    const before = sandbox.requestLog.length;
    const result = await runCli(['whoami', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const paths = sandbox.requestLog.slice(before).map((r) => r.path);
    assert.equal(paths.filter((p) => p === '/api/2.0/preview/scim/v2/Me').length, 2, 'one retry');
    assert.equal(paths.filter((p) => p === '/oidc/v1/token').length, 1, 'after one forced refresh');
  });

  it('does not retry a real permission denial', async () => {
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.0/preview/scim/v2/Me', status: 403, style: 'json', errorCode: 'PERMISSION_DENIED', message: 'User is not authorized.' });
    const before = sandbox.requestLog.length;
    const result = await runCli(['whoami', '--json'], env);
    assert.equal(result.code, 4);
    assert.equal(result.json<{ error: { code: string } }>().error.code, 'PERMISSION_DENIED');
    assert.equal(sandbox.requestLog.slice(before).filter((r) => r.path === '/api/2.0/preview/scim/v2/Me').length, 1);
  });

  const aadCases: Array<[number, string, RegExp]> = [
    [53003, 'CONDITIONAL_ACCESS_BLOCKED', /Conditional Access.*administrator/],
    [7000218, 'PUBLIC_CLIENT_DISABLED', /Allow public client flows/],
    [50105, 'USER_NOT_ASSIGNED', /assign you/],
    [50076, 'MFA_REQUIRED', /second factor/],
  ];
  for (const [aadsts, code, message] of aadCases) {
    it(`explains AADSTS${aadsts} in plain words with exit 3`, async () => {
      sandbox.control.injectFault({ target: 'entra', aadsts, grantType: 'device_code' });
      const result = await runCli(['login', '--device-code', '--json'], env);
      assert.equal(result.code, 3, result.stderr);
      const error = result.json<{ error: { code: string; message: string } }>().error;
      assert.equal(error.code, code);
      assert.match(error.message, message);
      assert.match(result.stderr, message, 'the message goes to stderr too');
    });
  }

  it('exits 2 for a bad --host and 4 within 15 s for a host nobody answers on', async () => {
    const bad = await runCli(['whoami', '--json', '--host', 'http://adb-1.2.azuredatabricks.net'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.json<{ error: { message: string } }>().error.message, /does not use https/);
    const started = Date.now();
    const unreachable = await runCli(['whoami', '--json', '--host', 'https://127.0.0.1:1'], env);
    assert.equal(unreachable.code, 4, unreachable.stderr);
    assert.ok(Date.now() - started < 15_000);
    assert.match(unreachable.json<{ error: { code: string; message: string } }>().error.message, /Could not reach 127\.0\.0\.1:1 .*Nothing listens there/);
  });

  it('logout removes every keychain item of the tenant and whoami then asks to sign in (exit 3)', async () => {
    await runCli(['login', '--device-code'], env);
    assert.ok(keychainAccounts(sandbox.tenantId).length >= 2);
    const result = await runCli(['logout', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.json<{ removed: number }>().removed >= 2);
    assert.deepEqual(keychainAccounts(sandbox.tenantId), []);
    const whoami = await runCli(['whoami', '--json'], env);
    assert.equal(whoami.code, 3);
    assert.equal(whoami.json<{ error: { code: string } }>().error.code, 'SIGN_IN_REQUIRED');
  });

  it('says clearly when no keychain is reachable, and stores nothing', async () => {
    const noBus = sandboxEnv(sandbox, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    const result = await runCli(['login', '--device-code', '--json'], noBus);
    assert.equal(result.code, 2);
    const error = result.json<{ error: { code: string; message: string } }>().error;
    assert.equal(error.code, 'KEYCHAIN_UNAVAILABLE');
    assert.match(error.message, /keychain.*nothing was stored/is);
  });

  it('refuses bad configuration with exit 2 and names the setting', async () => {
    const result = await runCli(['whoami', '--json', '--token-mode', 'sideways'], env);
    assert.equal(result.code, 2);
    assert.match(result.json<{ error: { message: string } }>().error.message, /--token-mode: "sideways" is not one of auto, entra, federation/);
    const noClient = await runCli(['login', '--json'], sandboxEnv(sandbox, { ACCESS_LENS_CLIENT_ID: '' }));
    assert.equal(noClient.code, 2);
    assert.match(noClient.stderr, /No application \(client\) id is set/);
  });
});
