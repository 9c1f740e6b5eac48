import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFile, signedInToSandbox, waitForDiagnostics } from './editorHelpers';

describe('Access errors in logs: diagnostics, hover and quick fixes', () => {
  signedInToSandbox();

  it('marks the error line, explains it on hover and offers to explain it with my grants', async () => {
    const content = [
      '12:00:00 INFO submitting run',
      '12:00:01 ERROR {"error_code":"PERMISSION_DENIED","message":"User alice@fabrikam.com does not have Attach permissions on cluster 0101-000000-aaaa0002."}',
      '12:00:02 INFO done',
    ].join('\n');
    const document = await openFile('job-run.log', content);
    const [diagnostic] = await waitForDiagnostics(document.uri);
    assert.ok(diagnostic, 'a diagnostic on the error line');
    assert.equal(diagnostic.range.start.line, 1);
    assert.equal(diagnostic.code, 'PERMISSION_DENIED');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 20));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Access Lens: .*PERMISSION_DENIED/s);
    assert.match(text, /0101-000000-aaaa0002/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const explain = actions.find((a) => a.command?.command === 'accessLens.explainError');
    assert.ok(explain, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.commands.executeCommand(explain.command!.command, ...(explain.command!.arguments ?? []));
    const deadline = Date.now() + 15_000;
    while (!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Explained: PERMISSION_DENIED') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Explained: PERMISSION_DENIED'));
  });
});
