// An authentication provider that stands in for VS Code's `microsoft` in the
// extension-host tests: one account whose session the test sets and removes,
// firing onDidChangeSessions as VS Code's provider does when the user signs in
// or out in the Accounts menu. It records what it was asked.
import * as vscode from 'vscode';

export class TestMicrosoftProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changes.event;
  private session: vscode.AuthenticationSession | undefined;
  /** The scopes of every getSessions call. */
  readonly asked: string[][] = [];
  created = 0;
  removed = 0;

  constructor(private readonly account: vscode.AuthenticationSessionAccountInformation) {}

  /** The account is signed in (again) with `accessToken`. */
  hold(accessToken: string): void {
    const previous = this.session;
    this.session = { id: `session-${accessToken.slice(-12)}`, accessToken, account: this.account, scopes: [] };
    this.changes.fire(previous ? { added: [this.session], removed: [previous], changed: [] } : { added: [this.session], removed: [], changed: [] });
  }

  /** The account signs out of VS Code. */
  remove(): void {
    const previous = this.session;
    this.session = undefined;
    if (previous) this.changes.fire({ added: [], removed: [previous], changed: [] });
  }

  /** The session changes (say, VS Code refreshed it). */
  touch(): void {
    if (this.session) this.changes.fire({ added: [], removed: [], changed: [this.session] });
  }

  getSessions(scopes: readonly string[] | undefined): Promise<vscode.AuthenticationSession[]> {
    this.asked.push([...(scopes ?? [])]);
    return Promise.resolve(this.session ? [{ ...this.session, scopes: [...(scopes ?? [])] }] : []);
  }

  createSession(): Promise<vscode.AuthenticationSession> {
    this.created++;
    return this.session ? Promise.resolve(this.session) : Promise.reject(new Error('The test account is signed out of VS Code.'));
  }

  removeSession(): Promise<void> {
    this.removed++;
    this.remove();
    return Promise.resolve();
  }

  dispose(): void {
    this.changes.dispose();
  }
}
