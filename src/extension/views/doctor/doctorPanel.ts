/** The doctor report in VS Code: a readable view with re-run, the opt-in job run check and copy-as-Markdown. */
import * as vscode from 'vscode';
import { CheckResult, doctorMarkdown } from '../../../core/doctor/doctor';
import { cspMeta, escapeHtml, setWebviewHtml } from '../webview';

const LABEL = { pass: 'pass', warn: 'warning', fail: 'fail' } as const;

export function renderDoctor(checks: readonly CheckResult[], host: string, nonce: string, cspSource: string): string {
  const rows = checks
    .map((c) => `<tr class="${c.status}"><td class="status">${LABEL[c.status]}</td><td><code>${escapeHtml(c.id)}</code></td><td>${escapeHtml(c.message)}${c.fix && c.status !== 'pass' ? `<div class="fix">Fix: ${escapeHtml(c.fix)}</div>` : ''}</td></tr>`)
    .join('');
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
${cspMeta(nonce, cspSource)}
<title>Access Lens Doctor</title><style nonce="${nonce}">
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 1.2em 2em;line-height:1.5}
table{border-collapse:collapse;width:100%} td{border-bottom:1px solid var(--vscode-widget-border,#8884);padding:.4em .8em .4em 0;vertical-align:top}
.status{font-weight:600;white-space:nowrap} .pass .status{color:var(--vscode-testing-iconPassed)} .warn .status{color:var(--vscode-editorWarning-foreground)} .fail .status{color:var(--vscode-testing-iconFailed)}
.fix{opacity:.85;margin-top:.2em} button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:none;padding:.35em .9em;margin-right:.4em;cursor:pointer}
</style></head><body>
<h1>Doctor: ${escapeHtml(host)}</h1>
<p>${failed} failing, ${warned} warning, ${checks.length - failed - warned} passing.</p>
<p><button id="rerun">Re-run</button><button id="runJob" title="Runs a job you choose and checks that the workspace recorded you as who started it and who it ran as">Run job check…</button><button id="copy">Copy as Markdown</button></p>
<table>${rows}</table>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.getElementById('rerun').addEventListener('click', () => vscode.postMessage({ command: 'rerun' }));
document.getElementById('runJob').addEventListener('click', () => vscode.postMessage({ command: 'runJob' }));
document.getElementById('copy').addEventListener('click', () => vscode.postMessage({ command: 'copy' }));
</script></body></html>`;
}

/** What the report's buttons do: run the doctor again, or again with the job run check. */
export interface DoctorActions {
  rerun(): Promise<void>;
  runJob(): Promise<void>;
}

export class DoctorPanel {
  private static current: DoctorPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private checks: readonly CheckResult[] = [];
  private host = '';

  private constructor(private actions: DoctorActions) {
    this.panel = vscode.window.createWebviewPanel('accessLens.doctor', 'Access Lens Doctor', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
    this.panel.onDidDispose(() => {
      if (DoctorPanel.current === this) DoctorPanel.current = undefined;
    });
    this.panel.webview.onDidReceiveMessage(async (message: { command?: string }) => {
      if (message.command === 'rerun') await this.actions.rerun();
      if (message.command === 'runJob') await this.actions.runJob();
      if (message.command === 'copy') {
        await vscode.env.clipboard.writeText(doctorMarkdown(this.checks, { host: this.host, when: new Date() }));
        void vscode.window.setStatusBarMessage('Access Lens: doctor report copied as Markdown', 3000);
      }
    });
  }

  static show(checks: readonly CheckResult[], host: string, actions: DoctorActions): void {
    DoctorPanel.current ??= new DoctorPanel(actions);
    const view = DoctorPanel.current;
    view.actions = actions;
    view.checks = checks;
    view.host = host;
    setWebviewHtml(view.panel.webview, (nonce, cspSource) => renderDoctor(checks, host, nonce, cspSource));
    view.panel.reveal();
  }

  /** For tests: what the report shows. */
  static get shown(): { host: string; checks: readonly CheckResult[] } | undefined {
    return DoctorPanel.current ? { host: DoctorPanel.current.host, checks: DoctorPanel.current.checks } : undefined;
  }
}
