import * as vscode from 'vscode';
import { CatalogLevel } from '../../../core/catalog/catalogAccess';
import { WorkspaceEntry } from '../../../core/config';
import { worthAWarning } from '../../../core/errors';
import { Logger, shownErrorMessage } from '../../../core/log';
import { AccessMaps } from '../../../core/workspace/accessMaps';
import type { Priority } from '../../../core/workspace/limiter';
import type { UcSummary } from '../../../core/catalog/ucParse';
import { Disposable } from '../../lifecycle';
import { SessionState } from '../../session';
import { ConfigWatcher } from '../../settings';
import { problemNode } from '../tree/nodes';
import { CatalogMoreNode, CatalogNode, CatalogWorkspaceNode, SCHEMA_KINDS, SecurableNode, catalogItem } from './catalogNodes';
import { mainAction } from './catalogText';

/** How many securables a level shows before "Show more…". */
export const CATALOG_PAGE_SIZE = 200;
/** The first this many of an expanded level get their verdicts at `visible` priority, the rest behind them. */
const VISIBLE_VERDICTS = 50;

/**
 * Unity Catalog lists only the schemas and objects you may use (a schema without USE_SCHEMA is not
 * listed, nor are its tables): what you cannot see is asked about by its full name, the palette
 * starting from this level's kind and parent (catalogCommands.ts, `prefix`).
 */
function notListed(workspace: WorkspaceEntry, level: Exclude<CatalogLevel, { kind: 'catalog' }>): CatalogNode {
  const parent = level.kind === 'schema' ? level.catalog : level.schema;
  const argument = { host: workspace.host, kind: level.kind, prefix: `${parent}.` };
  return { type: 'info', message: "Not listed here? Ask Why Can't I… by full name", icon: 'search', command: { command: 'accessLens.whyUnityCatalog', title: "Why Can't I…?", arguments: [argument] } };
}

/** One key per level and workspace, for paging and the node cache. */
export function levelKey(host: string, level: CatalogLevel): string {
  return `${host}|${level.kind === 'catalog' ? 'catalog' : level.kind === 'schema' ? `schema:${level.catalog}` : `${level.kind}:${level.schema}`}`;
}

/**
 * The Catalog view: catalogs → schemas → tables, volumes, functions and models, each level read
 * only when its parent is expanded (nothing at activation or while the view is collapsed), every
 * item with the verdict of its main action filling in as it arrives. Failures are tree items.
 */
export class CatalogTreeProvider extends Disposable implements vscode.TreeDataProvider<CatalogNode> {
  private readonly changed = this.register(new vscode.EventEmitter<CatalogNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly shown = new Map<string, number>();
  private readonly nodes = new Map<string, SecurableNode>();
  private readonly workspaceNodes = new Map<string, CatalogWorkspaceNode>();

  constructor(
    private readonly session: SessionState,
    private readonly config: ConfigWatcher,
    private readonly maps: AccessMaps,
    private readonly logger: Logger,
    private readonly restore: () => Promise<void>,
  ) {
    super();
    this.register(session.onDidSessionChange(() => this.refresh()));
    this.register(config.onDidConfigChange(() => this.refresh()));
  }

  /** Forgets the nodes and what they showed: the next expansion reads again. */
  refresh(): void {
    this.nodes.clear();
    this.workspaceNodes.clear();
    this.changed.fire(undefined);
  }

  /** Refresh (the view's title button): Unity Catalog's cached facts and lists of every workspace go too. */
  async invalidate(): Promise<void> {
    const account = this.session.current;
    if (account) {
      for (const workspace of this.config.value.config.workspaces) (await this.maps.get(workspace.host, account.homeAccountId)).catalog.invalidate();
    }
    this.refresh();
  }

  showMore(node: CatalogMoreNode): void {
    this.shown.set(node.level, (this.shown.get(node.level) ?? CATALOG_PAGE_SIZE) + CATALOG_PAGE_SIZE);
    this.changed.fire(undefined);
  }

  /** Every securable node shown so far, for the palette's picker. */
  loadedSecurables(): SecurableNode[] {
    return [...this.nodes.values()];
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    return catalogItem(node);
  }

  async getChildren(element?: CatalogNode): Promise<CatalogNode[]> {
    if (!element) {
      await this.restore();
      if (!this.session.current) return [];
      const problems: CatalogNode[] = this.config.value.problems.map((p) => ({ type: 'problem', message: p.message, action: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['accessLens'] } }));
      return [...problems, ...this.config.value.config.workspaces.map((w) => this.workspaceNode(w))];
    }
    switch (element.type) {
      case 'catalogWorkspace':
        return this.levelChildren(element.workspace, { kind: 'catalog' });
      case 'securable':
        if (element.summary.kind === 'catalog') return this.levelChildren(element.workspace, { kind: 'schema', catalog: element.summary.fullName });
        if (element.summary.kind === 'schema') return SCHEMA_KINDS.map(({ kind }) => ({ type: 'kindGroup', workspace: element.workspace, schema: element.summary.fullName, kind }));
        return [];
      case 'kindGroup':
        return this.levelChildren(element.workspace, { kind: element.kind, schema: element.schema });
      default:
        return [];
    }
  }

  private workspaceNode(workspace: WorkspaceEntry): CatalogWorkspaceNode {
    let node = this.workspaceNodes.get(workspace.host);
    if (!node) this.workspaceNodes.set(workspace.host, (node = { type: 'catalogWorkspace', workspace }));
    return node;
  }

  private async levelChildren(workspace: WorkspaceEntry, level: CatalogLevel): Promise<CatalogNode[]> {
    const account = this.session.current;
    if (!account) return [];
    try {
      const map = await this.maps.get(workspace.host, account.homeAccountId);
      const list = await map.catalog.level(level);
      if (list.length === 0) return [{ type: 'info', message: `No ${level.kind === 'registered-model' ? 'model' : level.kind}s visible to you here`, icon: 'info' }, ...(level.kind === 'catalog' ? [] : [notListed(workspace, level)])];
      const key = levelKey(workspace.host, level);
      const limit = this.shown.get(key) ?? CATALOG_PAGE_SIZE;
      const nodes: CatalogNode[] = list.slice(0, limit).map((summary, index) => this.node(workspace, summary, index < VISIBLE_VERDICTS ? 'visible' : 'background'));
      if (list.length > limit) nodes.push({ type: 'catalogMore', workspace, level: key, remaining: list.length - limit });
      return level.kind === 'catalog' ? nodes : [...nodes, notListed(workspace, level)];
    } catch (error) {
      this.logger.warn(`${workspace.host}: ${shownErrorMessage(error)}`);
      return [problemNode(error) as CatalogNode];
    }
  }

  /** One stable node per securable; its verdict is asked once and fills in when it arrives. */
  private node(workspace: WorkspaceEntry, summary: UcSummary, priority: Priority): SecurableNode {
    const key = `${workspace.host}|${summary.kind}:${summary.fullName}`;
    const existing = this.nodes.get(key);
    if (existing) return existing;
    const node: SecurableNode = { type: 'securable', workspace, summary };
    this.nodes.set(key, node);
    void this.judge(node, priority).finally(() => this.changed.fire(node));
    return node;
  }

  private async judge(node: SecurableNode, priority: Priority): Promise<void> {
    const account = this.session.current;
    if (!account) return;
    try {
      const map = await this.maps.get(node.workspace.host, account.homeAccountId);
      const action = mainAction(node.summary.kind);
      const verdict = await map.catalog.why(node.summary, action, { priority });
      if (node.summary.kind === 'table' && verdict.allowed === true) {
        // A readable table's row filter and masks change its icon (readable, but filtered); the facts are cached by now.
        const facts = await map.catalog.chainFacts(node.summary, action, { priority });
        const object = facts.steps[facts.steps.length - 1];
        node.filtering = { rowFilter: object?.rowFilter, columnMasks: object?.columnMasks };
      }
      node.verdict = verdict;
    } catch (error) {
      node.error = shownErrorMessage(error);
      if (worthAWarning(error)) this.logger.warn(`${node.summary.kind} ${node.summary.fullName}: ${node.error}`);
    }
  }
}
