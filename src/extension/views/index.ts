/** The sidebar views and the status bar: built once, owned by the extension context. */
import * as vscode from 'vscode';
import { Logger } from '../../core/log';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';
import { AccessMaps } from '../../core/workspace/accessMaps';
import { AccessLensStatusBar } from './statusBar';
import { AccessTreeProvider } from './tree/accessTreeProvider';
import { Filters } from './tree/filters';

export interface ViewDeps {
  readonly session: SessionState;
  readonly config: ConfigWatcher;
  readonly maps: AccessMaps;
  readonly filters: Filters;
  readonly logger: Logger;
  /** Restores an earlier sign-in, once, when a view first wants it. */
  readonly restore: () => Promise<void>;
}

export function registerViews(context: vscode.ExtensionContext, deps: ViewDeps): { clusters: AccessTreeProvider; jobs: AccessTreeProvider; statusBar: AccessLensStatusBar } {
  const { session, config, maps, filters, logger, restore } = deps;
  const clusters = new AccessTreeProvider('cluster', session, config, maps, filters, logger, restore);
  const jobs = new AccessTreeProvider('job', session, config, maps, filters, logger, restore);
  const statusBar = new AccessLensStatusBar(session);
  context.subscriptions.push(
    clusters,
    jobs,
    vscode.window.createTreeView('accessLens.clusters', { treeDataProvider: clusters, showCollapseAll: true }),
    vscode.window.createTreeView('accessLens.jobs', { treeDataProvider: jobs, showCollapseAll: true }),
    statusBar,
  );
  return { clusters, jobs, statusBar };
}
