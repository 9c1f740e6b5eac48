/**
 * Diagnostics on personal access tokens and client secrets left in files,
 * with quick fixes that remove them and point to signing in instead. Works
 * while signed out and in restricted mode: it reads only the open document.
 * Debounced, visible or changed documents only, and off with
 * `accessLens.diagnostics.staticSecrets: false`.
 */
import * as vscode from 'vscode';
import { findSecretSpans } from '../../core/doctor/staticSecrets';
import { DocumentScanner } from './documentScanner';
import { diagnosticsEnabled } from '../settings';
import { ProfileSecretSpan, isDatabricksCfgDocument, profileSecretSpans } from './profileSecretFix';
import { afterActivation } from '../startup/afterActivation';

const SOURCE = 'Access Lens';
const CODE = 'static-secret';
const MAX_SIZE = 5 * 1024 * 1024;

export class StaticSecretDiagnostics extends DocumentScanner<ProfileSecretSpan> implements vscode.CodeActionProvider {
  constructor() {
    super('accessLens.secrets', 250, 'staticSecrets');
    this.register(vscode.languages.registerCodeActionsProvider({ scheme: '*' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
    this.register(afterActivation(() => this.scanVisible()));
  }

  protected wants(document: vscode.TextDocument): boolean {
    return (
      diagnosticsEnabled('staticSecrets') &&
      !['output', 'vscode-settings'].includes(document.uri.scheme) &&
      document.getText().length <= MAX_SIZE
    );
  }

  protected find(text: string, document: vscode.TextDocument): ProfileSecretSpan[] {
    const generic = findSecretSpans(text);
    // In the Databricks configuration file any `token =` is a secret, not only one shaped like dapi….
    return isDatabricksCfgDocument(document) ? profileSecretSpans(text, generic) : generic;
  }

  protected toDiagnostic(document: vscode.TextDocument, span: ProfileSecretSpan): vscode.Diagnostic {
    const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
    const message = span.profile
      ? `Profile "${span.profile}" keeps a Databricks ${span.kind} in this file. Access Lens never uses it, but anyone who reads the file can: replace it by a sign-in (quick fix) and revoke it in the workspace.`
      : `A Databricks ${span.kind} is stored in this file. Anyone who reads the file can use it: remove it, revoke it in the workspace, and sign in with Access Lens instead.`;
    const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Warning);
    diagnostic.source = SOURCE;
    diagnostic.code = CODE;
    return diagnostic;
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE || diagnostic.code !== CODE || !diagnostic.range.intersection(range)) continue;
      const start = document.offsetAt(diagnostic.range.start);
      const span = this.findings.get(document.uri.toString())?.find((s) => s.start === start);
      if (!span) continue;
      if (span.signInFixLine !== undefined) {
        const replace = new vscode.CodeAction(`Replace the ${span.kind} by a sign-in (keeps a backup of the file)`, vscode.CodeActionKind.QuickFix);
        replace.command = { command: 'accessLens.replaceSecretWithSignIn', title: replace.title, arguments: [document.uri, span.signInFixLine] };
        replace.diagnostics = [diagnostic];
        replace.isPreferred = true;
        actions.push(replace);
      }
      const removeValue = new vscode.CodeAction(`Remove the ${span.kind}`, vscode.CodeActionKind.QuickFix);
      removeValue.edit = new vscode.WorkspaceEdit();
      removeValue.edit.delete(document.uri, diagnostic.range);
      removeValue.diagnostics = [diagnostic];
      removeValue.isPreferred = span.signInFixLine === undefined;
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
