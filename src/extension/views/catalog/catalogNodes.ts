/** The nodes of the Catalog view and how each looks (docs/views.md, "Catalog"). */
import * as vscode from 'vscode';
import { WorkspaceEntry } from '../../../core/config';
import type { UcKind, UcVerdict } from '../../../core/catalog/types';
import type { UcSummary } from '../../../core/catalog/ucParse';
import { AccessNode } from '../tree/nodeTypes';
import { ICONS, nodeItem } from '../tree/nodes';
import { Filtering, describeVerdict, securableState, securableTooltip } from './catalogText';

export type SchemaObjectKind = Exclude<UcKind, 'catalog' | 'schema'>;

export interface CatalogWorkspaceNode {
  readonly type: 'catalogWorkspace';
  readonly workspace: WorkspaceEntry;
}

/** A catalog, schema, table, volume, function or model, with the verdict of its main action once read. */
export interface SecurableNode {
  readonly type: 'securable';
  readonly workspace: WorkspaceEntry;
  readonly summary: UcSummary;
  verdict?: UcVerdict;
  filtering?: Filtering;
  error?: string;
}

/** Under a schema, one group per kind: each reads its list only when expanded. */
export interface KindGroupNode {
  readonly type: 'kindGroup';
  readonly workspace: WorkspaceEntry;
  readonly schema: string;
  readonly kind: SchemaObjectKind;
}

export interface CatalogMoreNode {
  readonly type: 'catalogMore';
  readonly workspace: WorkspaceEntry;
  /** The level whose next page it shows (catalogTreeProvider.ts, levelKey). */
  readonly level: string;
  readonly remaining: number;
}

export type CatalogNode = CatalogWorkspaceNode | SecurableNode | KindGroupNode | CatalogMoreNode | Extract<AccessNode, { type: 'info' | 'problem' }>;

export const SCHEMA_KINDS: readonly { kind: SchemaObjectKind; label: string; icon: string }[] = [
  { kind: 'table', label: 'Tables', icon: 'table' },
  { kind: 'volume', label: 'Volumes', icon: 'folder-library' },
  { kind: 'function', label: 'Functions', icon: 'symbol-function' },
  { kind: 'registered-model', label: 'Models', icon: 'beaker' },
];

export function isSecurableNode(value: unknown): value is SecurableNode {
  return typeof value === 'object' && value !== null && (value as CatalogNode).type === 'securable';
}

function securableItem(node: SecurableNode): vscode.TreeItem {
  const { kind, fullName, name } = node.summary;
  const expandable = kind === 'catalog' || kind === 'schema';
  const item = new vscode.TreeItem(name, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  const state = securableState(node.verdict, node.error, node.filtering);
  item.id = `uc:${node.workspace.host}:${kind}:${fullName}`;
  item.iconPath = ICONS[state];
  item.description = describeVerdict(node.verdict, node.error, node.filtering);
  item.contextValue = `accessLens.securable.${kind}.${state}`;
  item.tooltip = new vscode.MarkdownString(securableTooltip(fullName, kind, node.verdict, node.error), true);
  // A click on a leaf opens its why; catalogs and schemas expand on click, their why is in the menu.
  if (!expandable) item.command = { command: 'accessLens.whyUnityCatalog', title: 'Why', arguments: [node] };
  return item;
}

export function catalogItem(node: CatalogNode): vscode.TreeItem {
  switch (node.type) {
    case 'securable':
      return securableItem(node);
    case 'catalogWorkspace': {
      const item = new vscode.TreeItem(node.workspace.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `uc:${node.workspace.host}`;
      item.description = new URL(node.workspace.host).host;
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = 'accessLens.workspace';
      return item;
    }
    case 'kindGroup': {
      const row = SCHEMA_KINDS.find((k) => k.kind === node.kind);
      const item = new vscode.TreeItem(row?.label ?? node.kind, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `uc:${node.workspace.host}:${node.kind}s-of:${node.schema}`;
      item.iconPath = new vscode.ThemeIcon(row?.icon ?? 'symbol-misc');
      return item;
    }
    case 'catalogMore': {
      const item = new vscode.TreeItem(`Show more… (${node.remaining.toLocaleString()} left)`, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'accessLens.catalogShowMore', title: 'Show More', arguments: [node] };
      return item;
    }
    default:
      return nodeItem(node);
  }
}
