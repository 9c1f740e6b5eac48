/** The nodes of the Workspace view and how each looks (docs/views.md, "Workspace"). */
import * as vscode from 'vscode';
import { ObjectKind, kindRow } from '../../../core/access';
import { WorkspaceEntry } from '../../../core/config';
import { AccessNode, ObjectNode } from '../tree/nodeTypes';
import { nodeItem } from '../tree/nodes';
import { ClusterCreateNode, clusterCreateItem } from './computeNodes';
import { WorkspaceGroup } from './groups';

export interface WsWorkspaceNode {
  readonly type: 'wsWorkspace';
  readonly workspace: WorkspaceEntry;
}

/** Compute, SQL, ML, Pipelines or Files: reads nothing until expanded. */
export interface WsGroupNode {
  readonly type: 'wsGroup';
  readonly workspace: WorkspaceEntry;
  readonly group: WorkspaceGroup;
}

/** One kind inside a group of several (Policies, Pools; Experiments, Models, Endpoints). */
export interface WsKindNode {
  readonly type: 'wsKind';
  readonly workspace: WorkspaceEntry;
  readonly kind: ObjectKind;
}

/** A starting folder of Files (your home folder, the root): a path, not a checked object. */
export interface WsFolderNode {
  readonly type: 'wsFolder';
  readonly workspace: WorkspaceEntry;
  readonly path: string;
  readonly label: string;
}

/** A row of the view: an ObjectNode (so Why Can't I… and Refresh Item take it) that may name the folder its level comes from. */
export interface FileObjectNode extends ObjectNode {
  /** The folder whose grant gives the level shown, by path where the view has shown it. */
  from?: string;
}

export interface WsMoreNode {
  readonly type: 'wsMore';
  readonly workspace: WorkspaceEntry;
  /** The list whose next page it shows (workspaceTreeProvider.ts, `listKey`). */
  readonly list: string;
  readonly remaining: number;
}

export type WorkspaceViewNode = WsWorkspaceNode | WsGroupNode | WsKindNode | ClusterCreateNode | WsFolderNode | WsMoreNode | Extract<AccessNode, { type: 'object' | 'info' | 'problem' }>;

/** Folders and Git folders expand to their objects; the other kinds are leaves. */
export function isFolderObject(node: ObjectNode): boolean {
  return node.kind === 'directory' || node.kind === 'repo';
}

function objectRowItem(node: FileObjectNode): vscode.TreeItem {
  const item = nodeItem(node);
  item.id = `ws:${item.id ?? ''}`;
  if (node.from && node.row) item.description = `${String(item.description)} · inherited from ${node.from}`;
  if (isFolderObject(node)) {
    item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    // A folder is named by its last part; the tooltip keeps the full path.
    item.label = node.summary.name.split('/').pop() || node.summary.name;
    item.command = undefined;
  } else if (node.kind === 'notebook') {
    item.label = node.summary.name.split('/').pop() || node.summary.name;
  }
  return item;
}

export function workspaceViewItem(node: WorkspaceViewNode): vscode.TreeItem {
  switch (node.type) {
    case 'wsWorkspace': {
      const item = new vscode.TreeItem(node.workspace.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `ws:${node.workspace.host}`;
      item.description = new URL(node.workspace.host).host;
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = 'accessLens.workspace';
      return item;
    }
    case 'wsGroup': {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `ws:${node.workspace.host}:${node.group.id}`;
      item.iconPath = new vscode.ThemeIcon(node.group.icon);
      return item;
    }
    case 'wsKind': {
      const row = kindRow(node.kind);
      const item = new vscode.TreeItem(row.plural.charAt(0).toUpperCase() + row.plural.slice(1), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `ws:${node.workspace.host}:kind:${node.kind}`;
      item.iconPath = new vscode.ThemeIcon(row.icon);
      return item;
    }
    case 'wsFolder': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `ws:${node.workspace.host}:folder:${node.path}`;
      item.description = node.path;
      item.iconPath = new vscode.ThemeIcon('root-folder');
      return item;
    }
    case 'wsMore': {
      const item = new vscode.TreeItem(`Show more (${node.remaining.toLocaleString()} left)`, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'accessLens.showMore', title: 'Show More', arguments: [node] };
      return item;
    }
    case 'clusterCreate':
      return clusterCreateItem(node);
    case 'object':
      return objectRowItem(node);
    default:
      return nodeItem(node);
  }
}
