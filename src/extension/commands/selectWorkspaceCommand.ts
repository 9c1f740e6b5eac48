/**
 * "Select Workspace…" (docs/settings.md, "The selected workspace"): a quick pick of
 * `accessLens.workspaces`, the current one marked. Called with a host (the status bar's menu, tests),
 * it selects that one without asking.
 */
import * as vscode from 'vscode';
import { AccessLensError } from '../../core/errors';
import type { SelectedWorkspace } from '../selectedWorkspace';
import { workspacePickItems } from '../workspaceSelection';
import { CommandDeps, registerCommand } from './commandRegistry';

export function registerSelectWorkspaceCommand(context: vscode.ExtensionContext, deps: CommandDeps, selection: SelectedWorkspace): void {
  registerCommand(context, deps, 'accessLens.selectWorkspace', async (host?: unknown) => {
    if (typeof host === 'string') {
      await selection.select(host);
      return;
    }
    const workspaces = selection.workspaces;
    if (workspaces.length === 0) throw new AccessLensError('CONFIG', 'No Databricks workspace is configured. Add one with "Access Lens: Add Workspace…" or in accessLens.workspaces.', ['openSettings']);
    const items = workspacePickItems(workspaces, selection.current?.host);
    const pick = await vscode.window.showQuickPick(items, { placeHolder: 'The workspace the status bar and terminals (accessLens.shareWithTerminals) use', matchOnDescription: true });
    if (pick) await selection.select(pick.host);
  });
}
