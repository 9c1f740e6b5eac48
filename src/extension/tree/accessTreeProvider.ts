import * as vscode from 'vscode';
import { ObjectKind } from '../../core/access';
import { WorkspaceEntry } from '../../core/config';
import { Logger } from '../../core/log';
import { ClusterSummary, JobSummary } from '../../core/workspace/workspaceClient';
import { Disposable } from '../lifecycle';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';
import { AccessMaps } from './accessMaps';
import { Filters } from './filters';
import { AccessNode, ObjectNode, nodeItem, objectState, problemNode } from './nodes';
import { jobRunChildren } from './runNodes';

/** How many objects a workspace shows before "Show more": the tree asks verdicts for these first. */
export const PAGE_SIZE = 200;

/**
 * The Clusters or the Jobs view. While signed out the tree is empty so that
 * the contributed welcome view (with its Sign In button) shows. Objects appear
 * as soon as the list is read; each one's verdicts fill in as its permissions
 * arrive, shown objects first. Failures are tree items, never pop-ups.
 */
export class AccessTreeProvider extends Disposable implements vscode.TreeDataProvider<AccessNode> {
  private readonly changed = this.register(new vscode.EventEmitter<AccessNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly shown = new Map<string, number>();
  private readonly nodes = new Map<string, ObjectNode>();

  constructor(
    readonly kind: ObjectKind,
    private readonly session: SessionState,
    private readonly config: ConfigWatcher,
    private readonly maps: AccessMaps,
    private readonly filters: Filters,
    private readonly logger: Logger,
    private readonly restore: () => Promise<void>,
  ) {
    super();
    this.register(session.onDidSessionChange(() => this.refresh()));
    this.register(config.onDidConfigChange(() => this.refresh()));
    this.register(filters.onDidFilterChange(() => this.changed.fire(undefined)));
    this.register({ dispose: () => clearTimeout(this.refreshTimer) });
  }

  /** Re-reads everything: lists and permissions go back to the workspace. */
  refresh(): void {
    this.nodes.clear();
    this.changed.fire(undefined);
  }

  private refreshTimer: NodeJS.Timeout | undefined;

  /** Coalesces many verdicts arriving at once into one re-render. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire(undefined);
    }, 150);
  }

  showMore(workspace: WorkspaceEntry): void {
    this.shown.set(workspace.host, (this.shown.get(workspace.host) ?? PAGE_SIZE) + PAGE_SIZE);
    this.changed.fire(undefined);
  }

  /** Reads one object's permissions again and redraws it. */
  async refreshObject(node: ObjectNode): Promise<void> {
    const account = this.session.current;
    if (!account) return;
    const map = await this.maps.get(node.workspace.host, account.homeAccountId);
    map.forgetObject(node.kind, node.summary.id);
    node.row = undefined;
    node.error = undefined;
    this.changed.fire(node);
    try {
      node.row = await map.row(node.kind, node.summary, true);
    } catch (error) {
      node.error = (error as Error).message;
    }
    this.changed.fire(node);
  }

  /** Every object node loaded so far, for pickers. */
  loadedObjects(): ObjectNode[] {
    return [...this.nodes.values()];
  }

  getTreeItem(node: AccessNode): vscode.TreeItem {
    return nodeItem(node);
  }

  async getChildren(element?: AccessNode): Promise<AccessNode[]> {
    if (!element) {
      // The first look at the view finds an earlier sign-in (from here or the CLI; restore() runs once for both views); activation stays instant.
      await this.restore();
      if (!this.session.current) return [];
      const problems: AccessNode[] = this.config.value.problems.map((p) => ({ type: 'problem', message: p.message, action: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['accessLens'] } }));
      const workspaces: AccessNode[] = this.config.value.config.workspaces.map((workspace) => ({ type: 'workspace', workspace, kind: this.kind }));
      return [...problems, ...workspaces];
    }
    if (element.type === 'workspace') return this.workspaceChildren(element.workspace);
    if (element.type === 'object' && element.kind === 'job') return jobRunChildren(element, this.maps, this.session).catch((error: unknown) => [problemNode(error)]);
    return [];
  }

  private async workspaceChildren(workspace: WorkspaceEntry): Promise<AccessNode[]> {
    const account = this.session.current;
    if (!account) return [];
    try {
      const map = await this.maps.get(workspace.host, account.homeAccountId);
      const [identity, objects] = await Promise.all([map.whoami(), map.list(this.kind)]);
      if (objects.length === 0) return [{ type: 'info', message: `No ${this.kind}s visible to ${identity.me.userName}`, icon: 'info' }];
      const filter = this.filters.get(workspace.host);
      const text = filter.text.toLowerCase();
      const matching = objects.filter((o) => text === '' || o.name.toLowerCase().includes(text) || o.id.toLowerCase().includes(text));
      const limit = this.shown.get(workspace.host) ?? PAGE_SIZE;
      const nodes: AccessNode[] = [];
      let hidden = 0;
      for (const summary of matching.slice(0, limit)) {
        const node = this.node(workspace, summary);
        if (filter.usableOnly && ['denied', 'unknown'].includes(objectState(node))) {
          hidden++;
          continue;
        }
        nodes.push(node);
      }
      if (matching.length > limit) nodes.push({ type: 'more', workspace, kind: this.kind, remaining: matching.length - limit });
      if (hidden > 0 || matching.length < objects.length) {
        nodes.push({ type: 'info', message: `${hidden + objects.length - matching.length} hidden by the filter`, icon: 'filter', command: { command: 'accessLens.clearFilter', title: 'Clear Filter', arguments: [workspace.host] } });
      }
      return nodes;
    } catch (error) {
      this.logger.warn(`${workspace.host}: ${(error as Error).message}`);
      return [problemNode(error)];
    }
  }

  /** One stable node per object; its verdicts are fetched once and fill in when they arrive. */
  private node(workspace: WorkspaceEntry, summary: ClusterSummary | JobSummary): ObjectNode {
    const key = `${workspace.host}|${summary.id}`;
    let node = this.nodes.get(key);
    if (node) return node;
    node = { type: 'object', workspace, kind: this.kind, summary };
    this.nodes.set(key, node);
    const account = this.session.current;
    if (account) {
      const target = node;
      void this.maps
        .get(workspace.host, account.homeAccountId)
        .then((map) => map.row(this.kind, summary))
        .then((row) => {
          target.row = row;
        })
        .catch((error: unknown) => {
          target.error = (error as Error).message;
          this.logger.warn(`${this.kind} ${summary.id}: ${target.error}`);
        })
        .finally(() => {
          // With "only what I can use" on, a verdict can hide the node: refresh its parent list instead.
          if (this.filters.get(workspace.host).usableOnly) this.scheduleRefresh();
          else this.changed.fire(target);
        });
    }
    return node;
  }
}
