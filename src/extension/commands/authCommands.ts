/** Sign-in and account commands: sign in, out, switch, refresh tokens, the account menu, the log. */
import * as vscode from 'vscode';
import { AuthController } from '../auth/authController';
import { chooseSignInSource, noSourceChosen } from '../auth/chooseSource';
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
  // The first sign-in asks which source to use, by situation, when nothing says yet.
  const chooseThenSignIn = async (provider?: string): Promise<void> => {
    if (!(await chooseSignInSource(auth.settings(), provider))) return;
    // The setting was just written: build the core from it, whether or not VS Code has told us yet.
    auth.forgetCore();
    await auth.signIn();
  };
  registerCommand(context, deps, 'accessLens.signIn', async () => {
    if (noSourceChosen(auth.settings())) return chooseThenSignIn();
    await auth.signIn();
  });
  registerCommand(context, deps, 'accessLens.chooseSignInSource', (provider?: unknown) => chooseThenSignIn(typeof provider === 'string' ? provider : undefined));
  registerCommand(context, deps, 'accessLens.copyDeviceCode', () => auth.copyDeviceCode());
  registerCommand(context, deps, 'accessLens.signOut', () => auth.signOut());
  registerCommand(context, deps, 'accessLens.switchAccount', () => auth.switchAccount());
  registerCommand(context, deps, 'accessLens.manageAccount', async () => {
    const actions = [
      { label: '$(refresh) Refresh Tokens', command: 'accessLens.refreshTokens' },
      { label: '$(account) Switch Account…', command: 'accessLens.switchAccount' },
      { label: '$(server) Select Workspace…', command: 'accessLens.selectWorkspace' },
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
