import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openFile, scratchFile, waitFor, waitForDiagnostics } from './editorHelpers';

/** A token that is not shaped like dapi…: only the profile parser knows `token =` is one. */
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.profile-token-under-test';
const PAT = `dapi${'ab'.repeat(16)}`;
const CFG = ['[it-prod]', 'host = https://it-prod.cloud.databricks.com', '', '[it-dev]', 'host = adb-4242424242424242.4.azuredatabricks.net', `token = ${TOKEN}`, '', '[it-old]', 'auth_type = pat', 'host = https://it-old.cloud.databricks.com', `token = ${PAT}`, ''].join('\n');

const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('accessLens');
const userWorkspaces = (): { host: string; name?: string }[] => (settings().inspect<{ host: string; name?: string }[]>('workspaces')?.globalValue ?? []);

/**
 * Opens "Add Workspace…" and accepts the item `down` rows below the first, as a person would with the
 * arrow keys. The picker shows once the file is read: an attempt that came too early is made again.
 */
async function pickInAddWorkspace(down: number, expectHost: string): Promise<void> {
  await waitFor(`"${expectHost}" in accessLens.workspaces`, async () => {
    void vscode.commands.executeCommand('accessLens.addWorkspace');
    await new Promise((r) => setTimeout(r, 700));
    for (let i = 0; i < down; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((r) => setTimeout(r, 500));
    return userWorkspaces().some((w) => w.host === expectHost) ? true : undefined;
  });
}

/** Runs the "replace by a sign-in" quick fix offered on `diagnostic`, as a click on it would. */
async function applySignInFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<void> {
  let actions: vscode.CodeAction[] = [];
  for (let attempt = 0; attempt < 50 && actions.length === 0; attempt++) {
    actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    if (actions.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  const replace = actions.find((a) => a.command?.command === 'accessLens.replaceSecretWithSignIn');
  assert.ok(replace?.command, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
  assert.equal(replace.isPreferred, true);
  // Not awaited: the command ends when its notification is dismissed.
  void vscode.commands.executeCommand(replace.command.command, ...(replace.command.arguments ?? []));
}

describe('Databricks configuration profiles in VS Code', function () {
  this.timeout(60_000);
  let previousWorkspaces: unknown;
  let previousFile: string | undefined;

  beforeEach(async () => {
    await vscode.extensions.getExtension('access-lens.databricks-access-lens')?.activate();
  });
  before(() => {
    previousWorkspaces = settings().inspect('workspaces')?.globalValue;
    previousFile = process.env.DATABRICKS_CONFIG_FILE;
    process.env.DATABRICKS_CONFIG_FILE = scratchFile('databrickscfg', CFG);
  });
  after(async () => {
    await settings().update('workspaces', previousWorkspaces, vscode.ConfigurationTarget.Global);
    if (previousFile === undefined) delete process.env.DATABRICKS_CONFIG_FILE;
    else process.env.DATABRICKS_CONFIG_FILE = previousFile;
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Add Workspace…" lists the profiles and adds the one picked to the user settings, named after it', async () => {
    await pickInAddWorkspace(0, 'https://it-prod.cloud.databricks.com');
    assert.deepEqual(userWorkspaces().find((w) => w.host === 'https://it-prod.cloud.databricks.com'), { host: 'https://it-prod.cloud.databricks.com', name: 'it-prod' });
    await pickInAddWorkspace(1, 'https://adb-4242424242424242.4.azuredatabricks.net');
    assert.equal(userWorkspaces().find((w) => w.host === 'https://adb-4242424242424242.4.azuredatabricks.net')?.name, 'it-dev');
    assert.ok(!JSON.stringify(userWorkspaces()).includes(TOKEN), 'the token is never copied into the settings');
  });

  it('flags a profile token in .databrickscfg and replaces it by a sign-in, keeping a private backup', async () => {
    const document = await openFile('.databrickscfg', CFG);
    const [diagnostic] = await waitForDiagnostics(document.uri);
    assert.ok(diagnostic, 'a diagnostic on the profile token');
    assert.equal(document.getText(diagnostic.range), TOKEN);
    assert.match(diagnostic.message, /Profile "it-dev" keeps a Databricks personal access token .* never uses it/);
    await applySignInFix(document, diagnostic);
    const folder = path.dirname(document.uri.fsPath);
    const backup = await waitFor('the backup file', async () => (await fs.readdir(folder)).find((f) => f.startsWith('.databrickscfg.access-lens-backup-')));
    const saved = await waitFor('the edit saved', async () => {
      const text = await fs.readFile(document.uri.fsPath, 'utf8');
      return text.includes(TOKEN) ? undefined : text;
    });
    assert.match(saved, /\[it-dev\]\nhost = adb-4242424242424242\.4\.azuredatabricks\.net\n# token removed by Access Lens on .*: revoke it in the workspace, then delete \.databrickscfg\.access-lens-backup-\d+\nauth_type = databricks-cli\n/);
    assert.equal(await fs.readFile(path.join(folder, backup), 'utf8'), CFG, 'the backup holds the file as it was');
    if (process.platform !== 'win32') assert.equal((await fs.stat(path.join(folder, backup))).mode & 0o777, 0o600);

    // A profile whose auth_type names the token (pat) gets the sign-in there, not a second auth_type.
    const [old] = await waitForDiagnostics(document.uri, (found) => found.length === 1 && document.getText(found[0]!.range) === PAT, 5000);
    assert.ok(old, 'the it-old token is still flagged');
    await new Promise((r) => setTimeout(r, 1100)); // the backup's name has a one-second resolution
    await applySignInFix(document, old);
    const fixed = await waitFor('the second edit saved', async () => {
      const text = await fs.readFile(document.uri.fsPath, 'utf8');
      return text.includes(PAT) ? undefined : text;
    });
    assert.match(fixed, /\[it-old\]\nauth_type = databricks-cli\nhost = https:\/\/it-old\.cloud\.databricks\.com\n# token removed by Access Lens/);
    assert.deepEqual(await waitForDiagnostics(document.uri, (found) => found.length === 0, 5000), [], 'the warnings go with the tokens');
  });
});
