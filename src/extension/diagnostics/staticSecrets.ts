/**
 * Diagnostics on personal access tokens and client secrets left in files,
 * with quick fixes that remove them and point to signing in instead. Works
 * while signed out and in restricted mode: it reads only the open document.
 * Debounced, visible or changed documents only, and off with
 * `accessLens.diagnostics.staticSecrets: false`.
 */
import * as vscode from 'vscode';
import { SecretSpan, findSecretSpans } from '../../core/doctor/staticSecrets';
import { Disposable } from '../lifecycle';

const SOURCE = 'Access Lens';
const CODE = 'static-secret';
const MAX_SIZE = 5 * 1024 * 1024;

export class StaticSecretDiagnostics extends Disposable implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('accessLens.secrets'));
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly spans = new Map<string, SecretSpan[]>();

  constructor() {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('accessLens.diagnostics.staticSecrets')) this.scanVisible();
    }));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.scanVisible()));
    this.register(vscode.languages.registerCodeActionsProvider({ scheme: '*' }, this, { providedCodeActionKinds: StaticSecretDiagnostics.providedCodeActionKinds }));
    this.register({
      dispose: () => {
        for (const timer of this.timers.values()) clearTimeout(timer);
      },
    });
    this.scanVisible();
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration('accessLens').get<boolean>('diagnostics.staticSecrets', true);
  }

  private scanVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) this.scan(editor.document);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.scan(document);
    }, 250));
  }

  private forget(document: vscode.TextDocument): void {
    this.collection.delete(document.uri);
    this.spans.delete(document.uri.toString());
  }

  /** Scans now; returns the spans found (tests and the command use it). */
  scan(document: vscode.TextDocument): SecretSpan[] {
    if (!this.enabled() || document.isClosed || ['output', 'vscode-settings'].includes(document.uri.scheme)) {
      this.forget(document);
      return [];
    }
    const text = document.getText();
    if (text.length > MAX_SIZE) return [];
    const spans = findSecretSpans(text);
    this.spans.set(document.uri.toString(), spans);
    this.collection.set(
      document.uri,
      spans.map((span) => {
        const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
        const diagnostic = new vscode.Diagnostic(range, `A Databricks ${span.kind} is stored in this file. Anyone who reads the file can use it: remove it, revoke it in the workspace, and sign in with Access Lens instead.`, vscode.DiagnosticSeverity.Warning);
        diagnostic.source = SOURCE;
        diagnostic.code = CODE;
        return diagnostic;
      }),
    );
    return spans;
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE || diagnostic.code !== CODE || !diagnostic.range.intersection(range)) continue;
      const start = document.offsetAt(diagnostic.range.start);
      const span = this.spans.get(document.uri.toString())?.find((s) => s.start === start);
      if (!span) continue;
      const removeValue = new vscode.CodeAction(`Remove the ${span.kind}`, vscode.CodeActionKind.QuickFix);
      removeValue.edit = new vscode.WorkspaceEdit();
      removeValue.edit.delete(document.uri, diagnostic.range);
      removeValue.diagnostics = [diagnostic];
      removeValue.isPreferred = true;
      actions.push(removeValue);
      const removeLine = new vscode.CodeAction('Remove the whole line', vscode.CodeActionKind.QuickFix);
      removeLine.edit = new vscode.WorkspaceEdit();
      const lineEnd = Math.min(document.getText().length, span.lineEnd + 1);
      removeLine.edit.delete(document.uri, new vscode.Range(document.positionAt(span.lineStart), document.positionAt(lineEnd)));
      removeLine.diagnostics = [diagnostic];
      actions.push(removeLine);
      const signIn = new vscode.CodeAction('Sign in with Entra ID instead (Access Lens)', vscode.CodeActionKind.QuickFix);
      signIn.command = { command: 'accessLens.signIn', title: 'Sign In' };
      signIn.diagnostics = [diagnostic];
      actions.push(signIn);
    }
    return actions;
  }
}
