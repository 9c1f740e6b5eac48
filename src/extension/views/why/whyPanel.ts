/**
 * The "why" view: the full explanation for one object and action in an
 * editor-side webview, with copy buttons for the access request and the ids.
 * Shared by the tree and "Explain Access Error".
 */
import * as vscode from 'vscode';
import { Verdict } from '../../../core/access';
import type { UcVerdict } from '../../../core/catalog/types';
import { Explanation } from '../../../core/explain/explain';
import { setWebviewHtml } from '../webview';
import { renderUcVerdict } from './renderUcVerdict';
import { renderExplanation, renderVerdict } from './renderVerdict';

export class WhyPanel {
  private static current: WhyPanel | undefined;
  private readonly panel: vscode.WebviewPanel;

  private constructor() {
    this.panel = vscode.window.createWebviewPanel('accessLens.why', 'Why', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
    this.panel.onDidDispose(() => {
      if (WhyPanel.current === this) WhyPanel.current = undefined;
    });
    this.panel.webview.onDidReceiveMessage(async (message: { copy?: unknown }) => {
      if (typeof message.copy !== 'string') return;
      await vscode.env.clipboard.writeText(message.copy);
      void vscode.window.setStatusBarMessage('Access Lens: copied to the clipboard', 3000);
    });
  }

  static show(verdict: Verdict): WhyPanel {
    return WhyPanel.render(`Why: ${verdict.name} (${verdict.action})`, (nonce, csp) => renderVerdict(verdict, nonce, csp));
  }

  /** A Unity Catalog securable: its privilege chain and the GRANT to ask for. */
  static showUnityCatalog(verdict: UcVerdict): WhyPanel {
    return WhyPanel.render(`Why: ${verdict.name} (${verdict.action})`, (nonce, csp) => renderUcVerdict(verdict, nonce, csp));
  }

  static showExplanation(explanation: Explanation, analysis: Verdict | UcVerdict | undefined): WhyPanel {
    return WhyPanel.render(`Explained: ${explanation.code}`, (nonce, csp) => renderExplanation(explanation, analysis, nonce, csp));
  }

  private static render(title: string, html: (nonce: string, cspSource: string) => string): WhyPanel {
    WhyPanel.current ??= new WhyPanel();
    const view = WhyPanel.current;
    view.panel.title = title;
    setWebviewHtml(view.panel.webview, html);
    view.panel.reveal(vscode.ViewColumn.Beside, true);
    return view;
  }

  /** For tests: the HTML currently shown. */
  static get html(): string | undefined {
    return WhyPanel.current?.panel.webview.html;
  }
}
