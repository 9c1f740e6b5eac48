import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../fakes/freePort';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { loadScenario } from '../fakes/scenarioLoad';
import { runCli, sandboxEnv } from './cliRunner';

/** `$BROWSER`: one program, so a script that runs the fake browser (browserCommand.ts) on the URL. */
function fakeBrowserProgram(dir: string): string {
  const script = path.join(dir, 'fake-browser.sh');
  const command = path.resolve(__dirname, '../fakes/browserCommand.js');
  fs.writeFileSync(script, `#!/bin/sh\nexec "${process.execPath}" "${command}" "$@"\n`, { mode: 0o755 });
  return script;
}

function postForm(url: string, form: Record<string, string>, caPath: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca: fs.readFileSync(caPath), headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `--idp databricks`: the workspace's own OAuth for users (authorization code + PKCE, client
 * databricks-cli, rotating refresh tokens), through the fake browser and the sandbox workspace's
 * authorization server. Nothing of Entra is asked, and the workspace token is the bearer.
 */
const ENGINEERS_CLUSTER = '0101-000000-aaaa0003';

describe('access-lens --idp databricks (workspace OAuth U2M, real HTTPS, real keychain)', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let user: string;
  const lines = (since: number): string[] => sandbox.requestLog.slice(since).map((r) => `${r.server} ${r.method} ${r.path} ${r.status}`);

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    // The basic scenario, with the ACL of the "engineers" cluster readable to its users (as cliOidc.test.ts).
    const scenario = structuredClone(loadScenario('basic'));
    for (const cluster of scenario.workspace.clusters ?? []) if (cluster.cluster_id === ENGINEERS_CLUSTER) cluster.aclReadableBy = 'anyone';
    sandbox = await startSandbox({ scenario, overrides: { autoApprove: true } });
    user = sandbox.info().signedInUser;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-lens-u2m-'));
    const port = await freePort();
    sandbox.u2m.allowRedirectPort(port);
    // No Entra settings at all: the Databricks sign-in needs none.
    env = sandboxEnv(sandbox, { ACCESS_LENS_IDP: 'databricks', ACCESS_LENS_REDIRECT_PORT: String(port), ACCESS_LENS_CLIENT_ID: '', ACCESS_LENS_AUTHORITY: '', ACCESS_LENS_TENANT: '', BROWSER: fakeBrowserProgram(dir) });
  });

  after(async () => {
    if (env) await runCli(['logout'], env);
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('login --json signs in through the browser at the workspace itself, with PKCE and the databricks-cli client', async () => {
    const before = sandbox.requestLog.length;
    const result = await runCli(['login', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ account: Record<string, string>; databricks: Record<string, string>; token: Record<string, string> }>();
    assert.equal(doc.account.username, user);
    assert.equal(doc.account.tenantId, sandbox.workspaceHost, 'the sign-in is per workspace');
    assert.deepEqual(doc.databricks, { host: sandbox.workspaceHost, userName: user });
    assert.equal(doc.token.mode, 'databricks');
    const seen = lines(before);
    assert.ok(seen.includes('workspace GET /oidc/.well-known/oauth-authorization-server 200'), seen.join('\n'));
    assert.ok(seen.includes('workspace GET /oidc/v1/authorize 302'), seen.join('\n'));
    assert.equal(seen.filter((s) => s === 'workspace POST /oidc/v1/token 200').length, 1, `one grant, no refresh spent at sign-in:\n${seen.join('\n')}`);
    assert.ok(!seen.some((s) => s.startsWith('entra ')), 'Entra is never asked');
  });

  it('whoami: entra is null, and the missing provider groups are said, not passed over', async () => {
    const result = await runCli(['whoami', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const doc = result.json<{ entra: unknown; databricks: { userName: string }; token: { mode: string }; idpGroupsUnknown?: { reason: string; howToEnable: string } }>();
    assert.equal(doc.entra, null);
    assert.equal(doc.databricks.userName, user);
    assert.equal(doc.token.mode, 'databricks');
    assert.match(doc.idpGroupsUnknown?.reason ?? '', /cannot see your identity provider's groups/);
    assert.match(doc.idpGroupsUnknown?.howToEnable ?? '', /--idp entra|--idp oidc/);
  });

  it('ls clusters works with the workspace token; token hands out the stored one', async () => {
    const ls = await runCli(['ls', 'clusters', '--json'], env);
    assert.equal(ls.code, 0, ls.stderr);
    assert.ok(ls.json<{ items: unknown[] }>().items.length > 0);
    const text = await runCli(['token'], env);
    const json = await runCli(['token', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.json<{ accessToken: string; mode: string }>().accessToken, text.stdout.trim());
    assert.equal(json.json<{ mode: string }>().mode, 'databricks');
  });

  it('why says a partial SCIM sync could not be checked, instead of passing over it', async () => {
    const why = await runCli(['why', 'cluster', ENGINEERS_CLUSTER, 'attach', '--json'], env);
    assert.equal(why.code, 0, why.stderr);
    const verdict = why.json<{ allowed: boolean; blockers: { code: string; message: string }[] }>();
    assert.equal(verdict.allowed, false);
    const unchecked = verdict.blockers.find((b) => b.code === 'GROUP_SYNC_UNCHECKED');
    assert.ok(unchecked, JSON.stringify(verdict.blockers));
    assert.match(unchecked.message, /"engineers".*identity provider group.*cannot see your identity provider's groups/);
  });

  it('doctor names the sign-in and warns that group sync cannot be checked', async () => {
    const result = await runCli(['doctor', '--json'], env);
    const checks = Object.fromEntries(result.json<{ checks: { id: string; status: string; message: string }[] }>().checks.map((c) => [c.id, c]));
    assert.equal(checks.token?.status, 'pass', checks.token?.message);
    assert.match(checks.token?.message ?? '', /workspace's own sign-in/);
    assert.equal(checks['group-sync']?.status, 'warn', checks['group-sync']?.message);
    assert.match(checks['group-sync']?.message ?? '', /cannot see your identity provider's groups/);
  });

  it('refreshes through the refresh token when the token nears expiry, and the redeemed one is refused (rotation)', async () => {
    sandbox.control.setTokenLifetimes({ databricks: 100 });
    try {
      assert.equal((await runCli(['login'], env)).code, 0);
      const refreshBefore = sandbox.control.issuedTokens().filter((t) => t.kind === 'databricks-refresh').at(-1)!.token;
      const first = (await runCli(['token'], env)).stdout.trim();
      const before = sandbox.requestLog.length;
      // 100 s left is below the 2 minutes `token` promises: it refreshes.
      const second = await runCli(['token', '--json'], env);
      assert.equal(second.code, 0, second.stderr);
      assert.notEqual(second.json<{ accessToken: string }>().accessToken, first);
      assert.ok(lines(before).includes('workspace POST /oidc/v1/token 200'), lines(before).join('\n'));
      const replay = await postForm(`${sandbox.workspaceHost}/oidc/v1/token`, { grant_type: 'refresh_token', refresh_token: refreshBefore, client_id: 'databricks-cli' }, sandbox.caPath);
      assert.equal(replay.status, 400);
      assert.deepEqual(replay.body, { error: 'invalid_grant', error_description: 'Refresh token is invalid' });
    } finally {
      sandbox.control.setTokenLifetimes({ databricks: 3600 });
    }
  });

  it('a token the workspace expired (its clock moved on) is refreshed and the call retried', async () => {
    assert.equal((await runCli(['login'], env)).code, 0);
    sandbox.control.advanceClock(2 * 3600);
    const before = sandbox.requestLog.length;
    const ls = await runCli(['ls', 'clusters', '--json'], env);
    assert.equal(ls.code, 0, ls.stderr);
    assert.ok(lines(before).includes('workspace POST /oidc/v1/token 200'), `refreshed after the rejection:\n${lines(before).join('\n')}`);
  });

  it('a revoked refresh token asks for a sign-in (exit 3), saying how', async () => {
    sandbox.control.setTokenLifetimes({ databricks: 100 });
    try {
      assert.equal((await runCli(['login'], env)).code, 0);
      sandbox.u2m.revokeRefreshTokens();
      const result = await runCli(['token', '--json'], env);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /Refresh token is invalid.*Sign in again: access-lens login --idp databricks/);
    } finally {
      sandbox.control.setTokenLifetimes({ databricks: 3600 });
    }
  });

  it('when the redirect port is taken, login says which process holds it and what to do (exit 3)', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCli(['login', '--json'], { ...env, ACCESS_LENS_REDIRECT_PORT: String(port) });
      assert.equal(result.code, 3, result.stderr);
      const error = result.json<{ error: { code: string; message: string } }>().error;
      assert.equal(error.code, 'SIGN_IN_PORT_IN_USE');
      assert.match(error.message, new RegExp(`needs port ${port} .*process ${process.pid} \\(`));
      assert.match(error.message, /finish or cancel it, or stop that program/);
    } finally {
      blocker.close();
    }
  });

  it('logout removes the sign-in from the keychain; whoami then asks for a sign-in', async () => {
    const out = await runCli(['logout', '--json'], env);
    assert.equal(out.code, 0, out.stderr);
    assert.ok(out.json<{ removed: number }>().removed > 0);
    const whoami = await runCli(['whoami', '--json'], env);
    assert.equal(whoami.code, 3, whoami.stderr);
  });
});
