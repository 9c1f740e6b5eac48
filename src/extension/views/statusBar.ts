import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { escapeMarkdown, inlineCode } from './markdown';
import type { SelectedWorkspace } from '../selectedWorkspace';
import { SessionState } from '../session';
import { statusBarWorkspace } from '../workspaceSelection';
import { signInSource, statusText, tokenModeLine } from './statusText';

/** Shows who is signed in (and, once tokens exist, until when); a click signs in or shows the account. */
export class AccessLensStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('accessLens.status', vscode.StatusBarAlignment.Left, 50));

  constructor(
    private readonly session: SessionState,
    private readonly selection: SelectedWorkspace,
  ) {
    super();
    this.item.name = 'Access Lens';
    this.register(session.onDidSessionChange(() => this.update()));
    this.register(selection.onDidSelectedWorkspaceChange(() => this.update()));
    // The minutes left count down between refreshes (the broker refreshes ahead of expiry and sets a new time).
    const ticker = setInterval(() => this.update(), 30_000);
    this.register({ dispose: () => clearInterval(ticker) });
    this.update();
    this.item.show();
  }

  /** What the item shows now (text and tooltip as Markdown source), for the extension's own tests (testApi.ts). */
  shown(): { text: string; tooltip: string } {
    const tooltip = this.item.tooltip;
    return { text: this.item.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
  }

  private update(): void {
    const account = this.session.current;
    // With several workspaces, which one the terminals and the menu act on (workspaceSelection.ts).
    const workspace = statusBarWorkspace(this.selection.workspaces, this.selection.current);
    const suffix = workspace ? ` · ${workspace}` : '';
    if (!account) {
      this.item.text = `$(shield) Access Lens: signed out${suffix}`;
      this.item.tooltip = 'Sign in to Databricks with Microsoft Entra ID or your OpenID Connect provider';
      this.item.command = 'accessLens.signIn';
      this.item.backgroundColor = undefined;
      return;
    }
    const status = statusText(account, Date.now());
    this.item.text = `$(shield) ${status.text}${suffix}`;
    this.item.backgroundColor = status.expired ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const source = signInSource(account);
    const tooltip = new vscode.MarkdownString(`Signed in as **${escapeMarkdown(account.username)}**\n\n${source.label} ${inlineCode(source.value)}`);
    const modeLine = tokenModeLine(account.mode);
    if (modeLine) tooltip.appendMarkdown(`\n\n${modeLine}`);
    if (status.tokenLine) tooltip.appendMarkdown(`\n\n${status.tokenLine}`);
    if (workspace) tooltip.appendMarkdown(`\n\nSelected workspace: **${escapeMarkdown(workspace)}**`);
    tooltip.appendMarkdown('\n\nClick to refresh, switch account or workspace, or sign out.');
    this.item.tooltip = tooltip;
    this.item.command = 'accessLens.manageAccount';
  }
}
