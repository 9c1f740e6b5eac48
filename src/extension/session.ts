import * as vscode from 'vscode';
import { Disposable } from './lifecycle';

/** Who is signed in, as far as the views need to know. Tokens never live here. */
export interface SignedInAccount {
  readonly username: string;
  readonly tenantId: string;
  readonly homeAccountId: string;
  /** Earliest expiry among the Databricks tokens held, for the status bar. */
  readonly tokenExpiresAt?: Date;
  /** How the Databricks token was obtained: entra, federation or databricks (the workspace's own sign-in). */
  readonly mode?: string;
}

/** Holds the sign-in state and mirrors it into the `accessLens.signedIn` context key for menus and welcome views. */
export class SessionState extends Disposable {
  private account: SignedInAccount | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<SignedInAccount | undefined>());
  readonly onDidSessionChange = this.changed.event;

  constructor() {
    super();
    void vscode.commands.executeCommand('setContext', 'accessLens.signedIn', false);
  }

  get current(): SignedInAccount | undefined {
    return this.account;
  }

  set(account: SignedInAccount | undefined): void {
    this.account = account;
    void vscode.commands.executeCommand('setContext', 'accessLens.signedIn', account !== undefined);
    this.changed.fire(account);
  }
}
