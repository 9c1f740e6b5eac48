import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { loadScenario } from '../fakes/scenarioLoad';
import { runCli, sandboxEnv } from './cliRunner';

/** Keychain items (service access-lens) stored under a namespace prefix, as secret-tool sees them (never blocking the test process). */
function keychainAccounts(prefix: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('secret-tool', ['search', '--all', 'service', 'access-lens'], { encoding: 'utf8', timeout: 15_000 }, (error, stdout, stderr) => {
      // secret-tool prints the secrets on stdout and their attributes on stderr; it exits 1 when nothing matches.
      if (error && error.killed) return reject(new Error(`secret-tool did not answer within 15 s: ${stderr}`));
      resolve([...`${stdout}\n${stderr}`.matchAll(/attribute\.account = (.*)/g)].map((m) => m[1] ?? '').filter((a) => a.startsWith(prefix.toLowerCase())));
    });
  });
}

/**
 * The whole CLI with a standard OpenID Connect provider instead of Entra: the real oidc-provider
 * (device flow with the RFC 8628 grant type, PKCE, rotating refresh tokens, a groups claim of
 * group names) and the sandbox workspace, whose token exchange trusts that provider's keys.
 */
const ENGINEERS_CLUSTER = '0101-000000-aaaa0003';

describe('access-lens with an OpenID Connect provider (oidc-provider, real HTTPS, real keychain)', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  let issuer: string;

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    // The basic scenario, with the ACL of the "engineers" cluster readable to its users.
    const scenario = structuredClone(loadScenario('basic'));
    for (const cluster of scenario.workspace.clusters ?? []) if (cluster.cluster_id === ENGINEERS_CLUSTER) cluster.aclReadableBy = 'anyone';
    sandbox = await startSandbox({ scenario, oidc: { autoApprove: true } });
    issuer = sandbox.oidc!.issuer;
    env = sandboxEnv(sandbox, { ACCESS_LENS_IDP: 'oidc', ACCESS_LENS_ISSUER: issuer, ACCESS_LENS_CLIENT_ID: sandbox.oidc!.clientId, ACCESS_LENS_AUTHORITY: '', ACCESS_LENS_TENANT: '' });
  });
  /** Access tokens of the provider and Databricks tokens with the given lifetime (100 s: below the 2 minutes `token` promises, so it refreshes; 3600: back to an hour). */
  const setLifetimes = (seconds: number): void => {
    sandbox.oidcProvider!.setAccessTokenLifetime(seconds);
    sandbox.control.setTokenLifetimes({ databricks: seconds });
  };

  after(async () => {
    if (env) await runCli(['logout'], env);
    await sandbox?.stop();
  });

  it('login --device-code --json signs in at the provider with the standard device grant and exchanges its token', async () => {
    const before = sandbox.requestLog.length;
    const result = await runCli(['login', '--device-code', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ account: Record<string, string>; databricks: Record<string, string>; token: Record<string, string> }>();
    assert.equal(doc.account.username, 'alice@fabrikam.com');
    assert.equal(doc.account.tenantId, issuer);
    assert.match(doc.account.objectId ?? '', /^00u[0-9a-f]{17}$/, 'the subject claim');
    assert.deepEqual(doc.databricks, { host: sandbox.workspaceHost, userName: 'alice@fabrikam.com' });
    assert.equal(doc.token.mode, 'federation');
    assert.match(result.stderr, new RegExp(`open ${issuer}/device and enter the code [A-Z]{4}-[A-Z]{4}`));
    const seen = sandbox.requestLog.slice(before).map((r) => `${r.server} ${r.method} ${r.path} ${r.status}`);
    assert.ok(seen.includes('oidc GET /.well-known/openid-configuration 200'), seen.join('\n'));
    assert.ok(seen.includes('oidc POST /device/auth 200'));
    assert.ok(seen.includes('oidc POST /token 200'), 'the RFC 8628 grant was accepted');
    // Issue 11: no refresh_token grant right after the device grant (a rotation spent for nothing).
    assert.equal(seen.filter((s) => s === 'oidc POST /token 200').length, 1, `one token grant at sign-in:\n${seen.join('\n')}`);
    assert.ok(!seen.some((s) => s.startsWith('entra ')), 'Entra is never asked');
    assert.equal(seen.filter((s) => s === 'workspace POST /oidc/v1/token 200').length, 1);
    const stored = await keychainAccounts(issuer);
    assert.ok(stored.some((a) => a.includes('|oidc-account|')), `the refresh token lives in the OS keychain: ${stored.join(', ')}`);
    assert.ok(stored.some((a) => a.includes('|databricks|')), 'and the Databricks token too');
  });

  it('whoami --json shows the provider groups claim (names) and the workspace groups matched to it', async () => {
    const result = await runCli(['whoami', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ entra: { username: string; tenantId: string; groups: string[] }; databricks: { userName: string; groups: { displayName: string }[] }; token: { mode: string } }>();
    assert.equal(doc.entra.username, 'alice@fabrikam.com');
    assert.equal(doc.entra.tenantId, issuer);
    assert.deepEqual([...doc.entra.groups].sort(), ['analysts', 'engineers']);
    assert.ok(doc.databricks.groups.some((g) => g.displayName === 'analysts'));
    assert.equal(doc.token.mode, 'federation');
    const text = await runCli(['whoami'], env);
    assert.match(text.stdout, /^OIDC: +alice@fabrikam\.com \(subject 00u/m);
  });

  it('token serves the stored token, ls lists verdicts, and why matches a group claim by display name', async () => {
    const text = await runCli(['token'], env);
    assert.equal(text.code, 0, text.stderr);
    const json = await runCli(['token', '--json'], env);
    assert.equal(json.json<{ accessToken: string }>().accessToken, text.stdout.trim(), 'from the keychain, not minted again');

    const ls = await runCli(['ls', 'clusters', '--json'], env);
    assert.equal(ls.code, 0, ls.stderr);
    const items = ls.json<{ items: { id: string; actions: Record<string, { allowed: boolean | null }> }[] }>().items;
    assert.equal(items.find((i) => i.id === '0101-000000-aaaa0001')?.actions.attach?.allowed, true, 'data-team through nested analysts');

    // "engineers" holds CAN_MANAGE; the provider says alice is in a group of that name, the workspace group does not list her.
    const why = await runCli(['why', 'cluster', ENGINEERS_CLUSTER, 'attach', '--json'], env);
    assert.equal(why.code, 0, why.stderr);
    const verdict = why.json<{ allowed: boolean; blockers: { code: string; message: string }[] }>();
    assert.equal(verdict.allowed, false);
    assert.deepEqual(verdict.blockers.map((b) => b.code), ['GROUP_NOT_SYNCED']);
    assert.match(verdict.blockers[0]?.message ?? '', /identity provider lists you in \("engineers"\)/);
  });

  it('doctor compares the groups claim with the workspace by name and finds the partial sync', async () => {
    const result = await runCli(['doctor', '--json'], env);
    const checks = result.json<{ checks: { id: string; status: string; message: string }[] }>().checks;
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    assert.equal(byId.signin?.status, 'pass', byId.signin?.message);
    assert.equal(byId.token?.status, 'pass', byId.token?.message);
    assert.equal(byId['group-sync']?.status, 'fail');
    assert.match(byId['group-sync']?.message ?? '', /"engineers" \(identity provider group engineers\)/);
  });

  it('refreshes through the rotating refresh token when the token nears expiry', async () => {
    setLifetimes(100);
    try {
      assert.equal((await runCli(['login', '--device-code'], env)).code, 0);
      const first = (await runCli(['token'], env)).stdout.trim();
      const before = sandbox.requestLog.length;
      const second = await runCli(['token', '--json'], env);
      assert.equal(second.code, 0, second.stderr);
      assert.notEqual(second.json<{ accessToken: string }>().accessToken, first);
      const seen = sandbox.requestLog.slice(before).map((r) => `${r.server} ${r.method} ${r.path} ${r.status}`);
      assert.ok(seen.includes('oidc POST /token 200'), `the refresh token was redeemed: ${seen.join(', ')}`);
      assert.ok(seen.includes('workspace POST /oidc/v1/token 200'), 'and the new token exchanged');
    } finally {
      setLifetimes(3600);
    }
  });

  it('works with short-lived tokens (45 s): login, token and ls succeed', async () => {
    setLifetimes(45);
    try {
      const login = await runCli(['login', '--device-code', '--json'], env);
      assert.equal(login.code, 0, login.stderr);
      const token = await runCli(['token', '--json'], env);
      assert.equal(token.code, 0, token.stderr);
      assert.ok(Date.parse(token.json<{ expiresAt: string }>().expiresAt) - Date.now() > 20_000);
      const ls = await runCli(['ls', 'clusters', '--json'], env);
      assert.equal(ls.code, 0, ls.stderr);
    } finally {
      setLifetimes(3600);
      await runCli(['login', '--device-code'], env);
    }
  });

  it('asks for a new sign-in (exit 3) once the provider revoked the refresh token', async () => {
    setLifetimes(100);
    try {
      assert.equal((await runCli(['login', '--device-code'], env)).code, 0);
      assert.ok((await sandbox.oidcProvider!.revokeRefreshTokens()) > 0);
      const result = await runCli(['token', '--json'], env);
      assert.equal(result.code, 3, result.stderr);
      const error = result.json<{ error: { code: string; message: string } }>().error;
      assert.equal(error.code, 'SIGN_IN_REQUIRED');
      assert.match(error.message, /invalid_grant.*Sign in again/);
    } finally {
      setLifetimes(3600);
      await runCli(['login', '--device-code'], env);
    }
  });

  it('logout removes every keychain item of the issuer, and whoami then asks to sign in', async () => {
    assert.ok((await keychainAccounts(issuer)).length >= 2);
    const result = await runCli(['logout', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await keychainAccounts(issuer), []);
    const whoami = await runCli(['whoami', '--json'], env);
    assert.equal(whoami.code, 3);
  });

  it('refuses an OIDC configuration without an issuer, or with one that is not an OpenID provider (exit 2)', async () => {
    const noIssuer = await runCli(['login', '--json'], { ...env, ACCESS_LENS_ISSUER: '' });
    assert.equal(noIssuer.code, 2);
    assert.match(noIssuer.json<{ error: { message: string } }>().error.message, /accessLens\.issuer: is required when the identity provider is "oidc"\. Set --issuer, ACCESS_LENS_ISSUER/);
    const wrong = await runCli(['login', '--device-code', '--json', '--issuer', sandbox.workspaceHost], env);
    assert.equal(wrong.code, 2, wrong.stderr);
    assert.match(wrong.json<{ error: { message: string } }>().error.message, /openid-configuration .*Check accessLens\.issuer/);
  });
});
