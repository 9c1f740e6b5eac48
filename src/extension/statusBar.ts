import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import { SessionState } from './session';

/** Shows who is signed in (and, once tokens exist, until when); a click signs in or shows the account. */
export class AccessLensStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('accessLens.status', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly session: SessionState) {
    super();
    this.item.name = 'Access Lens';
    this.register(session.onDidSessionChange(() => this.update()));
    this.update();
    this.item.show();
  }

  private update(): void {
    const account = this.session.current;
    if (!account) {
      this.item.text = '$(shield) Access Lens: signed out';
      this.item.tooltip = 'Sign in to Databricks with Microsoft Entra ID or your OpenID Connect provider';
      this.item.command = 'accessLens.signIn';
      return;
    }
    const expires = account.tokenExpiresAt;
    const minutes = expires ? Math.max(0, Math.round((expires.getTime() - Date.now()) / 60_000)) : undefined;
    this.item.text = `$(shield) ${account.username}${minutes !== undefined ? ` · ${minutes} min` : ''}`;
    // An OIDC account's "tenant" is its issuer (a URL); an Entra account's is the tenant id.
    const where = /^https:\/\//.test(account.tenantId) ? 'Issuer' : 'Tenant';
    const tooltip = new vscode.MarkdownString(`Signed in as **${account.username}**\n\n${where} \`${account.tenantId}\``);
    if (account.mode) tooltip.appendMarkdown(`\n\nToken mode: ${account.mode === 'entra' ? 'Entra token as bearer (Azure Databricks)' : 'token federation (RFC 8693 exchange)'}`);
    if (expires) tooltip.appendMarkdown(`\n\nDatabricks token valid until ${expires.toLocaleTimeString()}.`);
    tooltip.appendMarkdown('\n\nClick to refresh, switch account or sign out.');
    this.item.tooltip = tooltip;
    this.item.command = 'accessLens.manageAccount';
  }
}
