/**
 * What the two reference scanners share (references.ts for cluster and job ids, tableDiagnostics.ts
 * for Unity Catalog tables and volumes): the hover and quick-fix registration, when a document is
 * scanned, the access maps of the signed-in account, and a finding's diagnostic on its range.
 */
import * as vscode from 'vscode';
import { MAX_REFERENCE_TEXT } from '../../core/references/tableReferences';
import type { AccessMap } from '../../core/workspace/accessMap';
import { AccessMaps } from '../../core/workspace/accessMaps';
import { CommandDeps } from '../commands/commandRegistry';
import { SessionState } from '../session';
import { ConfigWatcher, diagnosticsEnabled } from '../settings';
import { signedIn } from './accessErrors';
import { DocumentScanner } from './documentScanner';

/** What the reference scanners ask: who is signed in, the access maps, the workspaces. */
export interface ReferenceTargets {
  readonly session: SessionState;
  readonly maps: AccessMaps;
  readonly config: ConfigWatcher;
  /** Restores an earlier sign-in (shared with the views). */
  readonly restore: () => Promise<void>;
}

/** The source of every diagnostic here: the quick fixes recognise their own by it. */
export const DIAGNOSTIC_SOURCE = 'Access Lens';
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, information: vscode.DiagnosticSeverity.Information, hint: vscode.DiagnosticSeverity.Hint } as const;

/** A finding on one line's range of a document: an id reference (references.ts) or a table reference (tableDiagnostics.ts). */
export interface RangeFinding {
  readonly reference: { readonly line: number; readonly start: number; readonly end: number };
  readonly severity: keyof typeof SEVERITY;
  readonly code: string;
  readonly message: string;
}

/** The reference scanners' shared half: a finding becomes a diagnostic on its range, and the hover and quick fixes find it again there. */
export abstract class RangeFindingScanner<F extends RangeFinding> extends DocumentScanner<F> implements vscode.HoverProvider, vscode.CodeActionProvider {
  constructor(name: string, protected readonly targets: ReferenceTargets, protected readonly deps: CommandDeps, selector: vscode.DocumentSelector) {
    super(name, 400, 'references', true);
    this.register(targets.session.onDidSessionChange(() => this.scanVisible()));
    this.register(targets.config.onDidConfigChange(() => this.scanVisible()));
    this.register(vscode.languages.registerHoverProvider(selector, this));
    this.register(vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
  }

  abstract provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined;
  abstract provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] | Promise<vscode.CodeAction[]>;

  /** Whether the scanner reads `document` at all (its language or file name). */
  protected abstract reads(document: vscode.TextDocument): boolean;

  protected wants(document: vscode.TextDocument): boolean {
    return (
      signedIn(this.targets.session, this.targets.restore) &&
      !['output', 'git', 'vscode-settings'].includes(document.uri.scheme) &&
      this.reads(document) &&
      diagnosticsEnabled('references') &&
      document.getText().length <= MAX_REFERENCE_TEXT
    );
  }

  /** The access maps of the configured workspaces for the signed-in account, in the configured order. */
  protected async accountMaps(): Promise<AccessMap[]> {
    const account = this.targets.session.current;
    if (!account) return [];
    return Promise.all(this.targets.config.value.config.workspaces.map((w) => this.targets.maps.get(w.host, account.homeAccountId)));
  }

  protected toDiagnostic(_document: vscode.TextDocument, f: F): vscode.Diagnostic {
    const r = f.reference;
    const diagnostic = new vscode.Diagnostic(new vscode.Range(r.line, r.start, r.line, r.end), f.message, SEVERITY[f.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = f.code;
    return diagnostic;
  }

  protected findingAt(document: vscode.TextDocument, position: vscode.Position): F | undefined {
    return this.findings.get(document.uri.toString())?.find((f) => f.reference.line === position.line && position.character >= f.reference.start && position.character <= f.reference.end);
  }

  /** The findings `judge` gives; when the workspaces cannot answer, none (no verdict, no diagnostic: the views and the status bar show why), logged. */
  protected async judgedOrNone(what: string, logger: { info(message: string): void }, judge: () => Promise<F[]>): Promise<F[]> {
    try {
      return await judge();
    } catch (error) {
      logger.info(`${what} not checked: ${(error as Error).message}`);
      return [];
    }
  }
}

/** The preferred quick fix on `diagnostic`: "Why can't I …?" running `command` with `args`. */
export function whyQuickFix(title: string, command: string, args: unknown[], diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const open = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  open.command = { command, title: 'Why', arguments: args };
  open.diagnostics = [diagnostic];
  open.isPreferred = true;
  return open;
}
