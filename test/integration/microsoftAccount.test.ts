// VS Code's Microsoft account as the identity source (accessLens.identityProvider
// `microsoft`) in the real extension host. A test authentication provider stands
// in for VS Code's `microsoft` one: the harness names it in
// ACCESS_LENS_TEST_MICROSOFT_PROVIDER (read by the extension in
// ExtensionMode.Test only) and makes the product trust the extension with it
// (scripts/vscode-host/productConfiguration.mjs), as a user's "Allow" would,
// since a test workbench refuses the access dialog. Its session holds a token
// the sandbox's Entra signed for the Azure Databricks resource, as VS Code's
// Microsoft account would hold one: the extension must take it from VS Code,
// check it, send it to the workspace, and never store it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TestApi, extensionTestApi, waitFor } from './editorHelpers';
import { SandboxInfo, control, lastSeq, requestsSince, sandboxInfo } from './sandboxControl';
import { TestMicrosoftProvider } from './testMicrosoftProvider';

const AZURE_DATABRICKS_SCOPE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const SIGNED_OUT = '$(shield) Access Lens: signed out';

/** The environment outranks settings (docs/cli.md): the harness's Entra app would ride along as VSCODE_CLIENT_ID. */
const VARIABLES = ['ACCESS_LENS_IDP', 'ACCESS_LENS_CLIENT_ID'] as const;

interface Keytar {
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

/** Every keychain item of the service access-lens: the extension's and the CLI's. */
async function keychainItems(): Promise<{ account: string; password: string }[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const keytar = require('keytar') as Keytar;
  return keytar.findCredentials('access-lens');
}

/** The files below `dir` whose text holds `secret`. */
function filesHolding(dir: string | undefined, secret: string): string[] {
  if (!dir || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => fs.readFileSync(file).includes(secret));
}

describe("VS Code's Microsoft account (identity provider microsoft) in the extension host", () => {
  let info: SandboxInfo;
  let api: TestApi;
  let provider: TestMicrosoftProvider | undefined;
  let registration: vscode.Disposable | undefined;
  let token = '';
  const saved: Partial<Record<(typeof VARIABLES)[number], string | undefined>> = {};
  const settings = () => vscode.workspace.getConfiguration('accessLens');
  const mint = async (scope: string): Promise<string> => (await control<{ access_token: string }>(info.controlApi.entra, 'POST', 'tokens/entra', { userName: info.signedInUser, scope })).access_token;

  before(async function () {
    const providerId = process.env.ACCESS_LENS_TEST_MICROSOFT_PROVIDER;
    // The harness (runExtensionTests.mjs) names the provider and trusts the extension with it; without both, no test.
    if (!process.env.ACCESS_LENS_SANDBOX_FILE || !providerId) return this.skip();
    info = sandboxInfo();
    api = await extensionTestApi();
    token = await mint(AZURE_DATABRICKS_SCOPE);
    provider = new TestMicrosoftProvider({ id: 'alice-account', label: info.signedInUser });
    // The test code runs as the extension under test: VS Code warns that the provider is undeclared, and serves it.
    registration = vscode.authentication.registerAuthenticationProvider(providerId, 'Test Microsoft account', provider, { supportsMultipleAccounts: false });
    provider.hold(token);
    for (const name of VARIABLES) saved[name] = process.env[name];
    // The extension host runs the extension and this suite in one process: what it reads from process.env is this.
    process.env.ACCESS_LENS_IDP = 'microsoft';
    delete process.env.ACCESS_LENS_CLIENT_ID;
    await settings().update('identityProvider', 'microsoft', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (!provider) return;
    await vscode.commands.executeCommand('accessLens.signOut');
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await settings().update('identityProvider', undefined, vscode.ConfigurationTarget.Global);
    registration?.dispose();
    provider.dispose();
  });

  it("Sign In takes the account's token from VS Code without a prompt and the status bar shows the account", async () => {
    const keychainBefore = (await keychainItems()).map((i) => i.account);
    const since = await lastSeq(info.controlApi.entra);
    await vscode.commands.executeCommand('accessLens.signIn');
    const shown = await waitFor('the status bar to show the account', () => {
      const bar = api.statusBar();
      return bar.text.includes(info.signedInUser) ? bar : undefined;
    });
    assert.match(shown.text, new RegExp(`${info.signedInUser} · \\d+ min`));
    assert.match(shown.tooltip, /Token mode: Entra token as bearer/);
    assert.ok(provider!.asked.some((scopes) => scopes.includes(AZURE_DATABRICKS_SCOPE) && scopes.includes(`VSCODE_TENANT:${info.tenantId}`)), `asked VS Code for the Azure Databricks resource in the sandbox tenant: ${JSON.stringify(provider!.asked)}`);
    assert.equal(provider!.created, 0, 'the session VS Code held served: no new sign-in');
    const entraRequests = (await requestsSince(info.controlApi.entra, since)).filter((r) => r.path.includes('/oauth2/'));
    assert.deepEqual(entraRequests, [], 'Access Lens itself never signed in to Entra: VS Code holds the account');
    // Nothing new in the OS keychain, and the token in no item of it (VS Code keeps it, not Access Lens).
    const items = await keychainItems();
    assert.deepEqual(items.map((i) => i.account).filter((a) => !keychainBefore.includes(a)), [], 'no new keychain item');
    assert.ok(!items.some((i) => i.password.includes(token)), 'the token is in no keychain item');
    assert.deepEqual([...filesHolding(api.storage.global, token), ...filesHolding(api.storage.workspace, token)], [], "the token is in none of the extension's files");
  });

  it('the Clusters view shows verdicts read with that token', async () => {
    const since = await lastSeq(info.controlApi.workspace);
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
    const paths = (await requestsSince(info.controlApi.workspace, since)).map((r) => `${r.path} ${r.status}`);
    assert.ok(!paths.includes('/oidc/v1/token 200'), 'the Entra token is the bearer (token mode entra), not exchanged');
  });

  it("VS Code's sign-out of the account (onDidChangeSessions, session removed) signs Access Lens out", async () => {
    provider!.remove();
    await waitFor('the status bar to say signed out', () => (api.statusBar().text === SIGNED_OUT ? true : undefined));
    // The account comes back in VS Code: Access Lens adopts it again, still without a prompt.
    provider!.hold(token);
    await waitFor('the status bar to show the account again', () => (api.statusBar().text.includes(info.signedInUser) ? true : undefined));
  });

  it('Sign Out signs Access Lens out while VS Code keeps the account, and a change in VS Code does not adopt it again', async () => {
    await vscode.commands.executeCommand('accessLens.signOut');
    assert.equal(api.statusBar().text, SIGNED_OUT);
    const kept = await vscode.authentication.getSession(process.env.ACCESS_LENS_TEST_MICROSOFT_PROVIDER!, [AZURE_DATABRICKS_SCOPE], { silent: true });
    assert.equal(kept?.accessToken, token, 'the account stays signed in to VS Code');
    assert.equal(provider!.removed, 0, 'Access Lens never removed the session from VS Code');
    provider!.touch();
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(api.statusBar().text, SIGNED_OUT, 'signed out here stays signed out until Sign In');
  });

  it('a token VS Code holds for another resource never reaches the workspace, and the Clusters view says why', async () => {
    provider!.hold(await mint(GRAPH_SCOPE));
    const since = await lastSeq(info.controlApi.workspace);
    await vscode.commands.executeCommand('accessLens.signIn');
    await vscode.commands.executeCommand('accessLens.refreshView');
    const tree = api.trees.clusters;
    const problem = await waitFor('the Clusters view to name the problem', async () => {
      const [workspace] = (await tree.getChildren()) ?? [];
      if (workspace?.type !== 'workspace') return undefined;
      const nodes = ((await tree.getChildren(workspace)) ?? []).filter((n) => n.type === 'problem');
      const item = nodes[0] ? await tree.getTreeItem(nodes[0]) : undefined;
      return item ? String(item.label) : undefined;
    });
    assert.match(problem, /graph\.microsoft\.com/, `the message names the audience the token carries: ${problem}`);
    const apiCalls = (await requestsSince(info.controlApi.workspace, since)).filter((r) => r.path.startsWith('/api/'));
    assert.deepEqual(apiCalls, [], 'the wrong-audience token never went to the workspace');
  });
});
