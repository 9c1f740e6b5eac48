/** The sidebar views and the status bar: built once, owned by the extension context. */
import * as vscode from 'vscode';
import { Logger, errorMessage } from '../../core/log';
import { SessionState } from '../session';
import { ConfigWatcher, workspaceViewHiddenKinds } from '../settings';
import { AccessMaps } from '../../core/workspace/accessMaps';
import type { SelectedWorkspace } from '../selectedWorkspace';
import { workspaceOfNode } from '../workspaceSelection';
import { AccessLensStatusBar } from './statusBar';
import { CatalogTreeProvider } from './catalog/catalogTreeProvider';
import { AccessTreeProvider } from './tree/accessTreeProvider';
import { Filters } from './tree/filters';
import { WorkspaceTreeProvider } from './workspace/workspaceTreeProvider';

export interface ViewDeps {
  readonly session: SessionState;
  readonly config: ConfigWatcher;
  readonly maps: AccessMaps;
  readonly filters: Filters;
  readonly logger: Logger;
  /** Restores an earlier sign-in, once, when a view first wants it. */
  readonly restore: () => Promise<void>;
  readonly selection: SelectedWorkspace;
}

export function registerViews(context: vscode.ExtensionContext, deps: ViewDeps): { clusters: AccessTreeProvider; jobs: AccessTreeProvider; catalog: CatalogTreeProvider; workspace: WorkspaceTreeProvider; statusBar: AccessLensStatusBar } {
  const { session, config, maps, filters, logger, restore, selection } = deps;
  const clusters = new AccessTreeProvider('cluster', session, config, maps, filters, logger, restore);
  const jobs = new AccessTreeProvider('job', session, config, maps, filters, logger, restore);
  // The Catalog view reads nothing until it is expanded: VS Code asks a collapsed view for no children.
  const catalog = new CatalogTreeProvider(session, config, maps, logger, restore);
  // The Workspace view's groups read nothing until expanded either (views/workspace/).
  const workspace = new WorkspaceTreeProvider(session, config, maps, logger, restore, workspaceViewHiddenKinds);
  const statusBar = new AccessLensStatusBar(session, selection);
  const views = [
    vscode.window.createTreeView('accessLens.clusters', { treeDataProvider: clusters, showCollapseAll: true }),
    vscode.window.createTreeView('accessLens.jobs', { treeDataProvider: jobs, showCollapseAll: true }),
    vscode.window.createTreeView('accessLens.catalog', { treeDataProvider: catalog, showCollapseAll: true }),
    vscode.window.createTreeView('accessLens.workspace', { treeDataProvider: workspace, showCollapseAll: true }),
  ];
  // Choosing any node of a workspace selects that workspace (docs/settings.md, "The selected workspace").
  const selectOnClick = views.map((view) =>
    view.onDidChangeSelection((event) => {
      const workspace = workspaceOfNode(event.selection[0]);
      if (workspace && workspace.host !== selection.current?.host) selection.select(workspace.host).catch((error: unknown) => logger.warn(`Could not select ${workspace.host}: ${errorMessage(error)}`));
    }),
  );
  context.subscriptions.push(clusters, jobs, catalog, workspace, ...views, ...selectOnClick, statusBar);
  return { clusters, jobs, catalog, workspace, statusBar };
}
