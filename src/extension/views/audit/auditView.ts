/**
 * The audit log in VS Code: a read-only Markdown view of the filtered events
 * (a virtual document, so closing it never asks to save), and the filter
 * pickers its commands share (commands/auditCommands.ts: the view, and an
 * export to JSON Lines, Markdown or CSV).
 */
import * as vscode from 'vscode';
import { AUDIT_FILTERS, AuditFilter, auditFilter, renderAudit } from '../../../core/audit/auditExport';
import { AccessLensError, CancelledError } from '../../../core/errors';
import { AuthController } from '../../auth/authController';

export const AUDIT_SCHEME = 'access-lens-audit';

/** `access-lens-audit:/Audit log (Failures only).md?failures`: the tab title, and the filter in the query. */
export function viewUri(filter: AuditFilter): vscode.Uri {
  return vscode.Uri.from({ scheme: AUDIT_SCHEME, path: `/Audit log (${filter.label}).md`, query: filter.id });
}

export class AuditDocuments implements vscode.TextDocumentContentProvider {
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

export async function pickFilter(placeHolder: string): Promise<AuditFilter> {
  const pick = await vscode.window.showQuickPick(
    AUDIT_FILTERS.map((f) => ({ label: f.label, filter: f })),
    { placeHolder },
  );
  if (!pick) throw new CancelledError();
  return pick.filter;
}

/** The filter a command argument names: an audit view's URI (its editor title button), a filter id, or `{filter}`. */
export function filterFromArgument(arg: unknown): AuditFilter | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === AUDIT_SCHEME ? auditFilter(arg.query) : undefined;
  const id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null ? (arg as { filter?: unknown }).filter : undefined;
  if (id === undefined) return undefined;
  const filter = auditFilter(String(id));
  if (!filter) throw new AccessLensError('CONFIG', `Unknown audit filter "${String(id)}". Filters: ${AUDIT_FILTERS.map((f) => f.id).join(', ')}.`);
  return filter;
}
