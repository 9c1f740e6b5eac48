import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFile, waitForDiagnostics } from './editorHelpers';

const PAT = `dapi${'0123456789abcdef'.repeat(2)}`;

describe('Static secrets in open files', () => {
  before(async () => {
    await vscode.extensions.getExtension('access-lens.databricks-access-lens')?.activate();
  });
  after(async () => {
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('warns about a personal access token in a .env-like file and removes it with the quick fix', async () => {
    const document = await openFile('.env', `DATABRICKS_HOST=https://adb-1.2.azuredatabricks.net\nDATABRICKS_TOKEN=${PAT}\n`);
    const [diagnostic] = await waitForDiagnostics(document.uri);
    assert.ok(diagnostic, 'a diagnostic on the token');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.getText(diagnostic.range), PAT);
    assert.match(diagnostic.message, /personal access token .* sign in with Access Lens instead/);
    let actions: vscode.CodeAction[] = [];
    for (let attempt = 0; attempt < 50 && actions.length === 0; attempt++) {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      if (actions.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    const remove = actions.find((a) => a.title === 'Remove the personal access token');
    assert.ok(remove?.edit, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(actions.some((a) => a.command?.command === 'accessLens.signIn'), 'and one that signs in instead');
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    assert.equal(document.getText(), 'DATABRICKS_HOST=https://adb-1.2.azuredatabricks.net\nDATABRICKS_TOKEN=\n');
    assert.deepEqual(await waitForDiagnostics(document.uri, (found) => found.length === 0, 5000), [], 'the warning goes with the token');
  });
});
