/**
 * Access errors in the outputs of notebooks open in a notebook editor (Jupyter
 * `.ipynb`, or any notebook whose outputs carry the standard error and stderr
 * items): a diagnostic on the cell that produced one, with the same hover and
 * quick fixes as in a log. Only while signed in and trusted, for visible or
 * changed notebooks, debounced, and off with `accessLens.diagnostics.accessErrors`.
 */
import * as vscode from 'vscode';
import { explainOutputText } from '../../core/explain/notebooks';
import { Disposable } from '../lifecycle';
import { SessionState } from '../session';
import { diagnosticsEnabled, diagnosticsSettingKey } from '../settings';
import { AccessErrorFinding, accessErrorActions, accessErrorDiagnostic, accessErrorHover, signedIn } from './accessErrors';
import { afterActivation } from '../startup/afterActivation';

const ERROR_MIME = 'application/vnd.code.notebook.error';
const STDERR_MIME = 'application/vnd.code.notebook.stderr';
const DEBOUNCE_MS = 300;
const MAX_OUTPUT = 2 * 1024 * 1024;

type CellFinding = AccessErrorFinding & { readonly text: string };

/** The text of a cell's error and stderr outputs, one string per output item. */
function outputTexts(cell: vscode.NotebookCell): string[] {
  const decoder = new TextDecoder();
  const texts: string[] = [];
  for (const output of cell.outputs) {
    for (const item of output.items) {
      if ((item.mime !== ERROR_MIME && item.mime !== STDERR_MIME) || item.data.byteLength > MAX_OUTPUT) continue;
      const raw = decoder.decode(item.data);
      if (item.mime === STDERR_MIME) {
        texts.push(raw);
        continue;
      }
      try {
        const error = JSON.parse(raw) as { name?: unknown; message?: unknown; stack?: unknown };
        texts.push([`${typeof error.name === 'string' ? `${error.name}: ` : ''}${typeof error.message === 'string' ? error.message : ''}`, typeof error.stack === 'string' ? error.stack : ''].join('\n'));
      } catch {
        texts.push(raw);
      }
    }
  }
  return texts;
}

/** The first access error in a cell's outputs, placed on the cell line that names its object (else the first line with code). */
export function cellFinding(cell: vscode.NotebookCell): CellFinding | undefined {
  for (const text of outputTexts(cell)) {
    const found = explainOutputText(text);
    if (!found) continue;
    const document = cell.document;
    const lines = Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i).text);
    const id = found.explanation.object?.id;
    const naming = id ? lines.findIndex((l) => l.includes(id)) : -1;
    const line = Math.max(0, naming >= 0 ? naming : lines.findIndex((l) => l.trim() !== ''));
    const lineText = lines[line] ?? '';
    const start = lineText.length - lineText.trimStart().length;
    return { line, start, end: Math.max(start + 1, lineText.trimEnd().length), explanation: found.explanation, text: found.line };
  }
  return undefined;
}

export class NotebookOutputDiagnostics extends Disposable implements vscode.HoverProvider, vscode.CodeActionProvider {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('accessLens.notebookOutputs'));
  private readonly findings = new Map<string, CellFinding>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly session: SessionState, private readonly restore: () => Promise<void> = async () => undefined) {
    super();
    this.register(vscode.workspace.onDidOpenNotebookDocument((n) => this.schedule(n)));
    this.register(vscode.workspace.onDidChangeNotebookDocument((e) => {
      if (e.cellChanges.some((c) => c.outputs !== undefined || c.document !== undefined) || e.contentChanges.length > 0) this.schedule(e.notebook);
    }));
    this.register(vscode.workspace.onDidCloseNotebookDocument((n) => this.forget(n)));
    this.register(vscode.window.onDidChangeVisibleNotebookEditors(() => this.scanVisible()));
    this.register(session.onDidSessionChange(() => this.scanVisible()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.scanVisible()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(diagnosticsSettingKey('accessErrors'))) this.scanVisible();
    }));
    const selector: vscode.DocumentSelector = { scheme: 'vscode-notebook-cell' };
    this.register(vscode.languages.registerHoverProvider(selector, this));
    this.register(vscode.languages.registerCodeActionsProvider(selector, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
    this.register({
      dispose: () => {
        for (const timer of this.timers.values()) clearTimeout(timer);
      },
    });
    this.register(afterActivation(() => this.scanVisible()));
  }

  private scanVisible(): void {
    for (const editor of vscode.window.visibleNotebookEditors) this.scan(editor.notebook);
  }

  private schedule(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.scan(notebook);
    }, DEBOUNCE_MS));
  }

  private forget(notebook: vscode.NotebookDocument): void {
    for (const cell of notebook.getCells()) {
      this.collection.delete(cell.document.uri);
      this.findings.delete(cell.document.uri.toString());
    }
  }

  private wanted(): boolean {
    return vscode.workspace.isTrusted && signedIn(this.session, this.restore) && diagnosticsEnabled('accessErrors');
  }

  scan(notebook: vscode.NotebookDocument): number {
    this.forget(notebook);
    if (notebook.isClosed || !this.wanted()) return 0;
    let count = 0;
    for (const cell of notebook.getCells()) {
      const finding = cell.outputs.length > 0 ? cellFinding(cell) : undefined;
      if (!finding) continue;
      this.findings.set(cell.document.uri.toString(), finding);
      const diagnostic = accessErrorDiagnostic(finding);
      diagnostic.message = `This cell's output: ${diagnostic.message}`;
      this.collection.set(cell.document.uri, [diagnostic]);
      count++;
    }
    return count;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const finding = this.findings.get(document.uri.toString());
    if (!finding || finding.line !== position.line) return undefined;
    return accessErrorHover(finding, finding.text);
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const finding = this.findings.get(document.uri.toString());
    if (!finding) return [];
    return context.diagnostics
      .filter((d) => d.source === 'Access Lens' && d.code === finding.explanation.code && d.range.start.line === finding.line && d.range.intersection(range))
      .flatMap((d) => accessErrorActions(d, finding, finding.text));
  }
}
