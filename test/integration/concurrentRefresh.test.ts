// Issue 12: the extension and CLI processes refresh at once against an identity provider that rotates
// refresh tokens and refuses the old ones (the fake Entra with `refreshTokenRotation: revoke-old`).
// They share one keychain and one lock folder (the extension host and the CLI run in the same private
// D-Bus session and state folder), so each refresh redeems the newest refresh token and nobody has to
// sign in again afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runCli } from '../e2e/cliRunner';
import { control, lastSeq, requestsSince, sandboxInfo } from './sandboxControl';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Refresh in the extension while CLI processes refresh (rotating refresh tokens)', function () {
  this.timeout(180_000);
  let entra: string;
  let workspace: string;
  let env: NodeJS.ProcessEnv;
  let saved: { refreshTokenRotation: string; tokenLifetimeSec: Record<string, number> } | undefined;

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    const info = sandboxInfo();
    entra = info.controlApi.entra;
    workspace = info.controlApi.workspace;
    const extension = vscode.extensions.getExtension('access-lens.databricks-access-lens');
    await extension?.activate();
    const settings = vscode.workspace.getConfiguration('accessLens');
    env = {
      ...process.env,
      ACCESS_LENS_AUTHORITY: settings.get<string>('authority') ?? info.authority,
      ACCESS_LENS_TENANT: settings.get<string>('tenant') ?? info.tenantId,
      ACCESS_LENS_CLIENT_ID: settings.get<string>('clientId') ?? info.clientId,
      ACCESS_LENS_IDP: 'entra',
      DATABRICKS_HOST: info.workspaceHost,
      NODE_EXTRA_CA_CERTS: info.caPath,
      HTTPS_PROXY: '',
      DISPLAY: '',
    };
    saved = await control(entra, 'GET', 'knobs');
    await control(entra, 'POST', 'knobs', { refreshTokenRotation: 'revoke-old' });
    await control(entra, 'POST', 'token-lifetimes', { entra: 45, databricks: 45 });
    await vscode.commands.executeCommand('accessLens.signIn');
  });

  after(async () => {
    if (!entra) return;
    // What the following test files expect: the sandbox as it was, and nobody signed in.
    if (saved) {
      await control(entra, 'POST', 'knobs', { refreshTokenRotation: saved.refreshTokenRotation });
      await control(entra, 'POST', 'token-lifetimes', saved.tokenLifetimeSec);
    }
    await vscode.commands.executeCommand('accessLens.signOut');
  });

  it('three CLI token processes and two Refresh Tokens at once: all succeed, no refresh token is refused, nobody signs in again', async () => {
    // 45 s tokens: `token` refreshes at once (it never hands out less than it can), and so does Refresh Tokens.
    const since = await lastSeq(entra);
    const sinceWorkspace = await lastSeq(workspace);
    const [cliResults] = await Promise.all([
      Promise.all([runCli(['token', '--json'], env), runCli(['token', '--json'], env), runCli(['token', '--json'], env)]),
      (async () => {
        await vscode.commands.executeCommand('accessLens.refreshTokens');
        await sleep(50);
        await vscode.commands.executeCommand('accessLens.refreshTokens');
      })(),
    ]);
    for (const r of cliResults) assert.equal(r.code, 0, `a CLI process failed:\n${r.stderr}`);
    const grants = (await requestsSince(entra, since)).filter((r) => r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token'));
    assert.ok(grants.length >= 2, `the extension and the CLI refreshed (${grants.length} token grants)`);
    assert.deepEqual(grants.filter((r) => r.status !== 200).map((r) => `${r.path} ${r.status}`), [], 'no refresh token was refused for reuse');
    const exchanges = (await requestsSince(workspace, sinceWorkspace)).filter((r) => r.path === '/oidc/v1/token' || r.path.endsWith('/token'));
    assert.ok(exchanges.every((r) => r.status === 200), 'every token exchange succeeded');
    // Afterwards both sides still work without a sign-in: a CLI command, and the extension's refresh.
    const after = await runCli(['whoami', '--json'], env);
    assert.equal(after.code, 0, after.stderr);
    const sinceAfter = await lastSeq(entra);
    await vscode.commands.executeCommand('accessLens.refreshTokens');
    const again = (await requestsSince(entra, sinceAfter)).filter((r) => r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token'));
    assert.ok(again.length >= 1 && again.every((r) => r.status === 200), `the extension refreshed again: ${again.map((r) => r.status).join(', ')}`);
    assert.ok(!(await requestsSince(entra, since)).some((r) => r.path.includes('/devicecode')), 'no new sign-in was started');
  });
});
