/** Show Audit Log and Export Audit Log: the local trail of identity events, filtered. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportFormatFor, renderAudit } from '../../core/audit/auditExport';
import { CancelledError } from '../../core/errors';
import { AuthController } from '../auth/authController';
import { confirmCallerArguments } from '../confirm';
import { AUDIT_SCHEME, AuditDocuments, filterFromArgument, pickFilter, viewUri } from '../views/audit/auditView';
import { CommandDeps, registerCommand } from './commandRegistry';

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
