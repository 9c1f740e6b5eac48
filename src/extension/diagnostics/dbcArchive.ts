/**
 * "Explain Access Errors in DBC Archive" (commands/diagnosticsCommands.ts): VS Code
 * cannot show a binary `.dbc` as text, so the command reads the archive and opens a read-only report
 * (`access-lens-dbc:`) listing each failed command whose error is an access
 * error, with an excerpt of its source; AccessErrorDiagnostics marks the
 * error lines with the usual hover and quick fixes.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import { DBC_SCHEME } from './accessErrors';

const KEEP = 20;
export const MAX_FILE = 200 * 1024 * 1024;

/** The reports of this session, by URI path; the oldest go first. */
export class DbcReports implements vscode.TextDocumentContentProvider {
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

export async function pickArchive(arg: unknown): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg !== '') return vscode.Uri.file(arg);
  const [picked] = (await vscode.window.showOpenDialog({ title: 'Explain access errors in a DBC archive', canSelectMany: false, filters: { 'DBC Archive': ['dbc'] }, openLabel: 'Explain' })) ?? [];
  if (!picked) throw new CancelledError();
  return picked;
}
