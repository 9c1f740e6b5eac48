import * as vscode from 'vscode';
import { ObjectKind, kindRow } from '../../../core/access';
import { WorkspaceEntry } from '../../../core/config';
import { worthAWarning } from '../../../core/errors';
import { Logger, shownErrorMessage } from '../../../core/log';
import type { AccessMap } from '../../../core/workspace/accessMap';
import { AccessMaps } from '../../../core/workspace/accessMaps';
import { clusterCreate } from '../../../core/workspace/clusterCreate';
import type { JobSummary } from '../../../core/workspace/workspaceClient';
import { Disposable } from '../../lifecycle';
import { SessionState } from '../../session';
import { ConfigWatcher } from '../../settings';
import { PAGE_SIZE } from '../tree/accessTreeProvider';
import { problemNode, resolveTooltip } from '../tree/nodes';
import { ClusterCreateNode, clusterCreateChildren } from './computeNodes';
import { filesRoots, folderEntries, inheritedFrom } from './filesNodes';
import { FileObjectNode, WsGroupNode, WsMoreNode, WorkspaceViewNode, isFolderObject, workspaceViewItem } from './workspaceNodes';
import { HiddenKinds, visibleGroups } from './groups';
import { addPipelineRunAs } from './pipelineRunAsTooltip';

const settingsAction = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['accessLens'] };

/**
 * The Workspace view (docs/views.md, "Workspace"): per workspace, the groups Compute, SQL, ML,
 * Pipelines and Files, each reading nothing until the user expands it, so the request budget goes
 * only to what someone looks at. Rows are those of the Clusters view (verdict icon, level, via,
 * tooltip, Why Can't I…); failures are tree items with what to do.
 */
export class WorkspaceTreeProvider extends Disposable implements vscode.TreeDataProvider<WorkspaceViewNode> {
  private readonly changed = this.register(new vscode.EventEmitter<WorkspaceViewNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly shown = new Map<string, number>();
  private readonly nodes = new Map<string, FileObjectNode>();
  private readonly clusterCreates = new Map<string, ClusterCreateNode>();
  /** Per workspace: `/directories/<id>` → the folder's path, for the folders the view has shown. */
  private readonly folderPaths = new Map<string, Map<string, string>>();

  constructor(
    private readonly session: SessionState,
    private readonly config: ConfigWatcher,
    private readonly maps: AccessMaps,
    private readonly logger: Logger,
    private readonly restore: () => Promise<void>,
    private readonly hiddenKinds: () => HiddenKinds,
  ) {
    super();
    this.register(session.onDidSessionChange(() => this.refresh()));
    this.register(config.onDidConfigChange(() => this.refresh()));
  }

  /** Forgets every node: the next expansion reads again (through the maps' caches). */
  refresh(): void {
    this.nodes.clear();
    this.clusterCreates.clear();
    this.folderPaths.clear();
    this.changed.fire(undefined);
  }

  showMore(node: WsMoreNode): void {
    this.shown.set(node.list, (this.shown.get(node.list) ?? PAGE_SIZE) + PAGE_SIZE);
    this.changed.fire(undefined);
  }

  /** Reads one object's permissions again (Refresh Item). */
  async refreshObject(node: FileObjectNode): Promise<void> {
    const map = await this.map(node.workspace);
    if (!map) return;
    map.forgetObject(node.kind, node.summary.id);
    node.row = undefined;
    node.error = undefined;
    this.changed.fire(node);
    await this.judge(node, map, true);
  }

  getTreeItem(node: WorkspaceViewNode): vscode.TreeItem {
    return workspaceViewItem(node);
  }

  /** A row's tooltip is built on hover only, as in the Clusters view (tree/nodes.ts, nodeTooltip). */
  resolveTreeItem(item: vscode.TreeItem, node: WorkspaceViewNode): vscode.ProviderResult<vscode.TreeItem> {
    if (node.type !== 'object') return item;
    const resolved = resolveTooltip(item, node);
    return node.kind === 'pipeline' ? this.map(node.workspace).then((map) => addPipelineRunAs(resolved, node.summary.id, map)) : resolved;
  }

  async getChildren(element?: WorkspaceViewNode): Promise<WorkspaceViewNode[]> {
    if (!element) return this.roots();
    switch (element.type) {
      case 'wsWorkspace':
        return visibleGroups(this.hiddenKinds().names).map((group) => ({ type: 'wsGroup', workspace: element.workspace, group }));
      case 'wsGroup':
        return this.groupChildren(element);
      case 'wsKind':
        return this.kindChildren(element.workspace, element.kind);
      case 'clusterCreate':
        return element.verdict ? clusterCreateChildren(element.verdict) : [];
      case 'wsFolder':
        return this.folderChildren(element.workspace, element.path, true);
      case 'object':
        return isFolderObject(element) ? this.folderChildren(element.workspace, element.summary.name) : [];
      default:
        return [];
    }
  }

  private async roots(): Promise<WorkspaceViewNode[]> {
    await this.restore();
    if (!this.session.current) return [];
    const problems: WorkspaceViewNode[] = this.config.value.problems.map((p) => ({ type: 'problem', message: p.message, action: settingsAction }));
    const hidden = this.hiddenKinds();
    if (hidden.problem) problems.push({ type: 'problem', message: hidden.problem, action: { ...settingsAction, arguments: ['accessLens.workspaceView.hiddenKinds'] } });
    return [...problems, ...this.config.value.config.workspaces.map((workspace): WorkspaceViewNode => ({ type: 'wsWorkspace', workspace }))];
  }

  private async map(workspace: WorkspaceEntry): Promise<AccessMap | undefined> {
    const account = this.session.current;
    return account ? this.maps.get(workspace.host, account.homeAccountId) : undefined;
  }

  private async groupChildren(node: WsGroupNode): Promise<WorkspaceViewNode[]> {
    const { workspace, group } = node;
    const kinds = group.kinds.map((kind): WorkspaceViewNode => ({ type: 'wsKind', workspace, kind }));
    if (group.id === 'compute') return [this.clusterCreateNode(workspace), ...kinds];
    if (group.id === 'files') {
      const map = await this.map(workspace);
      return map ? filesRoots(workspace, map).catch((error: unknown) => [this.problem(workspace, error)]) : [];
    }
    // One kind (SQL, Pipelines) lists straight under its group; a pipeline's run-as shows on hover (pipelineRunAsTooltip.ts).
    return group.kinds.length === 1 ? this.kindChildren(workspace, group.kinds[0]!) : kinds;
  }

  private clusterCreateNode(workspace: WorkspaceEntry): ClusterCreateNode {
    let node = this.clusterCreates.get(workspace.host);
    if (node) return node;
    const target: ClusterCreateNode = { type: 'clusterCreate', workspace };
    this.clusterCreates.set(workspace.host, (node = target));
    void this.map(workspace)
      .then((map) => (map ? clusterCreate(map) : undefined))
      .then((verdict) => {
        target.verdict = verdict;
      })
      .catch((error: unknown) => {
        target.error = shownErrorMessage(error);
        if (worthAWarning(error)) this.logger.warn(`${workspace.host}: can I create a cluster? ${target.error}`);
      })
      .finally(() => this.changed.fire(target));
    return node;
  }

  private async kindChildren(workspace: WorkspaceEntry, kind: ObjectKind): Promise<WorkspaceViewNode[]> {
    try {
      const map = await this.map(workspace);
      if (!map) return [];
      const list = await map.list(kind);
      if (list.length === 0) return [{ type: 'info', message: `No ${kindRow(kind).plural} visible to you here`, icon: 'info' }];
      const key = `${workspace.host}|${kind}`;
      const limit = this.shown.get(key) ?? PAGE_SIZE;
      const nodes: WorkspaceViewNode[] = list.slice(0, limit).map((summary) => this.objectNode(workspace, kind, summary as JobSummary, map));
      if (list.length > limit) nodes.push({ type: 'wsMore', workspace, list: key, remaining: list.length - limit });
      return nodes;
    } catch (error) {
      return [this.problem(workspace, error)];
    }
  }

  private async folderChildren(workspace: WorkspaceEntry, folder: string, start = false): Promise<WorkspaceViewNode[]> {
    try {
      const map = await this.map(workspace);
      if (!map) return [];
      if (start && folder !== '/') {
        // A starting folder is looked up first: a missing home folder is "nothing there", and its id names inherited grants.
        const info = await map.client.objectAt(folder);
        if (!info) return [{ type: 'info', message: `Nothing at ${folder}, or it is not visible to you`, icon: 'info' }];
        this.pathsOf(workspace).set(`/directories/${info.id}`, info.path);
      }
      const { checked, unchecked } = await folderEntries(map, folder);
      const key = `${workspace.host}|folder:${folder}`;
      const limit = this.shown.get(key) ?? PAGE_SIZE;
      const nodes: WorkspaceViewNode[] = checked.slice(0, limit).map(({ kind, summary }) => this.objectNode(workspace, kind, summary, map));
      if (checked.length > limit) nodes.push({ type: 'wsMore', workspace, list: key, remaining: checked.length - limit });
      if (unchecked.length > 0) nodes.push({ type: 'info', message: `${unchecked.length.toLocaleString()} ${unchecked.length === 1 ? 'file' : 'files'} not checked (no permissions of their own here)`, icon: 'file' });
      if (nodes.length === 0) nodes.push({ type: 'info', message: `${folder} is empty`, icon: 'info' });
      return nodes;
    } catch (error) {
      return [this.problem(workspace, error)];
    }
  }

  private problem(workspace: WorkspaceEntry, error: unknown): WorkspaceViewNode {
    if (worthAWarning(error)) this.logger.warn(`${workspace.host}: ${shownErrorMessage(error)}`);
    return problemNode(error) as WorkspaceViewNode;
  }

  /** One stable node per object; its row is taken from the map's cache or asked once, and fills in when it arrives. */
  private objectNode(workspace: WorkspaceEntry, kind: ObjectKind, summary: JobSummary, map: AccessMap): FileObjectNode {
    const key = `${workspace.host}|${kind}:${summary.id}`;
    const existing = this.nodes.get(key);
    if (existing) return existing;
    const node: FileObjectNode = { type: 'object', workspace, kind, summary };
    this.nodes.set(key, node);
    if (kind === 'directory' || kind === 'repo') this.pathsOf(workspace).set(`/${kindRow(kind).permissionsPath}/${summary.id}`, summary.name);
    void this.judge(node, map, false);
    return node;
  }

  private pathsOf(workspace: WorkspaceEntry): Map<string, string> {
    let paths = this.folderPaths.get(workspace.host);
    if (!paths) this.folderPaths.set(workspace.host, (paths = new Map()));
    return paths;
  }

  private async judge(node: FileObjectNode, map: AccessMap, force: boolean): Promise<void> {
    try {
      const known = force ? undefined : map.cachedRow(node.kind, node.summary.id, node.summary.name);
      // A row from the verdict cache (a cold start) shows at once, marked, and is read again: nothing
      // else revalidates the kinds the Clusters and Jobs views do not fill (docs/views.md).
      if (known?.cached) {
        node.row = known;
        this.changed.fire(node);
      }
      const row = known && !known.cached ? known : await map.row(node.kind, node.summary, force);
      node.from = inheritedFrom(row, this.pathsOf(node.workspace));
      node.row = row;
    } catch (error) {
      node.error = shownErrorMessage(error);
      if (worthAWarning(error)) this.logger.warn(`${node.kind} ${node.summary.id}: ${node.error}`);
    }
    this.changed.fire(node);
  }
}
