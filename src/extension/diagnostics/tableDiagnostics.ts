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
import { findTableReferences, tableLanguageOf } from '../../core/references/tableReferences';
import { CommandDeps } from '../commands/commandRegistry';
import { DIAGNOSTIC_SOURCE, RangeFindingScanner, ReferenceTargets, whyQuickFix } from './rangeFindingScanner';
import { grantRequestText, ucVerdictMarkdown } from './tableHover';
import { afterActivation } from '../startup/afterActivation';

/** The why view of a securable (views/catalog): one argument, this object. */
export const WHY_UNITY_CATALOG = 'accessLens.whyUnityCatalog';

/** What "Why can't I…?" hands to accessLens.whyUnityCatalog. */
export interface WhyUnityCatalogRequest {
  readonly host: string;
  readonly kind: string;
  readonly fullName: string;
  readonly action: string;
}

export class TableReferenceDiagnostics extends RangeFindingScanner<TableFinding> {
  constructor(targets: ReferenceTargets, deps: CommandDeps) {
    super('accessLens.tableReferences', targets, deps, [{ language: 'python' }, { language: 'sql' }, { language: 'scala' }, { pattern: '**/*.{py,sql,scala,ipynb}' }]);
    this.register(afterActivation(() => this.scanVisible()));
  }

  protected reads(document: vscode.TextDocument): boolean {
    return isCell(document) || tableLanguageOf(document.fileName, document.languageId) !== undefined;
  }

  /** Unity Catalog of each configured workspace for the signed-in account, in the configured order. */
  private async sources(): Promise<TableVerdictSource[]> {
    return (await this.accountMaps()).map((m): TableVerdictSource => catalogSource(m.catalog));
  }

  protected async find(text: string, document: vscode.TextDocument): Promise<TableFinding[]> {
    const language = tableLanguageOf(document.fileName, document.languageId);
    const references = isCell(document) ? findCellTableReferences(text, document.languageId) : language ? findTableReferences(text, language) : [];
    if (references.length === 0) return [];
    return this.judgedOrNone('Table and volume references', this.deps.logger, async () => judgeTableReferences(references, await resolveTableReferences(references, await this.sources())));
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
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || !diagnostic.range.intersection(range)) continue;
      const finding = this.findingAt(document, diagnostic.range.start);
      if (!finding?.verdict || finding.reference.start !== diagnostic.range.start.character) continue;
      const why = whyRequest(finding);
      if (why) actions.push(whyQuickFix(`Why can't I ${why.action} ${why.fullName}?`, WHY_UNITY_CATALOG, [why], diagnostic));
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
