/** Sign-in and account commands: sign in, out, switch, refresh tokens, the account menu, the log. */
import * as vscode from 'vscode';
import { AuthController } from '../auth/authController';
import { CommandDeps, registerCommand } from './commandRegistry';
import { AccessTreeProvider } from '../views/tree/accessTreeProvider';

export interface AuthCommandTargets {
  readonly trees: readonly AccessTreeProvider[];
  readonly auth: AuthController;
}

export function registerAuthCommands(context: vscode.ExtensionContext, deps: CommandDeps, targets: AuthCommandTargets): void {
  const { auth, trees } = targets;
  const refreshTrees = (): void => {
    for (const tree of trees) tree.refresh();
  };
  registerCommand(context, deps, 'accessLens.showLog', () => deps.showLog());
  registerCommand(context, deps, 'accessLens.signIn', () => auth.signIn());
  registerCommand(context, deps, 'accessLens.copyDeviceCode', () => auth.copyDeviceCode());
  registerCommand(context, deps, 'accessLens.signOut', () => auth.signOut());
  registerCommand(context, deps, 'accessLens.switchAccount', () => auth.switchAccount());
  registerCommand(context, deps, 'accessLens.manageAccount', async () => {
    const actions = [
      { label: '$(refresh) Refresh Tokens', command: 'accessLens.refreshTokens' },
      { label: '$(account) Switch Account…', command: 'accessLens.switchAccount' },
      { label: '$(sign-out) Sign Out', command: 'accessLens.signOut' },
      { label: '$(pulse) Run Doctor', command: 'accessLens.runDoctor' },
      { label: '$(output) Show Log', command: 'accessLens.showLog' },
    ];
    const pick = await vscode.window.showQuickPick(actions, { placeHolder: 'Access Lens account' });
    if (pick) await vscode.commands.executeCommand(pick.command);
  });
  registerCommand(context, deps, 'accessLens.refreshTokens', async () => {
    await auth.refreshTokens();
    refreshTrees();
  });
}
