/**
 * Diagnostics, hovers and quick fixes on access errors in logs and saved
 * output, in the error outputs of `.ipynb` files opened as text, in Databricks
 * notebook source exports, in the reports on DBC archives, and in captured terminal output: the explanation
 * where the developer is already looking. Only while signed in and trusted,
 * only for documents that are visible or changed, debounced, and off with
 * `accessLens.diagnostics.accessErrors: false`.
 */
import * as vscode from 'vscode';
import type { ExplainCode } from '../../core/explain/explain';
import { LocatedError, locateAccessErrors } from '../../core/explain/locate';
import { locateDbcReportErrors } from '../../core/explain/dbc/dbcArchive';
import { escapeMarkdown, inlineCode } from '../views/markdown';
import { locateDatabricksHtmlErrors, locateNotebookOutputErrors } from '../../core/explain/notebooks';
import { DocumentScanner } from './documentScanner';
import { SessionState } from '../session';
import { diagnosticsEnabled } from '../settings';
import { afterActivation } from '../startup/afterActivation';

/** Whether someone is signed in; if not, restores an earlier sign-in in the background (the session event rescans). */
export function signedIn(session: SessionState, restore: () => Promise<void>): boolean {
  if (session.current) return true;
  void restore();
  return false;
}

/** A located error, the text to explain for it (the decoded line when the document holds it escaped), and the command of an HTML export it came from. */
export type AccessErrorFinding = LocatedError & { readonly text?: string; readonly command?: number };

const SOURCE = 'Access Lens';
const MAX_SIZE = 20 * 1024 * 1024;
const LOG_LIKE = /\.(?:log|out|err|txt)$/i;
// `# Databricks notebook source` (Python), `-- …` (SQL), `// …` (Scala): an exported notebook, whose comments may hold pasted errors.
const DATABRICKS_SOURCE = /^(?:#|--|\/\/) Databricks notebook source\s*$/;
export const TERMINAL_SCHEME = 'access-lens-terminal';
/** The report of a DBC archive's access errors (dbcArchive.ts): only its error lines are read. */
export const DBC_SCHEME = 'access-lens-dbc';
const SIGN_IN_CODES = new Set<ExplainCode>(['MFA_REQUIRED', 'REFRESH_TOKEN_EXPIRED', 'CONSENT_REQUIRED', 'TOKEN_INVALID', 'WRONG_AUDIENCE', 'STATE_MISMATCH']);
const REFRESH_CODES = new Set<ExplainCode>(['TOKEN_EXPIRED', 'TOKEN_INVALID']);

export function isLogLike(document: vscode.TextDocument): boolean {
  return ['log', 'plaintext'].includes(document.languageId) || LOG_LIKE.test(document.fileName);
}

/** An `.ipynb` file opened as text (a notebook editor's cells are NotebookOutputDiagnostics' business). */
const isIpynbText = (document: vscode.TextDocument): boolean => document.uri.scheme !== 'vscode-notebook-cell' && document.fileName.toLowerCase().endsWith('.ipynb');
const isDatabricksSource = (document: vscode.TextDocument): boolean => document.lineCount > 0 && DATABRICKS_SOURCE.test(document.lineAt(0).text);
const isDatabricksHtml = (document: vscode.TextDocument): boolean => /\.html?$/i.test(document.fileName) && document.getText().includes('__DATABRICKS_NOTEBOOK_MODEL');

/** The hover for one access error: what it means, what to do, and a link to explain it with your grants. */
export function accessErrorHover(finding: AccessErrorFinding, explainText: string): vscode.Hover {
  const e = finding.explanation;
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.isTrusted = { enabledCommands: ['accessLens.explainError'] };
  markdown.appendMarkdown(`**Access Lens: ${escapeMarkdown(e.title)}** ${inlineCode(e.code)}\n\n`);
  markdown.appendText(e.explanation);
  if (e.object) markdown.appendMarkdown(`\n\n${escapeMarkdown(e.object.kind)} ${inlineCode(e.object.id)}${e.permission ? ` · needs ${inlineCode(e.permission)}` : ''}`);
  if (e.remedies.length) markdown.appendMarkdown(`\n\n${e.remedies.map((r) => `- ${escapeMarkdown(r)}`).join('\n')}`);
  const args = encodeURIComponent(JSON.stringify([explainText]));
  markdown.appendMarkdown(`\n\n[$(question) Explain for me, with my grants](command:accessLens.explainError?${args})`);
  return new vscode.Hover(markdown, new vscode.Range(finding.line, finding.start, finding.line, finding.end));
}

/** Quick fixes for one access error: explain it, and refresh the tokens or sign in again when that is the fix. */
export function accessErrorActions(diagnostic: vscode.Diagnostic, finding: AccessErrorFinding, explainText: string): vscode.CodeAction[] {
  const explain = new vscode.CodeAction('Explain this access error (why, and how to fix it)', vscode.CodeActionKind.QuickFix);
  explain.command = { command: 'accessLens.explainError', title: 'Explain', arguments: [explainText] };
  explain.diagnostics = [diagnostic];
  explain.isPreferred = true;
  const actions = [explain];
  if (REFRESH_CODES.has(finding.explanation.code)) {
    const refresh = new vscode.CodeAction('Refresh the Databricks tokens', vscode.CodeActionKind.QuickFix);
    refresh.command = { command: 'accessLens.refreshTokens', title: 'Refresh Tokens' };
    refresh.diagnostics = [diagnostic];
    actions.push(refresh);
  }
  if (SIGN_IN_CODES.has(finding.explanation.code)) {
    const signIn = new vscode.CodeAction('Sign in again', vscode.CodeActionKind.QuickFix);
    signIn.command = { command: 'accessLens.signIn', title: 'Sign In' };
    signIn.diagnostics = [diagnostic];
    actions.push(signIn);
  }
  return actions;
}

export function accessErrorDiagnostic(f: AccessErrorFinding, range = new vscode.Range(f.line, f.start, f.line, f.end)): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, `${f.command ? `Cmd ${f.command}: ` : ''}${f.explanation.title}: ${f.explanation.explanation}`, f.explanation.code === 'RATE_LIMITED' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
  diagnostic.source = SOURCE;
  diagnostic.code = f.explanation.code;
  return diagnostic;
}

export class AccessErrorDiagnostics extends DocumentScanner<AccessErrorFinding> implements vscode.HoverProvider, vscode.CodeActionProvider {
  constructor(private readonly session: SessionState, private readonly restore: () => Promise<void> = async () => undefined) {
    super('accessLens.accessErrors', 300, 'accessErrors', true);
    this.register(session.onDidSessionChange(() => this.scanVisible()));
    const selector: vscode.DocumentSelector = [{ language: 'log' }, { language: 'plaintext' }, { pattern: '**/*.{log,out,err,txt,ipynb,html}' }, { language: 'python' }, { language: 'sql' }, { language: 'scala' }, { scheme: TERMINAL_SCHEME }, { scheme: DBC_SCHEME }];
    this.register(vscode.languages.registerHoverProvider(selector, this));
    this.register(vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
    this.register(afterActivation(() => this.scanVisible()));
  }

  protected wants(document: vscode.TextDocument): boolean {
    return (
      signedIn(this.session, this.restore) &&
      (document.uri.scheme === DBC_SCHEME || isLogLike(document) || isIpynbText(document) || isDatabricksSource(document) || isDatabricksHtml(document)) &&
      diagnosticsEnabled('accessErrors') &&
      document.getText().length <= MAX_SIZE
    );
  }

  protected find(text: string, document: vscode.TextDocument): AccessErrorFinding[] {
    if (document.uri.scheme === DBC_SCHEME) return locateDbcReportErrors(text);
    if (isIpynbText(document)) return locateNotebookOutputErrors(text);
    if (isDatabricksHtml(document)) return locateDatabricksHtmlErrors(text);
    // Captured terminal output starts with the command line, which is shown, not scanned.
    return document.uri.scheme === TERMINAL_SCHEME ? locateAccessErrors(text).filter((f) => f.line >= 1) : locateAccessErrors(text);
  }

  protected toDiagnostic(_document: vscode.TextDocument, f: AccessErrorFinding): vscode.Diagnostic {
    return accessErrorDiagnostic(f);
  }

  /** Findings for text that no editor holds (a terminal's output): they stay until the URI is published again or sign-out. */
  publish(uri: vscode.Uri, text: string, headerLines = 0): AccessErrorFinding[] {
    // The header (the command line) is shown, not scanned: `grep PERMISSION_DENIED` is no error.
    const found = this.session.current ? locateAccessErrors(text).filter((f) => f.line >= headerLines) : [];
    if (found.length === 0) {
      this.unpublish(uri);
    } else {
      this.findings.set(uri.toString(), found);
      this.collection.set(uri, found.map((f) => accessErrorDiagnostic(f)));
    }
    return found;
  }

  unpublish(uri: vscode.Uri): void {
    this.findings.delete(uri.toString());
    this.collection.delete(uri);
  }

  protected forget(document: vscode.TextDocument): void {
    // Closing the captured terminal output keeps its Problems entries: the terminal is still where it happened.
    if (document.uri.scheme !== TERMINAL_SCHEME) super.forget(document);
  }

  private findingsAt(document: vscode.TextDocument, position: vscode.Position): AccessErrorFinding[] {
    return (this.findings.get(document.uri.toString()) ?? []).filter((f) => f.line === position.line && position.character >= f.start && position.character <= f.end);
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    // An HTML export holds every command's error at one place: one hover section each.
    const hovers = this.findingsAt(document, position).map((f) => accessErrorHover(f, f.text ?? document.lineAt(f.line).text));
    return hovers[0] ? new vscode.Hover(hovers.flatMap((h) => h.contents), hovers[0].range) : undefined;
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE || !diagnostic.range.intersection(range)) continue;
      // Ours spans exactly its finding (a reference diagnostic on the same line is ReferenceDiagnostics' business), and names its command in an HTML export.
      const finding = this.findingsAt(document, diagnostic.range.start).find(
        (f) => f.start === diagnostic.range.start.character && f.end === diagnostic.range.end.character && diagnostic.code === f.explanation.code && (f.command === undefined || diagnostic.message.startsWith(`Cmd ${f.command}: `)),
      );
      if (finding) actions.push(...accessErrorActions(diagnostic, finding, finding.text ?? document.lineAt(finding.line).text));
    }
    return actions;
  }
}
