/**
 * Access errors in terminal output, where shell integration lets us read it:
 * each command's output is read from its start; when it ends with an access
 * error, the output is kept as a read-only document (`access-lens-terminal:`)
 * with a Problems entry, hover and quick fixes, and a notification offers to
 * explain it. The same error is announced once per few minutes. Only while
 * signed in and trusted, off with `accessLens.diagnostics.terminal: false`,
 * and silent where the shell-execution API is missing.
 */
import * as vscode from 'vscode';
import { stripAnsi } from '../../core/explain/ansi';
import { Logger } from '../../core/log';
import { Disposable } from '../lifecycle';
import { SessionState } from '../session';
import { diagnosticsEnabled } from '../settings';
import { AccessErrorDiagnostics, TERMINAL_SCHEME } from './accessErrors';

const MAX_CAPTURE = 1024 * 1024;
const KEEP = 20;
const QUIET_MS = 5 * 60_000;

interface Capture {
  readonly chunks: string[];
  readonly done: Promise<void>;
}

/** Serves the captured outputs: the latest also under `access-lens-terminal:/latest.log`. */
class CapturedOutputs implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  add(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.path, text);
    this.texts.set('/latest.log', text);
    while (this.texts.size > KEEP + 1) this.texts.delete(this.texts.keys().next().value ?? '');
    this.changed.fire(uri);
    this.changed.fire(uri.with({ path: '/latest.log' }));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? 'This terminal output is no longer kept: run the command again.';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class TerminalErrorWatcher extends Disposable {
  private readonly captures = new Map<vscode.TerminalShellExecution, Capture>();
  private readonly outputs = this.register(new CapturedOutputs());
  private readonly announced = new Map<string, number>();
  private readonly published: vscode.Uri[] = [];
  private count = 0;

  constructor(private readonly accessErrors: AccessErrorDiagnostics, private readonly session: SessionState, private readonly logger: Logger) {
    super();
    // Stable since VS Code 1.93; a host without it (or with it proposed only) simply gets no terminal diagnostics.
    if (typeof vscode.window.onDidStartTerminalShellExecution !== 'function' || typeof vscode.window.onDidEndTerminalShellExecution !== 'function') {
      logger.info('Terminal output is not read: this VS Code has no shell-execution API.');
      return;
    }
    this.register(vscode.workspace.registerTextDocumentContentProvider(TERMINAL_SCHEME, this.outputs));
    this.register(vscode.window.onDidStartTerminalShellExecution((e) => this.capture(e.execution)));
    this.register(vscode.window.onDidEndTerminalShellExecution((e) => void this.finish(e.execution, e.exitCode, e.terminal.name)));
  }

  private enabled(): boolean {
    return vscode.workspace.isTrusted && diagnosticsEnabled('terminal') && Boolean(this.session.current);
  }

  private capture(execution: vscode.TerminalShellExecution): void {
    if (!this.enabled()) return;
    const chunks: string[] = [];
    let size = 0;
    const read = async (): Promise<void> => {
      try {
        for await (const data of execution.read()) {
          if (size >= MAX_CAPTURE) continue;
          chunks.push(data);
          size += data.length;
        }
      } catch (error) {
        this.logger.info(`Terminal output not read: ${(error as Error).message}`);
      }
    };
    this.captures.set(execution, { chunks, done: read() });
  }

  private async finish(execution: vscode.TerminalShellExecution, exitCode: number | undefined, terminalName: string): Promise<void> {
    const capture = this.captures.get(execution);
    this.captures.delete(execution);
    if (!capture || !this.enabled()) return;
    // The stream ends with the command; a shell that never closes it still gets a second.
    await Promise.race([capture.done, new Promise((resolve) => setTimeout(resolve, 1000))]);
    const output = stripAnsi(capture.chunks.join('')).replace(/\r\n?/g, '\n');
    const command = execution.commandLine.value.trim();
    const text = `$ ${command.replace(/\s*\n\s*/g, ' ')}\n${output}${exitCode !== undefined ? `\n[exit code ${exitCode}]` : ''}\n`;
    const slug = command.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'command';
    const uri = vscode.Uri.from({ scheme: TERMINAL_SCHEME, path: `/${++this.count}/${slug}.log` });
    const found = this.accessErrors.publish(uri, text, 1);
    const first = found[0];
    if (!first) return;
    this.outputs.add(uri, text);
    this.published.push(uri);
    while (this.published.length > KEEP) {
      const old = this.published.shift();
      if (old) this.accessErrors.unpublish(old);
    }
    this.logger.info(`Access error in the output of a terminal command (${terminalName}): ${first.explanation.code}`);
    const key = `${first.explanation.code}|${first.explanation.object?.id ?? ''}`;
    if (Date.now() - (this.announced.get(key) ?? 0) < QUIET_MS) return;
    this.announced.set(key, Date.now());
    const line = text.split('\n')[first.line] ?? '';
    const picked = await vscode.window.showWarningMessage(`Access Lens: the command in "${terminalName}" hit ${first.explanation.code}: ${first.explanation.title}.`, 'Explain', 'Show Output');
    if (picked === 'Explain') await vscode.commands.executeCommand('accessLens.explainError', line);
    if (picked === 'Show Output') await vscode.window.showTextDocument(uri, { preview: true, selection: new vscode.Range(first.line, first.start, first.line, first.end) });
  }
}
