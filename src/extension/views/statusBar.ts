import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import { escapeMarkdown, inlineCode } from './markdown';
import { SessionState } from '../session';
import { statusText } from './statusText';

/** Shows who is signed in (and, once tokens exist, until when); a click signs in or shows the account. */
export class AccessLensStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('accessLens.status', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly session: SessionState) {
    super();
    this.item.name = 'Access Lens';
    this.register(session.onDidSessionChange(() => this.update()));
    // The minutes left count down between refreshes (the broker refreshes ahead of expiry and sets a new time).
    const ticker = setInterval(() => this.update(), 30_000);
    this.register({ dispose: () => clearInterval(ticker) });
    this.update();
    this.item.show();
  }

  private update(): void {
    const account = this.session.current;
    if (!account) {
      this.item.text = '$(shield) Access Lens: signed out';
      this.item.tooltip = 'Sign in to Databricks with Microsoft Entra ID or your OpenID Connect provider';
      this.item.command = 'accessLens.signIn';
      this.item.backgroundColor = undefined;
      return;
    }
    const status = statusText(account, Date.now());
    this.item.text = `$(shield) ${status.text}`;
    this.item.backgroundColor = status.expired ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    // An OIDC account's "tenant" is its issuer (a URL); an Entra account's is the tenant id.
    const where = /^https:\/\//.test(account.tenantId) ? 'Issuer' : 'Tenant';
    const tooltip = new vscode.MarkdownString(`Signed in as **${escapeMarkdown(account.username)}**\n\n${where} ${inlineCode(account.tenantId)}`);
    if (account.mode) tooltip.appendMarkdown(`\n\nToken mode: ${account.mode === 'entra' ? 'Entra token as bearer (Azure Databricks)' : 'token federation (RFC 8693 exchange)'}`);
    if (status.tokenLine) tooltip.appendMarkdown(`\n\n${status.tokenLine}`);
    tooltip.appendMarkdown('\n\nClick to refresh, switch account or sign out.');
    this.item.tooltip = tooltip;
    this.item.command = 'accessLens.manageAccount';
  }
}
