/**
 * Diagnostics, hovers and quick fixes on access errors in logs and saved
 * output: the explanation where the developer is already looking. Only while
 * signed in, only for log-like documents that are visible or changed,
 * debounced, and off with `accessLens.diagnostics.accessErrors: false`.
 */
import * as vscode from 'vscode';
import type { ExplainCode } from '../../core/errors/explain';
import { LocatedError, locateAccessErrors } from '../../core/errors/locate';
import { DocumentScanner } from './documentScanner';
import { SessionState } from '../session';

const SOURCE = 'Access Lens';
const MAX_SIZE = 20 * 1024 * 1024;
const LOG_LIKE = /\.(?:log|out|err|txt)$/i;
const SIGN_IN_CODES = new Set<ExplainCode>(['MFA_REQUIRED', 'REFRESH_TOKEN_EXPIRED', 'CONSENT_REQUIRED', 'TOKEN_INVALID', 'WRONG_AUDIENCE', 'STATE_MISMATCH']);
const REFRESH_CODES = new Set<ExplainCode>(['TOKEN_EXPIRED', 'TOKEN_INVALID']);

export function isLogLike(document: vscode.TextDocument): boolean {
  return ['log', 'plaintext'].includes(document.languageId) || LOG_LIKE.test(document.fileName);
}

export class AccessErrorDiagnostics extends DocumentScanner<LocatedError> implements vscode.HoverProvider, vscode.CodeActionProvider {
  constructor(private readonly session: SessionState) {
    super('accessLens.accessErrors', 300, 'accessLens.diagnostics.accessErrors');
    this.register(session.onDidSessionChange(() => this.scanVisible()));
    const selector: vscode.DocumentSelector = [{ language: 'log' }, { language: 'plaintext' }, { pattern: '**/*.{log,out,err,txt}' }];
    this.register(vscode.languages.registerHoverProvider(selector, this));
    this.register(vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
    this.scanVisible();
  }

  protected wants(document: vscode.TextDocument): boolean {
    return (
      Boolean(this.session.current) &&
      isLogLike(document) &&
      vscode.workspace.getConfiguration('accessLens').get<boolean>('diagnostics.accessErrors', true) &&
      document.getText().length <= MAX_SIZE
    );
  }

  protected find(text: string): LocatedError[] {
    return locateAccessErrors(text);
  }

  protected toDiagnostic(_document: vscode.TextDocument, f: LocatedError): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(new vscode.Range(f.line, f.start, f.line, f.end), `${f.explanation.title}: ${f.explanation.explanation}`, f.explanation.code === 'RATE_LIMITED' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
    diagnostic.source = SOURCE;
    diagnostic.code = f.explanation.code;
    return diagnostic;
  }

  private findingAt(document: vscode.TextDocument, line: number): LocatedError | undefined {
    return this.findings.get(document.uri.toString())?.find((f) => f.line === line);
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const finding = this.findingAt(document, position.line);
    if (!finding || position.character < finding.start || position.character > finding.end) return undefined;
    const e = finding.explanation;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: ['accessLens.explainError'] };
    markdown.appendMarkdown(`**Access Lens: ${e.title}** \`${e.code}\`\n\n`);
    markdown.appendText(e.explanation);
    if (e.object) markdown.appendMarkdown(`\n\n${e.object.kind} \`${e.object.id}\`${e.permission ? ` · needs \`${e.permission}\`` : ''}`);
    if (e.remedies.length) markdown.appendMarkdown(`\n\n${e.remedies.map((r) => `- ${r.replace(/[\\`*_[\]<>]/g, '\\$&')}`).join('\n')}`);
    const args = encodeURIComponent(JSON.stringify([document.lineAt(finding.line).text]));
    markdown.appendMarkdown(`\n\n[$(question) Explain for me, with my grants](command:accessLens.explainError?${args})`);
    return new vscode.Hover(markdown, new vscode.Range(finding.line, finding.start, finding.line, finding.end));
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE || !diagnostic.range.intersection(range)) continue;
      const finding = this.findingAt(document, diagnostic.range.start.line);
      if (!finding) continue;
      const explain = new vscode.CodeAction('Explain this access error (why, and how to fix it)', vscode.CodeActionKind.QuickFix);
      explain.command = { command: 'accessLens.explainError', title: 'Explain', arguments: [document.lineAt(finding.line).text] };
      explain.diagnostics = [diagnostic];
      explain.isPreferred = true;
      actions.push(explain);
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
    }
    return actions;
  }
}
