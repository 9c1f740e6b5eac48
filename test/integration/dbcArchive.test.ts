import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sampleDbc, zip } from '../corpus/dbc';
import { DENIED } from '../corpus/notebooks';
import { scratchFile, signedInToSandbox, waitForDiagnostics } from './editorHelpers';

interface DbcResult {
  readonly report: string | undefined;
  readonly notebooks: number;
  readonly failedCommands: number;
  readonly accessErrors: number;
}

describe('DBC archives: the access errors of an exported archive in a report with diagnostics', () => {
  signedInToSandbox();

  it('opens a read-only report whose error lines carry the diagnostics, hovers and quick fixes', async () => {
    const archive = vscode.Uri.file(scratchFile('nightly.dbc', sampleDbc()));
    const result = await vscode.commands.executeCommand<DbcResult>('accessLens.explainDbcArchive', archive);
    assert.ok(result?.report, 'a report was opened');
    assert.deepEqual({ ...result, report: undefined }, { report: undefined, notebooks: 2, failedCommands: 3, accessErrors: 2 });
    const uri = vscode.Uri.parse(result.report);
    assert.equal(uri.scheme, 'access-lens-dbc');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.report);
    assert.ok(document, 'the report is open');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), result.report);
    const diagnostics = await waitForDiagnostics(uri, (found) => found.length >= 2);
    assert.deepEqual(diagnostics.map((d) => d.code), ['PERMISSION_DENIED', 'PERMISSION_DENIED']);
    const first = diagnostics[0]!;
    assert.equal(document.getText(first.range), `PermissionDenied: ${DENIED}`);
    assert.ok(!diagnostics.some((d) => document.lineAt(d.range.start.line).text.includes('code │')), 'code quoting an error is not marked');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, first.range.start.translate(0, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Access Lens: .*PERMISSION_DENIED/s);
    assert.match(text, /0101-000000-aaaa0002/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, first.range, vscode.CodeActionKind.QuickFix.value);
    const explain = actions.find((a) => a.command?.command === 'accessLens.explainError');
    assert.ok(explain, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.deepEqual(explain.command?.arguments, [`PermissionDenied: ${DENIED}`]);
  });

  it('says so when an archive holds no access error, and refuses what is no archive', async () => {
    const clean = scratchFile('clean.dbc', zip([{ name: 'a.python', data: JSON.stringify({ commands: [{ position: 1, command: 'x = 1 / 0', state: 'error', errorSummary: 'ZeroDivisionError: division by zero' }] }) }]));
    const none = await vscode.commands.executeCommand<DbcResult>('accessLens.explainDbcArchive', vscode.Uri.file(clean));
    assert.deepEqual(none, { report: undefined, notebooks: 1, failedCommands: 1, accessErrors: 0 });
    const broken = scratchFile('broken.dbc', sampleDbc().subarray(0, 300));
    const before = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'access-lens-dbc').length;
    assert.equal(await vscode.commands.executeCommand('accessLens.explainDbcArchive', vscode.Uri.file(broken)), undefined, 'a bad archive is reported, not thrown');
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'access-lens-dbc').length, before);
  });
});
