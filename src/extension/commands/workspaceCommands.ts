/**
 * "Add Workspace…": a typed URL or a profile of the Databricks configuration
 * file (docs/settings.md, `accessLens.profiles`), added to the user's
 * `accessLens.workspaces`; and the quick fix that replaces a profile's token
 * by a sign-in (diagnostics/profileSecretFix.ts).
 */
import * as vscode from 'vscode';
import { CfgProfile } from '../../core/config/databricksCfg';
import { databricksCfgPath, readDatabricksCfg } from '../../core/config/databricksCfgFile';
import { WorkspaceChoice, workspaceChoices } from '../../core/config/workspaceChoices';
import { errorMessage } from '../../core/log';
import { replaceProfileSecretWithSignIn } from '../diagnostics/profileSecretFix';
import { ConfigWatcher, addUserWorkspace, profilesOffered } from '../settings';
import { CommandDeps, registerCommand } from './commandRegistry';

interface ChoiceItem extends vscode.QuickPickItem {
  readonly choice: WorkspaceChoice;
}

async function readProfiles(deps: CommandDeps): Promise<{ profiles: readonly CfgProfile[]; file: string }> {
  const file = databricksCfgPath(process.env);
  if (!profilesOffered()) return { profiles: [], file };
  try {
    const read = await readDatabricksCfg(process.env);
    if (read.missing) return { profiles: [], file };
    for (const problem of read.parsed.problems) deps.logger.warn(problem);
    return { profiles: read.parsed.profiles, file: read.path };
  } catch (error) {
    // A file that cannot be read must not stop adding a workspace by URL: say why its profiles are missing.
    void vscode.window.showWarningMessage(`Access Lens: the profiles of ${file} are not offered. ${errorMessage(error)}`);
    return { profiles: [], file };
  }
}

/** Resolves with the chosen workspace, or undefined when the picker is dismissed. */
function pickWorkspace(profiles: readonly CfgProfile[], file: string, configured: readonly string[]): Promise<WorkspaceChoice | undefined> {
  const pick = vscode.window.createQuickPick<ChoiceItem>();
  pick.title = 'Add a Databricks Workspace';
  pick.placeholder = profiles.length > 0 ? `Type the workspace URL, or pick a profile of ${file}` : 'Type the workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net';
  pick.matchOnDescription = true;
  const update = (): void => {
    pick.items = workspaceChoices(profiles, pick.value, configured, file).map((choice) => ({ label: choice.label, description: choice.description, detail: choice.detail, alwaysShow: choice.profile === undefined, choice }));
  };
  update();
  return new Promise((resolve) => {
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      const choice = pick.selectedItems[0]?.choice;
      if (!choice?.entry) return;
      resolve(choice);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

export function registerWorkspaceCommands(context: vscode.ExtensionContext, deps: CommandDeps, config: ConfigWatcher): void {
  registerCommand(context, deps, 'accessLens.addWorkspace', async () => {
    const { profiles, file } = await readProfiles(deps);
    const choice = await pickWorkspace(profiles, file, config.value.config.workspaces.map((w) => w.host));
    if (!choice?.entry) return;
    const added = await addUserWorkspace(choice.entry);
    deps.logger.info(`Add Workspace: ${choice.entry.host}${choice.profile ? ` from profile "${choice.profile}"` : ''} ${added ? 'added to' : 'already in'} accessLens.workspaces.`);
    if (!choice.flagged) return;
    const open = `Open ${file}`;
    const answer = await vscode.window.showWarningMessage(
      `Access Lens: added ${choice.entry.name}. Its profile keeps a personal access token or client secret in ${file}; Access Lens never uses it. Replace it by a sign-in (a quick fix in the file) and revoke it in the workspace.`,
      open,
    );
    if (answer === open) await vscode.window.showTextDocument(vscode.Uri.file(file));
  });
  registerCommand(context, deps, 'accessLens.replaceSecretWithSignIn', (uri: unknown, line: unknown) => replaceProfileSecretWithSignIn(uri, line, deps.logger));
}
