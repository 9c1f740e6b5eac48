/**
 * The audit log in VS Code: a read-only Markdown view of the filtered events
 * (a virtual document, so closing it never asks to save), and an export of
 * the same entries to a file: JSON Lines, Markdown or CSV, by the name chosen.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AUDIT_FILTERS, AuditFilter, auditFilter, exportFormatFor, renderAudit } from '../../../core/audit/auditExport';
import { AccessLensError, CancelledError } from '../../../core/errors/accessLensError';
import { AuthController } from '../../auth/authController';
import { CommandDeps, registerCommand } from '../../commands/commandRegistry';
import { confirmCallerArguments } from '../../confirm';

export const AUDIT_SCHEME = 'access-lens-audit';

/** `access-lens-audit:/Audit log (Failures only).md?failures`: the tab title, and the filter in the query. */
function viewUri(filter: AuditFilter): vscode.Uri {
  return vscode.Uri.from({ scheme: AUDIT_SCHEME, path: `/Audit log (${filter.label}).md`, query: filter.id });
}

class AuditDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly auth: AuthController) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const filter = auditFilter(uri.query) ?? AUDIT_FILTERS[0]!;
    return renderAudit((await this.auth.audit.read()).filter(filter.test), 'md', filter.label);
  }

  /** Reads the log again for an open view. */
  reload(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function pickFilter(placeHolder: string): Promise<AuditFilter> {
  const pick = await vscode.window.showQuickPick(
    AUDIT_FILTERS.map((f) => ({ label: f.label, filter: f })),
    { placeHolder },
  );
  if (!pick) throw new CancelledError();
  return pick.filter;
}

/** The filter a command argument names: an audit view's URI (its editor title button), a filter id, or `{filter}`. */
function filterFromArgument(arg: unknown): AuditFilter | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === AUDIT_SCHEME ? auditFilter(arg.query) : undefined;
  const id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null ? (arg as { filter?: unknown }).filter : undefined;
  if (id === undefined) return undefined;
  const filter = auditFilter(String(id));
  if (!filter) throw new AccessLensError('CONFIG', `Unknown audit filter "${String(id)}". Filters: ${AUDIT_FILTERS.map((f) => f.id).join(', ')}.`);
  return filter;
}

export function registerAuditCommands(context: vscode.ExtensionContext, deps: CommandDeps, auth: AuthController): void {
  const documents = new AuditDocuments(auth);
  context.subscriptions.push(documents, vscode.workspace.registerTextDocumentContentProvider(AUDIT_SCHEME, documents));

  registerCommand(context, deps, 'accessLens.showAuditLog', async (arg?: unknown) => {
    const filter = filterFromArgument(arg) ?? (await pickFilter(`Audit log (${auth.audit.file})`));
    const uri = viewUri(filter);
    documents.reload(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  });

  /**
   * Arguments: none (pick the filter, then the file), an audit view's URI
   * (from its title bar), or `{filter?, to?}`: `to` writes there after a modal
   * confirmation instead of the save dialog (scripts, other extensions). Returns where it wrote and how many entries.
   */
  registerCommand(context, deps, 'accessLens.exportAuditLog', async (arg?: unknown) => {
    const filter = filterFromArgument(arg) ?? (await pickFilter('Export which audit entries?'));
    const to = typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? (arg as { to?: unknown }).to : undefined;
    let target: vscode.Uri | undefined = typeof to === 'string' ? vscode.Uri.file(to) : undefined;
    // Only callers outside our UI pass `to`: they may not write or overwrite a file without the user's yes.
    if (target) await confirmCallerArguments(`Write the Access Lens audit log to ${target.fsPath}?`, 'Another extension, a script or a link asked to export the audit log there. An existing file is overwritten.', 'Export');
    if (!target) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.env.HOME ?? process.cwd());
      target = await vscode.window.showSaveDialog({
        title: `Export audit log (${filter.label})`,
        defaultUri: vscode.Uri.joinPath(folder, `access-lens-audit-${filter.id}-${new Date().toISOString().slice(0, 10)}.jsonl`),
        filters: { 'JSON Lines': ['jsonl'], Markdown: ['md'], CSV: ['csv'] },
        saveLabel: 'Export',
      });
      if (!target) throw new CancelledError();
    }
    const events = (await auth.audit.read()).filter(filter.test);
    const format = exportFormatFor(target.path);
    await vscode.workspace.fs.writeFile(target, Buffer.from(renderAudit(events, format, filter.label), 'utf8'));
    deps.logger.info(`Exported ${events.length} audit entries (${filter.id}) as ${format} to ${target.fsPath}`);
    if (typeof to !== 'string') {
      void vscode.window.showInformationMessage(`Access Lens: exported ${events.length} audit entries to ${path.basename(target.fsPath)}.`, 'Open').then(async (choice) => {
        if (choice === 'Open') await vscode.window.showTextDocument(target);
      });
    }
    return { file: target.fsPath, count: events.length, format };
  });
}
