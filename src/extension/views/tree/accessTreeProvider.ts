import * as vscode from 'vscode';
import { ObjectKind, kindRow } from '../../../core/access';
import { WorkspaceEntry } from '../../../core/config';
import { worthAWarning } from '../../../core/errors';
import { Logger, shownErrorMessage } from '../../../core/log';
import { AccessMap, Listing } from '../../../core/workspace/accessMap';
import { ClusterSummary, JobSummary } from '../../../core/workspace/workspaceClient';
import { Disposable } from '../../lifecycle';
import { SessionState } from '../../session';
import { ConfigWatcher } from '../../settings';
import { AccessMaps } from '../../../core/workspace/accessMaps';
import { ChangeBatcher } from './changeBatcher';
import { Filters } from './filters';
import { ObjectState, nodeItem, objectState, problemNode, resolveTooltip, rowState } from './nodes';
import { AccessNode, ObjectNode, WorkspaceNode } from './nodeTypes';
import { jobRunChildren } from './runNodes';

/** How many objects a workspace shows before "Show more": the tree asks verdicts for these first. */
export const PAGE_SIZE = 200;

/** What "Only what I can use" hides. */
const unusable = (state: ObjectState): boolean => state === 'denied' || state === 'unknown';

/**
 * The Clusters or the Jobs view. While signed out the tree is empty so that
 * the contributed welcome view (with its Sign In button) shows. Objects appear
 * as soon as the list is read; each one's verdicts fill in as its permissions
 * arrive, shown objects first. Failures are tree items, never pop-ups.
 */
export class AccessTreeProvider extends Disposable implements vscode.TreeDataProvider<AccessNode> {
  private readonly changed = this.register(new vscode.EventEmitter<AccessNode | AccessNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** What the fill changes (pages, verdicts, progress) redraws at most once per 150 ms (changeBatcher.ts). */
  private readonly batched = this.register(new ChangeBatcher<AccessNode>((change) => this.changed.fire(change)));
  private readonly shown = new Map<string, number>();
  private readonly nodes = new Map<string, ObjectNode>();
  private readonly workspaceNodes = new Map<string, WorkspaceNode>();
  private readonly watched = new WeakSet<Listing>();

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
  }

  /** Re-reads everything: lists and permissions go back to the workspace. */
  refresh(): void {
    this.nodes.clear();
    this.workspaceNodes.clear();
    this.batched.cancel();
    this.changed.fire(undefined);
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
      node.error = shownErrorMessage(error);
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

  /** Tooltips are built on hover only (nodes.ts, nodeTooltip). */
  resolveTreeItem(item: vscode.TreeItem, node: AccessNode): vscode.TreeItem {
    return resolveTooltip(item, node);
  }

  async getChildren(element?: AccessNode): Promise<AccessNode[]> {
    if (!element) {
      // The first look at the view finds an earlier sign-in (from here or the CLI; restore() runs once for both views); activation stays instant.
      await this.restore();
      if (!this.session.current) return [];
      const problems: AccessNode[] = this.config.value.problems.map((p) => ({ type: 'problem', message: p.message, action: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['accessLens'] } }));
      const workspaces: AccessNode[] = this.config.value.config.workspaces.map((workspace) => this.workspaceNode(workspace));
      return [...problems, ...workspaces];
    }
    if (element.type === 'workspace') return this.workspaceChildren(element.workspace);
    if (element.type === 'object' && kindRow(element.kind).runs) return jobRunChildren(element, this.maps, this.session).catch((error: unknown) => [problemNode(error)]);
    return [];
  }

  private async workspaceChildren(workspace: WorkspaceEntry): Promise<AccessNode[]> {
    const account = this.session.current;
    if (!account) return [];
    try {
      const map = await this.maps.get(workspace.host, account.homeAccountId);
      const listing = map.listing(this.kind);
      this.watch(workspace, map, listing);
      // The first page is enough to show something; the rest of the list fills in (the view re-renders per page).
      await listing.firstPage;
      const objects = listing.items;
      if (listing.complete && objects.length === 0) {
        const identity = await map.whoami();
        return [{ type: 'info', message: `No ${this.kind}s visible to ${identity.me.userName}`, icon: 'info' }];
      }
      const filter = this.filters.get(workspace.host);
      const text = filter.text.toLowerCase();
      const matching = text === '' ? objects : objects.filter((o) => o.name.toLowerCase().includes(text) || o.id.toLowerCase().includes(text));
      // "Only what I can use" looks at every object whose verdicts are in (the background fill
      // reads them all), not only at the page on screen; the rest show until their verdicts come.
      const candidates = filter.usableOnly
        ? matching.filter((o) => {
            const row = map.cachedRow(this.kind, o.id, o.name);
            return !row || !unusable(rowState(this.kind, row));
          })
        : matching;
      const limit = this.shown.get(workspace.host) ?? PAGE_SIZE;
      const nodes: AccessNode[] = [];
      let hidden = objects.length - candidates.length;
      for (const summary of candidates.slice(0, limit)) {
        const node = this.node(workspace, summary, map);
        if (filter.usableOnly && unusable(objectState(node))) hidden++;
        else nodes.push(node);
      }
      if (candidates.length > limit) nodes.push({ type: 'more', workspace, kind: this.kind, remaining: candidates.length - limit });
      if (listing.seeded) nodes.push({ type: 'info', message: `Cached ${this.kind}s: checking them against the workspace…`, icon: 'loading~spin' });
      else if (!listing.complete) nodes.push({ type: 'info', message: `Loading ${this.kind}s… ${objects.length.toLocaleString()} so far`, icon: 'loading~spin' });
      if (hidden > 0) {
        nodes.push({ type: 'info', message: `${hidden.toLocaleString()} hidden by the filter`, icon: 'filter', command: { command: 'accessLens.clearFilter', title: 'Clear Filter', arguments: [workspace.host] } });
      }
      return nodes;
    } catch (error) {
      this.logger.warn(`${workspace.host}: ${(error as Error).message}`);
      return [problemNode(error)];
    }
  }

  /**
   * Once per listing: re-render as pages arrive, then read every object's verdicts behind the
   * shown ones (the "only what I can use" filter and the Problems-free hover need them), with the
   * view's progress bar and a count on the workspace item while that runs.
   */
  private watch(workspace: WorkspaceEntry, map: AccessMap, listing: Listing): void {
    if (this.watched.has(listing)) return;
    this.watched.add(listing);
    // A page changes the workspace's children only: redraw that node, not the whole tree (whose
    // root would read the settings again and redraw every workspace).
    const redrawList = (): void => this.batched.node(this.workspaceNode(workspace));
    // Once the shown screenful is full (and no filter picks from the whole list), a page only
    // changes the counts under it ("so far", "Show more"): the slow lane (changeBatcher.ts).
    const onPage = (): void => {
      const filter = this.filters.get(workspace.host);
      const screenFull = !listing.seeded && filter.text === '' && !filter.usableOnly && listing.items.length > (this.shown.get(workspace.host) ?? PAGE_SIZE);
      if (screenFull) this.batched.count(this.workspaceNode(workspace));
      else redrawList();
    };
    const pages = listing.onPage(onPage);
    const viewId = `accessLens.${this.kind}s`;
    void vscode.window.withProgress({ location: { viewId } }, async () => {
      let list: readonly (ClusterSummary | JobSummary)[];
      try {
        list = await listing.value;
      } catch {
        return; // the error shows as a tree item
      } finally {
        pages.dispose();
        redrawList();
      }
      const progress = map.onFillProgress((p) => {
        if (p.kind !== this.kind) return;
        const node = this.workspaceNode(workspace);
        const ended = p.cancelled || p.done >= p.total;
        node.status = ended ? undefined : `verdicts ${p.done.toLocaleString()} of ${p.total.toLocaleString()}`;
        // The count alone, unless it ends or "only what I can use" hides what the new verdicts say.
        if (ended || this.filters.get(workspace.host).usableOnly) this.batched.node(node);
        else this.batched.count(node);
      });
      await map.fillIn(this.kind, list).finally(() => progress.dispose());
    });
  }

  private workspaceNode(workspace: WorkspaceEntry): WorkspaceNode {
    let node = this.workspaceNodes.get(workspace.host);
    if (!node) {
      node = { type: 'workspace', workspace, kind: this.kind };
      this.workspaceNodes.set(workspace.host, node);
    }
    return node;
  }

  /** One stable node per object; its verdicts are fetched once (or taken from the map's cache) and fill in when they arrive. */
  private node(workspace: WorkspaceEntry, summary: ClusterSummary | JobSummary, map: AccessMap): ObjectNode {
    const key = `${workspace.host}|${summary.id}`;
    let node = this.nodes.get(key);
    // A row from the verdict cache gives way to the one read again (the background fill reads it);
    // if that read failed there is none: the node reads it itself, so it ends in a verdict or the
    // error, never "checking…" for good.
    if (node?.row?.cached) {
      node.row = map.cachedRow(this.kind, summary.id, summary.name);
      if (!node.row) this.read(node, map);
    }
    if (node) return node;
    node = { type: 'object', workspace, kind: this.kind, summary, row: map.cachedRow(this.kind, summary.id, summary.name) };
    this.nodes.set(key, node);
    if (!node.row) this.read(node, map);
    return node;
  }

  private read(target: ObjectNode, map: AccessMap): void {
    const { workspace, summary } = target;
    void map
      .row(this.kind, summary)
      .then((row) => {
        target.row = row;
      })
      .catch((error: unknown) => {
        target.error = shownErrorMessage(error);
        // A read given up because the view was refreshed or signed out is not worth a warning.
        if (worthAWarning(error)) this.logger.warn(`${this.kind} ${summary.id}: ${target.error}`);
      })
      .finally(() => {
        // With "only what I can use" on, a verdict can hide the node: refresh its parent list instead.
        if (this.filters.get(workspace.host).usableOnly) this.batched.node(this.workspaceNode(workspace));
        else this.batched.node(target);
      });
  }
}
