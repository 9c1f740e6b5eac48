import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SandboxInfo, control, keychainAccounts, lastSeq, requestsSince, sandboxInfo } from './sandboxControl';

describe('Sign-in, token refresh and sign-out in the extension host, against the sandbox', () => {
  let info: SandboxInfo;
  let base: string;

  before(async function () {
    // Without the sandbox (not built, or --no-sandbox) these tests skip; the harness logs why.
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    info = sandboxInfo();
    base = info.controlApi.workspace;
    await vscode.extensions.getExtension('access-lens.databricks-access-lens')?.activate();
  });
  afterEach(async () => {
    if (base) await control(base, 'DELETE', 'faults');
  });

  it('signs in with the device code, exchanges the token, and keeps both in the OS keychain', async () => {
    const since = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.signIn');
    const paths = (await requestsSince(base, since)).map((r) => `${r.method} ${r.path}`);
    assert.ok(paths.some((p) => p.endsWith('/oauth2/v2.0/devicecode')), paths.join('\n'));
    assert.ok(paths.includes('POST /oidc/v1/token'), 'the Entra token was exchanged for a Databricks token');
    const stored = await keychainAccounts(info.tenantId);
    assert.ok(stored.some((a) => a.endsWith('|msal-cache')), `MSAL cache in the OS keychain: ${stored.join(', ')}`);
    assert.ok(stored.some((a) => a.includes(`|databricks|${info.workspaceHost}|`)), 'Databricks token in the OS keychain');
  });

  it('Refresh Tokens redeems the refresh token and exchanges once', async () => {
    const since = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.refreshTokens');
    const requests = (await requestsSince(base, since)).map((r) => `${r.method} ${r.path}`);
    assert.equal(requests.filter((p) => p.endsWith('/oauth2/v2.0/token')).length, 1, requests.join('\n'));
    assert.equal(requests.filter((p) => p === 'POST /oidc/v1/token').length, 1);
  });

  it('shows the signed-in user in the Clusters view, read from the workspace', async () => {
    const since = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.clusters.focus');
    await vscode.commands.executeCommand('accessLens.refreshView');
    const deadline = Date.now() + 20_000;
    let paths: string[] = [];
    while (Date.now() < deadline) {
      paths = (await requestsSince(base, since)).map((r) => r.path);
      if (paths.includes('/api/2.0/preview/scim/v2/Me')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(paths.includes('/api/2.0/preview/scim/v2/Me'), `the tree asked the workspace who we are: ${paths.join(', ')}`);
  });

  it('Sign Out removes the account and its Databricks tokens from the keychain', async () => {
    await vscode.commands.executeCommand('accessLens.signOut');
    const stored = await keychainAccounts(info.tenantId);
    assert.ok(!stored.some((a) => a.includes('|databricks|')), `no Databricks token left: ${stored.join(', ')}`);
    assert.ok(!stored.some((a) => a.endsWith('|current-account')));
  });

  it('a Conditional Access block leaves nothing behind and does not offer another flow', async () => {
    await control(base, 'POST', 'faults', { target: 'entra', aadsts: 53003, grantType: 'device_code' });
    const since = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.signIn');
    const requests = await requestsSince(base, since);
    assert.ok(requests.some((r) => r.path.endsWith('/oauth2/v2.0/token') && r.status === 400), 'Entra refused the sign-in');
    assert.ok(!requests.some((r) => r.path === '/oidc/v1/token'), 'no token went to the workspace');
    const stored = await keychainAccounts(info.tenantId);
    assert.ok(!stored.some((a) => a.includes('|databricks|')));
  });
});
