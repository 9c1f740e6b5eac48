import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SandboxInfo, keychainAccounts, lastSeq, requestsSince, sandboxInfo } from './sandboxControl';

/** The variables that switch the extension to the OpenID Connect provider: the environment outranks settings (docs/cli.md). */
const OIDC_VARIABLES = ['ACCESS_LENS_IDP', 'ACCESS_LENS_ISSUER', 'ACCESS_LENS_CLIENT_ID'] as const;

describe('Sign-in through an OpenID Connect provider (oidc-provider) in the extension host', () => {
  let info: SandboxInfo;
  let base: string;
  let issuer: string;
  const saved: Partial<Record<(typeof OIDC_VARIABLES)[number], string | undefined>> = {};
  const settings = () => vscode.workspace.getConfiguration('accessLens');

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    info = sandboxInfo();
    if (!info.oidc) return this.skip();
    base = info.controlApi.workspace;
    issuer = info.oidc.issuer;
    await vscode.extensions.getExtension('access-lens.databricks-access-lens')?.activate();
    for (const name of OIDC_VARIABLES) saved[name] = process.env[name];
    // The extension host runs the extension and this suite in one process: what it reads from process.env is this.
    Object.assign(process.env, { ACCESS_LENS_IDP: 'oidc', ACCESS_LENS_ISSUER: issuer, ACCESS_LENS_CLIENT_ID: info.oidc.clientId });
    // The settings say the same; changing them is what tells the extension to rebuild its identity core.
    await settings().update('identityProvider', 'oidc', vscode.ConfigurationTarget.Global);
    await settings().update('issuer', issuer, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (!issuer) return;
    for (const name of OIDC_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await settings().update('identityProvider', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('issuer', undefined, vscode.ConfigurationTarget.Global);
  });

  it('signs in with the standard device flow, exchanges the token at the workspace, and keeps both in the OS keychain', async () => {
    const since = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.signIn');
    const requests = (await requestsSince(base, since)).map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.ok(requests.includes('GET /.well-known/openid-configuration 200'), requests.join('\n'));
    assert.ok(requests.includes('POST /device/auth 200'), 'the RFC 8628 device authorization');
    assert.ok(requests.includes('POST /token 200'), 'the device grant was redeemed');
    assert.ok(requests.includes('POST /oidc/v1/token 200'), 'the provider token was exchanged for a Databricks token');
    assert.ok(!requests.some((r) => r.includes('/oauth2/v2.0/')), 'Entra was never asked');
    const stored = await keychainAccounts(issuer);
    assert.ok(stored.some((a) => a.includes('|oidc-account|')), `the refresh token is in the OS keychain: ${stored.join(', ')}`);
    assert.ok(stored.some((a) => a.includes(`|databricks|${info.workspaceHost}|`)), 'and the Databricks token');
  });

  it('Refresh Tokens redeems the refresh token at the provider and exchanges once', async () => {
    const since = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.refreshTokens');
    const requests = (await requestsSince(base, since)).map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.equal(requests.filter((r) => r === 'POST /token 200').length, 1, requests.join('\n'));
    assert.equal(requests.filter((r) => r === 'POST /oidc/v1/token 200').length, 1);
  });

  it('Sign Out removes the account, its refresh token and its Databricks tokens from the keychain', async () => {
    await vscode.commands.executeCommand('accessLens.signOut');
    assert.deepEqual(await keychainAccounts(issuer), []);
  });
});
