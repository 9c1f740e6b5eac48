import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { CliResult, runCli, sandboxEnv } from './cliRunner';

/** Keychain items (service access-lens) under a namespace prefix, as secret-tool sees them. */
function keychainAccounts(prefix: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('secret-tool', ['search', '--all', 'service', 'access-lens'], { encoding: 'utf8', timeout: 15_000 }, (error, stdout, stderr) => {
      if (error && error.killed) return reject(new Error(`secret-tool did not answer within 15 s: ${stderr}`));
      resolve([...`${stdout}\n${stderr}`.matchAll(/attribute\.account = (.*)/g)].map((m) => m[1] ?? '').filter((a) => a.startsWith(prefix.toLowerCase())));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** A 45 s token is renewed 33 s before it expires: after this wait, every process finds it due. */
const UNTIL_DUE_MS = 13_000;
const PROCESSES = 4;

function summary(results: readonly CliResult[]): string {
  return results.map((r, i) => `#${i}: exit ${r.code} ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`).join('\n');
}

/**
 * Issue 12, concurrency across processes: several `access-lens` processes share one keychain and
 * refresh at once against providers that rotate refresh tokens and reject reuse. Real processes,
 * real HTTPS, the real keychain of the private D-Bus session, one state folder for the locks.
 */
describe('access-lens processes refreshing at once (issue 12)', function () {
  this.timeout(180_000);
  let stateHome: string;

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    stateHome = await fs.mkdtemp(path.join(os.tmpdir(), 'access-lens-state-'));
  });
  after(async () => {
    if (stateHome) await fs.rm(stateHome, { recursive: true, force: true });
  });

  describe('with oidc-provider (rotating refresh tokens, reuse revokes the grant)', () => {
    let sandbox: Sandbox;
    let env: NodeJS.ProcessEnv;
    let issuer: string;
    const tokenRequests = (since: number) => sandbox.requestLog.slice(since).filter((r) => r.server === 'oidc' && r.method === 'POST' && r.path === '/token');

    before(async function () {
      if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
      sandbox = await startSandbox({ scenario: 'basic', oidc: { autoApprove: true } });
      issuer = sandbox.oidc!.issuer;
      env = sandboxEnv(sandbox, { ACCESS_LENS_IDP: 'oidc', ACCESS_LENS_ISSUER: issuer, ACCESS_LENS_CLIENT_ID: sandbox.oidc!.clientId, ACCESS_LENS_AUTHORITY: '', ACCESS_LENS_TENANT: '', XDG_STATE_HOME: stateHome });
      sandbox.oidcProvider!.setAccessTokenLifetime(45);
      sandbox.control.setTokenLifetimes({ databricks: 45 });
    });
    after(async () => {
      if (env) await runCli(['logout'], env);
      await sandbox?.stop();
    });

    it(`${PROCESSES} ls processes started together after the token came due: all exit 0, one refresh, no sign-in needed`, async () => {
      assert.equal((await runCli(['login', '--device-code'], env)).code, 0);
      await sleep(UNTIL_DUE_MS);
      const before = sandbox.requestLog.length;
      const results = await Promise.all(Array.from({ length: PROCESSES }, () => runCli(['ls', 'clusters', '--json'], env)));
      assert.deepEqual(results.map((r) => r.code), Array(PROCESSES).fill(0), summary(results));
      const refreshes = tokenRequests(before);
      console.log(`      oidc ls: ${PROCESSES} processes, ${refreshes.length} refresh(es), statuses ${refreshes.map((r) => r.status).join(',')}`);
      assert.deepEqual(refreshes.map((r) => r.status), [200], 'one process refreshed; the others used what it stored');
      const next = await runCli(['token', '--json'], env);
      assert.equal(next.code, 0, `re-sign-ins needed: 0 (${next.stderr})`);
    });

    it(`${PROCESSES} token processes (each forcing a refresh): all exit 0, no reuse, no sign-in needed`, async () => {
      const before = sandbox.requestLog.length;
      const results = await Promise.all(Array.from({ length: PROCESSES }, () => runCli(['token', '--json'], env)));
      assert.deepEqual(results.map((r) => r.code), Array(PROCESSES).fill(0), summary(results));
      const refreshes = tokenRequests(before);
      console.log(`      oidc token: ${PROCESSES} processes, ${refreshes.length} refresh(es), statuses ${refreshes.map((r) => r.status).join(',')}`);
      assert.ok(refreshes.length >= 1 && refreshes.length <= PROCESSES);
      assert.ok(refreshes.every((r) => r.status === 200), 'no refresh token was redeemed twice');
      const next = await runCli(['ls', 'clusters', '--json'], env);
      assert.equal(next.code, 0, `re-sign-ins needed: 0 (${next.stderr})`);
    });

    it('a logout while a refresh is in flight wins: nothing of the issuer is left in the keychain', async () => {
      assert.equal((await runCli(['login', '--device-code'], env)).code, 0);
      assert.ok((await keychainAccounts(issuer)).some((a) => a.includes('|oidc-account|')));
      const provider = sandbox.oidcProvider!;
      provider.setTokenDelay(1_500);
      try {
        const arrived = provider.tokenRequestsArrived;
        // `token` with a 45 s token forces a refresh at once (less than the 2 minutes it promises).
        const refreshing = runCli(['token', '--json'], env);
        for (let i = 0; i < 200 && provider.tokenRequestsArrived === arrived; i++) await sleep(25);
        assert.ok(provider.tokenRequestsArrived > arrived, 'the refresh reached the provider');
        const logout = await runCli(['logout', '--json'], env);
        assert.equal(logout.code, 0, logout.stderr);
        await refreshing;
      } finally {
        provider.setTokenDelay(0);
      }
      assert.deepEqual(await keychainAccounts(issuer), [], 'the refresh did not write the account (or its Databricks token) back');
      const after = await runCli(['token', '--json'], env);
      assert.equal(after.code, 3, 'signed out for good');
    });
  });

  describe('with the fake Entra ID rotating refresh tokens and refusing the old ones', () => {
    let sandbox: Sandbox;
    let env: NodeJS.ProcessEnv;
    const refreshGrants = (since: number) =>
      sandbox.requestLog.slice(since).filter((r) => r.server === 'entra' && r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token'));

    before(async function () {
      if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
      sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true, refreshTokenRotation: 'revoke-old' } });
      env = sandboxEnv(sandbox, { XDG_STATE_HOME: stateHome });
      sandbox.control.setTokenLifetimes({ entra: 45, databricks: 45 });
    });
    after(async () => {
      if (env) await runCli(['logout'], env);
      await sandbox?.stop();
    });

    it(`${PROCESSES} ls and ${PROCESSES} token processes started together after the token came due: all exit 0, no sign-in needed`, async () => {
      assert.equal((await runCli(['login', '--device-code'], env)).code, 0);
      await sleep(UNTIL_DUE_MS);
      const before = sandbox.requestLog.length;
      const results = await Promise.all([
        ...Array.from({ length: PROCESSES }, () => runCli(['ls', 'clusters', '--json'], env)),
        ...Array.from({ length: PROCESSES }, () => runCli(['token', '--json'], env)),
      ]);
      assert.deepEqual(results.map((r) => r.code), Array(2 * PROCESSES).fill(0), summary(results));
      const grants = refreshGrants(before);
      console.log(`      entra: ${2 * PROCESSES} processes, ${grants.length} refresh(es), statuses ${grants.map((r) => r.status).join(',')}`);
      assert.ok(grants.every((r) => r.status === 200), 'no refresh token was redeemed after it was rotated');
      const next = await runCli(['token', '--json'], env);
      assert.equal(next.code, 0, `re-sign-ins needed: 0 (${next.stderr})`);
    });

    it('a logout while a refresh is in flight wins: nothing of the tenant is left in the keychain', async () => {
      assert.equal((await runCli(['login', '--device-code'], env)).code, 0);
      sandbox.control.setKnobs({ latencyMs: 1_500 });
      try {
        const refreshing = runCli(['token', '--json'], env);
        await sleep(1_000);
        const logout = await runCli(['logout', '--json'], env);
        assert.equal(logout.code, 0, logout.stderr);
        await refreshing;
      } finally {
        sandbox.control.setKnobs({ latencyMs: 0 });
      }
      assert.deepEqual(await keychainAccounts(sandbox.tenantId), []);
    });
  });
});
