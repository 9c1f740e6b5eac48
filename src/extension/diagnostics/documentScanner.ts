import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';

/**
 * What every diagnostics provider here shares: scan a document when it opens,
 * changes (debounced) or becomes visible, forget it when it closes, and keep
 * one diagnostic collection. Subclasses say what to find and how it looks.
 */
export abstract class DocumentScanner<T> extends Disposable {
  protected readonly collection: vscode.DiagnosticCollection;
  protected readonly findings = new Map<string, T[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(name: string, private readonly debounceMs: number, settingKey: string) {
    super();
    this.collection = this.register(vscode.languages.createDiagnosticCollection(name));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.scanVisible()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingKey)) this.scanVisible();
    }));
    this.register({
      dispose: () => {
        for (const timer of this.timers.values()) clearTimeout(timer);
      },
    });
  }

  /** Whether this document should be scanned now (setting, kind of document, sign-in state). */
  protected abstract wants(document: vscode.TextDocument): boolean;
  protected abstract find(text: string): T[];
  protected abstract toDiagnostic(document: vscode.TextDocument, finding: T): vscode.Diagnostic;

  protected scanVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) this.scan(editor.document);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.scan(document);
    }, this.debounceMs));
  }

  private forget(document: vscode.TextDocument): void {
    this.collection.delete(document.uri);
    this.findings.delete(document.uri.toString());
  }

  scan(document: vscode.TextDocument): T[] {
    if (document.isClosed || !this.wants(document)) {
      this.forget(document);
      return [];
    }
    const found = this.find(document.getText());
    this.findings.set(document.uri.toString(), found);
    this.collection.set(document.uri, found.map((f) => this.toDiagnostic(document, f)));
    return found;
  }
}
