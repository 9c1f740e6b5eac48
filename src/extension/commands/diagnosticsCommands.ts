/** The commands of the editor diagnostics: explain a DBC archive's access errors, and the reference quick fixes. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AccessLensError } from '../../core/errors';
import { renderDbcReport, scanDbcArchive } from '../../core/explain/dbc/dbcArchive';
import { DBC_SCHEME } from '../diagnostics/accessErrors';
import { DbcReports, MAX_FILE, pickArchive } from '../diagnostics/dbcArchive';
import { ReferenceDiagnostics, isReplaceRequest } from '../diagnostics/references';
import { CommandDeps, registerCommand } from './commandRegistry';

export function registerDiagnosticsCommands(context: vscode.ExtensionContext, deps: CommandDeps, references: ReferenceDiagnostics): void {
  registerDbcArchiveCommand(context, deps);
  registerReferenceCommands(context, deps, references);
}

/**
 * Argument: the archive's URI (the explorer's context menu, tests) or path;
 * without one, a file dialog. Returns the report's URI (undefined when the
 * archive holds no access error) and the counts.
 */
function registerDbcArchiveCommand(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const reports = new DbcReports();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DBC_SCHEME, reports));
  registerCommand(context, deps, 'accessLens.explainDbcArchive', async (arg?: unknown) => {
    const archive = await pickArchive(arg);
    const name = path.basename(archive.path);
    let bytes: Uint8Array;
    try {
      const { size } = await vscode.workspace.fs.stat(archive);
      if (size > MAX_FILE) throw new AccessLensError('BAD_ARCHIVE', `${name} is ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_FILE / 1024 / 1024} MB read here: export a smaller folder from Databricks.`);
      bytes = await vscode.workspace.fs.readFile(archive);
    } catch (error) {
      if (error instanceof AccessLensError) throw error;
      throw new AccessLensError('BAD_ARCHIVE', `Cannot read ${archive.fsPath || name}: ${(error as Error).message}. Check that the file exists and that you may read it.`, [], { cause: error });
    }
    let scan;
    try {
      scan = scanDbcArchive(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      if (error instanceof AccessLensError) throw new AccessLensError(error.code, `${name}: ${error.message}`, error.actions, { cause: error });
      throw error;
    }
    const counts = { notebooks: scan.notebooks, failedCommands: scan.failedCommands, accessErrors: scan.accessErrors.length };
    deps.logger.info(`DBC archive ${name}: ${counts.notebooks} notebook(s), ${counts.failedCommands} failed command(s), ${counts.accessErrors} access error(s)`);
    if (scan.accessErrors.length === 0) {
      const what = scan.notebooks === 0 ? 'it holds no notebooks' : `${scan.notebooks} notebook${scan.notebooks === 1 ? '' : 's'}, ${scan.failedCommands} failed command${scan.failedCommands === 1 ? '' : 's'}, none of them an access error`;
      void vscode.window.showInformationMessage(`Access Lens: no access errors in ${name} (${what}).`);
      return { report: undefined, ...counts };
    }
    const report = reports.add(archive, renderDbcReport(name, scan));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(report), { preview: false });
    return { report: report.toString(), ...counts };
  });
}

/** The quick fixes' commands on cluster and job references the editor marks. */
function registerReferenceCommands(context: vscode.ExtensionContext, deps: CommandDeps, diagnostics: ReferenceDiagnostics): void {
  registerCommand(context, deps, 'accessLens.replaceReference', async (request?: unknown) => {
    if (!isReplaceRequest(request)) throw new Error('Replace With One I Can Use works from the quick fix on a cluster or job id the editor marks.');
    return diagnostics.replace(request);
  });
  registerCommand(context, deps, 'accessLens.copyAccessRequest', async (text?: unknown) => {
    if (typeof text !== 'string' || !text.trim()) throw new Error('Copy Access Request works from the quick fix on a cluster or job you cannot use.');
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('$(check) Access request copied: send it to the people named in it.', 5000);
  });
}
