// Diagnostics, hovers and quick fixes on Unity Catalog table references, against the "basic"
// sandbox scenario in the real extension host. alice may use catalog main but not schema
// main.features, so main.features.churn is a broken chain (USE_SCHEMA missing);
// main.reporting.sales is readable (filtered).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, openFile, quickFixes, signedInToSandbox, waitForDiagnostics } from './editorHelpers';

const GRANT = 'GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `';

describe('Unity Catalog table references in SQL and Python', () => {
  signedInToSandbox();

  it('marks a table whose chain is broken in a .sql file, explains the chain on hover, and offers the GRANT request and the why', async () => {
    const content = ['-- nightly features', 'SELECT * FROM main.features.churn;', 'SELECT region, amount FROM main.reporting.sales;', 'SELECT * FROM churn_local;'].join('\n');
    const document = await openFile('features.sql', content);
    const found = await waitForDiagnostics(document.uri, (f) => f.some((d) => d.code === 'PRIVILEGE_MISSING'), 30_000);
    const denied = found.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(denied.map((d) => [d.range.start.line, String(d.code), document.getText(d.range)]), [[1, 'PRIVILEGE_MISSING', 'main.features.churn']], 'only the broken chain is a warning: the allowed table and the partial name are not');
    assert.match(denied[0]!.message, /You cannot select from table main\.features\.churn: You do not hold USE SCHEMA on schema main\.features/);
    assert.deepEqual(found.filter((d) => d.range.start.line === 2), [], 'the table alice may read gets nothing');
    assert.deepEqual(found.filter((d) => d.range.start.line === 3).map((d) => [d.severity, d.code]), [[vscode.DiagnosticSeverity.Hint, 'PARTIAL_NAME']], 'a partial name is never denied');

    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, denied[0]!.range.start.translate(0, 5)));
    assert.match(hover, /can you select table main\\\.features\\\.churn\?/);
    assert.match(hover, /\| `USE_CATALOG` \| catalog:main \| ✓ \|/);
    assert.match(hover, /\| `USE_SCHEMA` \| schema:main\\\.features \| ✗ \|/);
    assert.match(hover, /PRIVILEGE_MISSING/);
    assert.ok(hover.includes(GRANT), `the hover carries the GRANT: ${hover}`);

    const fixes = await quickFixes(document.uri, denied[0]!.range);
    const why = fixes.find((a) => a.command?.command === 'accessLens.whyUnityCatalog');
    assert.ok(why, `quick fixes: ${fixes.map((a) => a.title).join(', ')}`);
    assert.equal(why.title, "Why can't I select main.features.churn?");
    assert.equal(why.command!.arguments?.length, 1, 'one arguments object');
    const request = why.command!.arguments![0] as { host: string; kind: string; fullName: string; action: string };
    assert.deepEqual({ ...request, host: undefined }, { host: undefined, kind: 'table', fullName: 'main.features.churn', action: 'select' });
    assert.match(request.host, /^https:\/\//);
    const copy = fixes.find((a) => a.title === 'Copy GRANT request');
    assert.ok(copy?.command, `quick fixes: ${fixes.map((a) => a.title).join(', ')}`);
    await vscode.commands.executeCommand(copy.command.command, ...(copy.command.arguments ?? []));
    assert.ok((await vscode.env.clipboard.readText()).includes(GRANT), 'the clipboard holds the GRANT request');
  });

  it('marks a %sql cell in the notebook editor, on the cell\'s own line and column', async () => {
    const cell = (source: string[]) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
    const json = JSON.stringify({ cells: [cell(['%sql\n', 'SELECT * FROM main.features.churn']), cell(['ok = spark.table("main.reporting.sales")'])], metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const file = await openFile('features.ipynb', json);
    const inText = await waitForDiagnostics(file.uri, (f) => f.some((d) => d.code === 'PRIVILEGE_MISSING'), 30_000);
    assert.deepEqual(inText.filter((d) => d.code === 'PRIVILEGE_MISSING').map((d) => file.getText(d.range)), ['main.features.churn'], 'the .ipynb text too');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const notebook = await vscode.workspace.openNotebookDocument(file.uri);
    await vscode.window.showNotebookDocument(notebook);
    const first = notebook.cellAt(0).document;
    const found = await waitForDiagnostics(first.uri, (f) => f.some((d) => d.code === 'PRIVILEGE_MISSING'), 30_000);
    assert.deepEqual(found.map((d) => [d.range.start.line, String(d.code), first.getText(d.range)]), [[1, 'PRIVILEGE_MISSING', 'main.features.churn']]);
    assert.deepEqual(await waitForDiagnostics(notebook.cellAt(1).document.uri, () => false, 1_000), [], 'the allowed table gets nothing');
  });

  it('marks spark.table("main.features.churn") in Python', async () => {
    const document = await openFile('train_features.py', ['df = spark.table("main.features.churn")', 'ok = spark.table("main.reporting.sales")'].join('\n'));
    const found = await waitForDiagnostics(document.uri, (f) => f.some((d) => d.code === 'PRIVILEGE_MISSING'), 30_000);
    assert.deepEqual(found.map((d) => [d.range.start.line, d.severity, String(d.code), document.getText(d.range)]), [[0, vscode.DiagnosticSeverity.Warning, 'PRIVILEGE_MISSING', 'main.features.churn']]);
  });
});
