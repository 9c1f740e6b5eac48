import * as vscode from 'vscode';
import { AccessLensError } from '../core/errors/accessLensError';
import { CommandDeps, registerCommand } from './commandRegistry';
import { AccessTreeProvider } from './tree/accessTreeProvider';

export interface CommandTargets {
  readonly trees: readonly AccessTreeProvider[];
}

/**
 * Features still being built answer honestly instead of pretending: the command
 * exists (menus and keybindings can point at it) and says what is missing.
 */
function notYetAvailable(feature: string): () => never {
  return () => {
    throw new AccessLensError('NOT_AVAILABLE', `${feature} is not available in this build yet. Follow the project's CHANGELOG for the release that adds it.`, ['openLog']);
  };
}

/** Registers every command of package.json `contributes.commands`; a test checks that the two lists match. */
export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps, targets: CommandTargets): void {
  registerCommand(context, deps, 'accessLens.refreshView', () => {
    for (const tree of targets.trees) tree.refresh();
  });
  registerCommand(context, deps, 'accessLens.signIn', notYetAvailable('Sign-in'));
  registerCommand(context, deps, 'accessLens.signOut', notYetAvailable('Sign-out'));
  registerCommand(context, deps, 'accessLens.refreshTokens', notYetAvailable('Token refresh'));
  registerCommand(context, deps, 'accessLens.whyDenied', notYetAvailable('"Why can\'t I…?"'));
  registerCommand(context, deps, 'accessLens.explainError', notYetAvailable('Explain Access Error'));
  registerCommand(context, deps, 'accessLens.runDoctor', notYetAvailable('Doctor'));
  registerCommand(context, deps, 'accessLens.showAuditLog', notYetAvailable('The audit log'));
}
