import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { DiagnosticsSwitch, diagnosticsSettingKey } from '../settings';

/**
 * What every diagnostics provider here shares: scan a document when it opens,
 * changes (debounced) or becomes visible, forget it when it closes, and keep
 * one diagnostic collection. Subclasses say what to find and how it looks;
 * finding may be asynchronous (an access map to ask), and a scan that a newer
 * one overtook is dropped. `trustedOnly` scanners stay off in restricted mode.
 */
export abstract class DocumentScanner<T> extends Disposable {
  protected readonly collection: vscode.DiagnosticCollection;
  protected readonly findings = new Map<string, T[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();
  private lastGeneration = 0;

  constructor(name: string, private readonly debounceMs: number, setting: DiagnosticsSwitch, private readonly trustedOnly = false) {
    super();
    this.collection = this.register(vscode.languages.createDiagnosticCollection(name));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.scanVisible()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(diagnosticsSettingKey(setting))) this.scanVisible();
    }));
    if (trustedOnly) this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.scanVisible()));
    this.register({
      dispose: () => {
        for (const timer of this.timers.values()) clearTimeout(timer);
      },
    });
  }

  /** Whether this document should be scanned now (setting, kind of document, sign-in state). */
  protected abstract wants(document: vscode.TextDocument): boolean;
  protected abstract find(text: string, document: vscode.TextDocument): T[] | Promise<T[]>;
  protected abstract toDiagnostic(document: vscode.TextDocument, finding: T): vscode.Diagnostic;

  protected scanVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) void this.scan(editor.document);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.scan(document);
    }, this.debounceMs));
  }

  protected forget(document: vscode.TextDocument): void {
    this.generations.delete(document.uri.toString());
    this.collection.delete(document.uri);
    this.findings.delete(document.uri.toString());
  }

  async scan(document: vscode.TextDocument): Promise<T[]> {
    const key = document.uri.toString();
    const generation = ++this.lastGeneration;
    this.generations.set(key, generation);
    if (document.isClosed || (this.trustedOnly && !vscode.workspace.isTrusted) || !this.wants(document)) {
      this.forget(document);
      return [];
    }
    const found = await this.find(document.getText(), document);
    // A newer scan (an edit, a sign-out) or a close overtook this one: its answer is stale.
    if (this.generations.get(key) !== generation || document.isClosed) return found;
    this.findings.set(key, found);
    this.collection.set(document.uri, found.map((f) => this.toDiagnostic(document, f)));
    return found;
  }
}
