import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { StaticSecretDiagnostics } from '../../src/extension/diagnostics/staticSecrets';
import { openFile } from './editorHelpers';

const PAT = `dapi${'fedcba9876543210'.repeat(2)}`;

/** The scanner's own collection: the extension's instance keeps one of the same name. */
const findings = (scanner: StaticSecretDiagnostics, uri: vscode.Uri): readonly vscode.Diagnostic[] =>
  (scanner as unknown as { collection: vscode.DiagnosticCollection }).collection.get(uri) ?? [];

/** Every promise continuation queued so far has run, but no timer or I/O turn has passed. */
async function drainMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

// src/extension/startup/afterActivation.ts: the editors open at start are scanned after activate(), not in it.
describe('Activation: diagnostics of editors already open', () => {
  before(async () => {
    await vscode.extensions.getExtension('access-lens.databricks-access-lens')?.activate();
  });
  after(async () => {
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('scans a document open before the provider exists on the next turn, not while it is built', async () => {
    const document = await openFile('deferred.env', `DATABRICKS_TOKEN=${PAT}\n`);
    const scanner = new StaticSecretDiagnostics();
    try {
      await drainMicrotasks();
      assert.deepEqual(findings(scanner, document.uri), [], 'nothing read during construction (activate())');
      await new Promise((resolve) => setImmediate(resolve));
      await drainMicrotasks();
      const [diagnostic] = findings(scanner, document.uri);
      assert.equal(diagnostic && document.getText(diagnostic.range), PAT, 'the open document still gets its diagnostic');
    } finally {
      scanner.dispose();
    }
  });

});
