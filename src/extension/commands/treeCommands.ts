/** Commands of the Clusters and Jobs views: refresh, filters, paging. */
import * as vscode from 'vscode';
import { WorkspaceEntry } from '../../core/config';
import { CancelledError } from '../../core/errors';
import { CommandDeps, registerCommand } from './commandRegistry';
import { ConfigWatcher } from '../settings';
import { AccessMaps } from '../../core/workspace/accessMaps';
import { AccessTreeProvider } from '../views/tree/accessTreeProvider';
import { Filters } from '../views/tree/filters';
import { isObjectNode } from '../views/tree/nodeTypes';
import { WorkspaceTreeProvider } from '../views/workspace/workspaceTreeProvider';
import { WsMoreNode } from '../views/workspace/workspaceNodes';

export interface TreeCommandTargets {
  readonly trees: readonly AccessTreeProvider[];
  /** Refresh (all views) drops Unity Catalog's caches with the maps: the Catalog view redraws too. */
  readonly catalogTree?: { refresh(): void };
  /** The Workspace view: refreshed with the others, and its own paging and rows (views/workspace/). */
  readonly workspaceTree?: WorkspaceTreeProvider;
  readonly maps: AccessMaps;
  readonly filters: Filters;
  readonly config: ConfigWatcher;
}

async function pickWorkspace(config: ConfigWatcher): Promise<WorkspaceEntry> {
  const workspaces = config.value.config.workspaces;
  if (workspaces.length === 1 && workspaces[0]) return workspaces[0];
  const pick = await vscode.window.showQuickPick(workspaces.map((w) => ({ label: w.name, description: w.host, workspace: w })), { placeHolder: 'Which workspace?' });
  if (!pick) throw new CancelledError();
  return pick.workspace;
}

export function registerTreeCommands(context: vscode.ExtensionContext, deps: CommandDeps, targets: TreeCommandTargets): void {
  const { trees, maps, filters, config } = targets;

  registerCommand(context, deps, 'accessLens.refreshItem', async (arg?: unknown) => {
    if (!isObjectNode(arg)) return;
    for (const tree of trees) if (tree.kind === arg.kind) await tree.refreshObject(arg);
    if (!trees.some((tree) => tree.kind === arg.kind)) await targets.workspaceTree?.refreshObject(arg);
  });

  registerCommand(context, deps, 'accessLens.filter', async () => {
    const workspace = await pickWorkspace(config);
    const current = filters.get(workspace.host);
    const text = await vscode.window.showInputBox({ prompt: `Show ${workspace.name} objects whose name or id contains…`, value: current.text, placeHolder: 'e.g. gpu (empty shows all)' });
    if (text === undefined) throw new CancelledError();
    await filters.set(workspace.host, { ...current, text: text.trim() });
  });
  registerCommand(context, deps, 'accessLens.toggleUsableOnly', async () => {
    for (const workspace of config.value.config.workspaces) {
      const current = filters.get(workspace.host);
      await filters.set(workspace.host, { ...current, usableOnly: !current.usableOnly });
    }
  });
  registerCommand(context, deps, 'accessLens.clearFilter', async (host?: unknown) => {
    const hosts = typeof host === 'string' ? [host] : config.value.config.workspaces.map((w) => w.host);
    for (const h of hosts) await filters.set(h, { usableOnly: false, text: '' });
  });
  registerCommand(context, deps, 'accessLens.showMore', (node?: unknown) => {
    const more = node as { type?: string; workspace?: WorkspaceEntry; kind?: string } | undefined;
    if (more?.type === 'wsMore') targets.workspaceTree?.showMore(more as WsMoreNode);
    if (more?.type !== 'more' || !more.workspace) return;
    for (const tree of trees) if (tree.kind === more.kind) tree.showMore(more.workspace);
  });
  registerCommand(context, deps, 'accessLens.refreshView', () => {
    maps.invalidateAll();
    for (const tree of trees) tree.refresh();
    targets.catalogTree?.refresh();
    targets.workspaceTree?.refresh();
  });
}
