// The workspace's own sign-in (identity provider `databricks`: OAuth U2M with
// the databricks-cli client) in the real extension host: Sign In opens the
// browser through VS Code (openExternal), where the harness's fake person
// (scripts/vscode-host/fakePerson.mjs) goes through the workspace's authorize
// page, which the suite's sandbox approves by itself, back to the extension's
// loopback on a free port; then the tree's verdicts, the status bar and Sign Out.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { freePort } from '../fakes/freePort';
import { TestApi, extensionTestApi, waitFor } from './editorHelpers';
import { SandboxInfo, control, keychainAccounts, lastSeq, requestsSince, sandboxInfo } from './sandboxControl';

/**
 * The environment outranks settings (docs/cli.md) and the harness sets the Entra client id and the device code
 * there: the workspace's client, the browser (it has no device code) and a free redirect port replace them.
 */
const VARIABLES = ['ACCESS_LENS_IDP', 'ACCESS_LENS_CLIENT_ID', 'ACCESS_LENS_SIGN_IN_FLOW', 'ACCESS_LENS_REDIRECT_PORT'] as const;

describe("Sign-in with the workspace's own OAuth (identity provider databricks) in the extension host", () => {
  let info: SandboxInfo;
  let base: string;
  let api: TestApi;
  let configured = false;
  const saved: Partial<Record<(typeof VARIABLES)[number], string | undefined>> = {};
  const settings = () => vscode.workspace.getConfiguration('accessLens');
  const namespace = () => info.workspaceHost.toLowerCase();

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    info = sandboxInfo();
    base = info.controlApi.workspace;
    api = await extensionTestApi();
    const port = await freePort();
    await control(base, 'POST', 'u2m/redirect-ports', { port });
    for (const name of VARIABLES) saved[name] = process.env[name];
    // The extension host runs the extension and this suite in one process: what it reads from process.env is this.
    Object.assign(process.env, { ACCESS_LENS_IDP: 'databricks', ACCESS_LENS_CLIENT_ID: 'databricks-cli', ACCESS_LENS_SIGN_IN_FLOW: 'browser', ACCESS_LENS_REDIRECT_PORT: String(port) });
    // The setting says the same; changing it is what tells the extension to rebuild its identity core.
    await settings().update('identityProvider', 'databricks', vscode.ConfigurationTarget.Global);
    configured = true;
  });

  after(async () => {
    if (!configured) return;
    await vscode.commands.executeCommand('accessLens.signOut');
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await settings().update('identityProvider', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Sign In goes through the browser to the workspace itself (databricks-cli, PKCE) and keeps the sign-in in the OS keychain', async () => {
    const since = await lastSeq(base);
    await vscode.commands.executeCommand('accessLens.signIn');
    const requests = (await requestsSince(base, since)).map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.ok(requests.includes('GET /oidc/.well-known/oauth-authorization-server 200'), requests.join('\n'));
    assert.ok(requests.includes('GET /oidc/v1/authorize 302'), 'the browser went to the authorize page and was sent back to the extension');
    assert.ok(requests.includes('POST /oidc/v1/token 200'), 'the authorization code was redeemed');
    assert.ok(!requests.some((r) => r.includes('/oauth2/v2.0/')), 'Entra was never asked');
    const stored = await keychainAccounts(namespace());
    assert.ok(stored.some((a) => a.startsWith(`${namespace()}|databricks-cli|oidc-account|`)), `the sign-in (with its refresh token) is in the OS keychain under the workspace host: ${stored.join(', ')}`);
  });

  it('the Clusters view shows verdicts from the workspace groups', async () => {
    await vscode.commands.executeCommand('accessLens.refreshView');
    const tree = api.trees.clusters;
    const shared = await waitFor('the verdict on team-shared', async () => {
      const [workspace] = (await tree.getChildren()) ?? [];
      if (workspace?.type !== 'workspace') return undefined;
      const nodes = ((await tree.getChildren(workspace)) ?? []).filter((n) => n.type === 'object' && n.summary?.name === 'team-shared');
      const item = nodes[0] ? await tree.getTreeItem(nodes[0]) : undefined;
      return item && item.description !== 'checking…' ? item : undefined;
    });
    assert.equal(shared.description, 'CAN_ATTACH_TO · via data-team', 'a grant that reaches you through nested workspace groups');
    assert.equal((shared.iconPath as vscode.ThemeIcon).id, 'pass');
  });

  it("the status bar shows who is signed in, at which workspace, with the workspace's own token", () => {
    const shown = api.statusBar();
    assert.match(shown.text, new RegExp(`${info.signedInUser} · \\d+ min`));
    assert.match(shown.tooltip, new RegExp(`Workspace \`${info.workspaceHost.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``));
    assert.match(shown.tooltip, /Token mode: the workspace's own OAuth token/);
  });

  it('Sign Out removes the sign-in from the keychain and the status bar says so', async () => {
    await vscode.commands.executeCommand('accessLens.signOut');
    assert.deepEqual(await keychainAccounts(namespace()), []);
    assert.equal(api.statusBar().text, '$(shield) Access Lens: signed out');
  });
});
