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
      this.item.tooltip = 'Sign in to Databricks with Microsoft Entra ID';
      this.item.command = 'accessLens.signIn';
      return;
    }
    this.item.text = `$(shield) ${account.username}`;
    this.item.tooltip = `Signed in as ${account.username} (tenant ${account.tenantId})`;
    this.item.command = 'accessLens.refreshTokens';
  }
}
