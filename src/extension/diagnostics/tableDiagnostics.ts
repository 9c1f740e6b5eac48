/**
 * Diagnostics on the Unity Catalog tables and volumes that Python, Scala, SQL and notebooks name
 * (docs/references.md): a warning where the privilege chain says you cannot do what the statement
 * needs, an information where it cannot be known, a hint on a partial name. The hover shows the
 * chain and the GRANT; quick fixes copy the GRANT request or open "Why can't I…?". Same rules as
 * the id references (references.ts): signed in, trusted, debounced, `accessLens.diagnostics.references`.
 */
import * as vscode from 'vscode';
import type { CatalogAccess } from '../../core/catalog/catalogAccess';
import { findCellTableReferences } from '../../core/references/cellTables';
import { TableFinding, TableVerdictSource, judgeTableReferences, resolveTableReferences } from '../../core/references/tableFindings';
import { MAX_REFERENCE_TEXT, findTableReferences, tableLanguageOf } from '../../core/references/tableReferences';
import { CommandDeps } from '../commands/commandRegistry';
import { diagnosticsEnabled } from '../settings';
import { signedIn } from './accessErrors';
import { DocumentScanner } from './documentScanner';
import type { ReferenceTargets } from './references';
import { grantRequestText, ucVerdictMarkdown } from './tableHover';

const SOURCE = 'Access Lens';
/** The why view of a securable (views/catalog): one argument, this object. */
export const WHY_UNITY_CATALOG = 'accessLens.whyUnityCatalog';
const SEVERITY = { warning: vscode.DiagnosticSeverity.Warning, information: vscode.DiagnosticSeverity.Information, hint: vscode.DiagnosticSeverity.Hint } as const;

/** What "Why can't I…?" hands to accessLens.whyUnityCatalog. */
export interface WhyUnityCatalogRequest {
  readonly host: string;
  readonly kind: string;
  readonly fullName: string;
  readonly action: string;
}

export class TableReferenceDiagnostics extends DocumentScanner<TableFinding> implements vscode.HoverProvider, vscode.CodeActionProvider {
  constructor(private readonly targets: ReferenceTargets, private readonly deps: CommandDeps) {
    super('accessLens.tableReferences', 400, 'references', true);
    this.register(targets.session.onDidSessionChange(() => this.scanVisible()));
    this.register(targets.config.onDidConfigChange(() => this.scanVisible()));
    const selector: vscode.DocumentSelector = [{ language: 'python' }, { language: 'sql' }, { language: 'scala' }, { pattern: '**/*.{py,sql,scala,ipynb}' }];
    this.register(vscode.languages.registerHoverProvider(selector, this));
    this.register(vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
    this.scanVisible();
  }

  protected wants(document: vscode.TextDocument): boolean {
    return (
      signedIn(this.targets.session, this.targets.restore) &&
      !['output', 'git', 'vscode-settings'].includes(document.uri.scheme) &&
      (isCell(document) || tableLanguageOf(document.fileName, document.languageId) !== undefined) &&
      diagnosticsEnabled('references') &&
      document.getText().length <= MAX_REFERENCE_TEXT
    );
  }

  /** Unity Catalog of each configured workspace for the signed-in account, in the configured order. */
  private async sources(): Promise<TableVerdictSource[]> {
    const account = this.targets.session.current;
    if (!account) return [];
    const maps = await Promise.all(this.targets.config.value.config.workspaces.map((w) => this.targets.maps.get(w.host, account.homeAccountId)));
    return maps.map((m): TableVerdictSource => catalogSource(m.catalog));
  }

  protected async find(text: string, document: vscode.TextDocument): Promise<TableFinding[]> {
    const language = tableLanguageOf(document.fileName, document.languageId);
    const references = isCell(document) ? findCellTableReferences(text, document.languageId) : language ? findTableReferences(text, language) : [];
    if (references.length === 0) return [];
    try {
      return judgeTableReferences(references, await resolveTableReferences(references, await this.sources()));
    } catch (error) {
      // No verdict, no diagnostic: the views and the status bar show why the workspace cannot answer.
      this.deps.logger.info(`Table and volume references not checked: ${(error as Error).message}`);
      return [];
    }
  }

  protected toDiagnostic(_document: vscode.TextDocument, f: TableFinding): vscode.Diagnostic {
    const r = f.reference;
    const diagnostic = new vscode.Diagnostic(new vscode.Range(r.line, r.start, r.line, r.end), f.message, SEVERITY[f.severity]);
    diagnostic.source = SOURCE;
    diagnostic.code = f.code;
    return diagnostic;
  }

  private findingAt(document: vscode.TextDocument, position: vscode.Position): TableFinding | undefined {
    return this.findings.get(document.uri.toString())?.find((f) => f.reference.line === position.line && position.character >= f.reference.start && position.character <= f.reference.end);
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const finding = this.findingAt(document, position);
    if (!finding?.verdict) return undefined;
    const r = finding.reference;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: [WHY_UNITY_CATALOG] };
    markdown.appendMarkdown(ucVerdictMarkdown(finding.verdict, finding.host));
    const why = whyRequest(finding);
    if (why) markdown.appendMarkdown(`\n\n[$(question) Open the full why](command:${WHY_UNITY_CATALOG}?${encodeURIComponent(JSON.stringify([why]))})`);
    return new vscode.Hover(markdown, new vscode.Range(r.line, r.start, r.line, r.end));
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE || !diagnostic.range.intersection(range)) continue;
      const finding = this.findingAt(document, diagnostic.range.start);
      if (!finding?.verdict || finding.reference.start !== diagnostic.range.start.character) continue;
      const why = whyRequest(finding);
      if (why) {
        const open = new vscode.CodeAction(`Why can't I ${why.action} ${why.fullName}?`, vscode.CodeActionKind.QuickFix);
        open.command = { command: WHY_UNITY_CATALOG, title: 'Why', arguments: [why] };
        open.diagnostics = [diagnostic];
        open.isPreferred = true;
        actions.push(open);
      }
      const request = grantRequestText(finding.verdict);
      if (request) {
        const copy = new vscode.CodeAction('Copy GRANT request', vscode.CodeActionKind.QuickFix);
        copy.command = { command: 'accessLens.copyAccessRequest', title: 'Copy GRANT Request', arguments: [request] };
        copy.diagnostics = [diagnostic];
        actions.push(copy);
      }
    }
    return actions;
  }
}

/** CatalogAccess asked at the editor's priority (as a view's visible rows). */
function catalogSource(catalog: CatalogAccess): TableVerdictSource {
  return { host: catalog.host, why: (ref, action) => catalog.why(ref, action, { priority: 'visible' }) };
}

/** A notebook cell open in the notebook editor: its fileName is the notebook's, its text the cell's source. */
function isCell(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'vscode-notebook-cell';
}

function whyRequest(finding: TableFinding): WhyUnityCatalogRequest | undefined {
  if (!finding.host) return undefined;
  const r = finding.reference;
  return { host: finding.host, kind: r.kind, fullName: r.fullName, action: r.action };
}
