/**
 * "Explain Access Errors in DBC Archive": VS Code cannot show a binary `.dbc`
 * as text, so the command reads the archive and opens a read-only report
 * (`access-lens-dbc:`) listing each failed command whose error is an access
 * error, with an excerpt of its source; AccessErrorDiagnostics marks the
 * error lines with the usual hover and quick fixes.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AccessLensError, CancelledError } from '../../core/errors/accessLensError';
import { renderDbcReport, scanDbcArchive } from '../../core/errors/dbcArchive';
import { CommandDeps, registerCommand } from '../commands/commandRegistry';
import { DBC_SCHEME } from './accessErrors';

const KEEP = 20;
const MAX_FILE = 200 * 1024 * 1024;

/** The reports of this session, by URI path; the oldest go first. */
class DbcReports implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  add(archive: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DBC_SCHEME, path: `/${++this.count}/Access errors in ${path.basename(archive.path)}.log` });
    this.texts.set(uri.path, text);
    while (this.texts.size > KEEP) this.texts.delete(this.texts.keys().next().value ?? '');
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? 'This report is no longer kept: run "Access Lens: Explain Access Errors in DBC Archive" again.';
  }
}

async function pickArchive(arg: unknown): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg !== '') return vscode.Uri.file(arg);
  const [picked] = (await vscode.window.showOpenDialog({ title: 'Explain access errors in a DBC archive', canSelectMany: false, filters: { 'DBC Archive': ['dbc'] }, openLabel: 'Explain' })) ?? [];
  if (!picked) throw new CancelledError();
  return picked;
}

/**
 * Argument: the archive's URI (the explorer's context menu, tests) or path;
 * without one, a file dialog. Returns the report's URI (undefined when the
 * archive holds no access error) and the counts.
 */
export function registerDbcArchiveCommand(context: vscode.ExtensionContext, deps: CommandDeps): void {
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
