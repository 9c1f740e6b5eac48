/** The nodes of the Clusters and Jobs views and how each looks. */
import * as vscode from 'vscode';
import { ACTIONS, INCOMPLETE_ACL_CODES, ObjectKind, kindRow } from '../../../core/access';
import { AccessLensError, ErrorAction } from '../../../core/errors';
import { shownErrorMessage } from '../../../core/log';
import { ObjectRow } from '../../../core/workspace/accessMap';
import { escapeMarkdown, inlineCode } from '../markdown';
import { AccessNode, ObjectNode } from './nodeTypes';
import { runItem, runTooltip } from './runNodes';

const ACTION_COMMANDS: Partial<Record<ErrorAction, vscode.Command>> = {
  signIn: { command: 'accessLens.signIn', title: 'Sign In' },
  refreshTokens: { command: 'accessLens.refreshTokens', title: 'Refresh Tokens' },
  retry: { command: 'accessLens.refreshView', title: 'Retry' },
  openSettings: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['accessLens'] },
  openLog: { command: 'accessLens.showLog', title: 'Open Log' },
};

/** A failure as a tree item with a warning icon and the action that helps: never a pop-up. */
export function problemNode(error: unknown): AccessNode {
  const message = shownErrorMessage(error);
  const action = error instanceof AccessLensError ? (error.actions.map((a) => ACTION_COMMANDS[a]).find(Boolean) ?? ACTION_COMMANDS.retry) : ACTION_COMMANDS.retry;
  return { type: 'problem', message, action };
}

export type ObjectState = 'allowed' | 'limited' | 'denied' | 'unknown' | 'loading';

export function objectState(node: ObjectNode): ObjectState {
  if (!node.row) return node.error ? 'unknown' : 'loading';
  return rowState(node.kind, node.row);
}

/** Allowed (every action), limited (the first), denied, or unknown (an action that cannot be known). */
export function rowState(kind: ObjectKind, row: ObjectRow): Exclude<ObjectState, 'loading'> {
  const verdicts = ACTIONS[kind].map((a) => row.allowed[a] ?? null);
  if (verdicts.every((v) => v === true)) return 'allowed';
  if (verdicts[0] === true) return 'limited';
  if (verdicts.some((v) => v === null)) return 'unknown';
  return 'denied';
}

/** The verdict icons, shared with the Catalog view (catalog/catalogNodes.ts). */
export const ICONS: Record<ObjectState, vscode.ThemeIcon> = {
  allowed: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  limited: new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.yellow')),
  denied: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconFailed')),
  unknown: new vscode.ThemeIcon('question', new vscode.ThemeColor('disabledForeground')),
  loading: new vscode.ThemeIcon('loading~spin'),
};

function mark(row: ObjectRow | undefined, action: string): string {
  if (!row) return '…';
  const allowed = row.allowed[action];
  return allowed === true ? '$(pass-filled) allowed' : allowed === false ? `$(circle-slash) no: ${row.blocker[action] ?? ''}` : '$(question) unknown';
}

export function describe(node: ObjectNode): string {
  const text = describeRow(node);
  // From the verdict cache, not yet read again (core/workspace/persisted.ts).
  return node.row?.cached ? `${text} (cached)` : text;
}

function describeRow(node: ObjectNode): string {
  if (node.error) return 'could not read its permissions';
  if (!node.row) return 'checking…';
  // A permissions answer refused or cut down for a non-manager: the level shown is only a lower bound.
  const incomplete = Object.values(node.row.blocker).find((code) => code !== undefined && INCOMPLETE_ACL_CODES.has(code));
  if (node.row.level) return `${incomplete ? 'at least ' : ''}${node.row.level}${node.row.via ? ` · via ${node.row.via}` : ''}`;
  if (objectState(node) !== 'unknown') return 'no access';
  return incomplete === 'ACL_PARTIAL' ? 'unknown: permissions only partly readable' : 'unknown: permissions not readable';
}

export function objectItem(node: ObjectNode): vscode.TreeItem {
  // A kind with runs (a job) expands to its recent runs (runNodes.ts): who started each.
  const item = new vscode.TreeItem(node.summary.name, kindRow(node.kind).runs ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  const state = objectState(node);
  item.id = `${node.kind}:${node.workspace.host}:${node.summary.id}`;
  item.iconPath = ICONS[state];
  item.description = describe(node);
  item.contextValue = `accessLens.object.${node.kind}.${state}`;
  item.command = { command: 'accessLens.whyDenied', title: 'Why', arguments: [node] };
  return item;
}

/** An object's hover: its id, access mode, and each action's verdict as a table. */
function objectTooltip(node: ObjectNode): vscode.MarkdownString {
  const state = objectState(node);
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escapeMarkdown(node.summary.name)}** ${inlineCode(node.summary.id)}\n\n`);
  if ('dataSecurityMode' in node.summary && node.summary.dataSecurityMode) {
    tooltip.appendMarkdown(`Access mode: ${inlineCode(node.summary.dataSecurityMode)}${node.summary.singleUserName ? ` for ${escapeMarkdown(node.summary.singleUserName)}` : ''}\n\n`);
  }
  if (node.error) tooltip.appendMarkdown(`$(warning) ${escapeMarkdown(node.error)}\n\n`);
  if (node.row?.cached) tooltip.appendMarkdown(`$(history) Cached from ${new Date(node.row.readAt ?? 0).toLocaleString()}, checking…\n\n`);
  tooltip.appendMarkdown('| action | verdict |\n|---|---|\n');
  for (const action of ACTIONS[node.kind]) tooltip.appendMarkdown(`| ${action} | ${mark(node.row, action)} |\n`);
  if (state !== 'allowed' && state !== 'loading') tooltip.appendMarkdown('\nRight-click → *Why Can\'t I…?* for the reasons and the fix.');
  return tooltip;
}

/**
 * A node's hover text, built only when VS Code asks for it (the providers' resolveTreeItem) rather
 * than in every tree item: VS Code converts each item's Markdown on every redraw of the view, which
 * stalled the extension host while 100,000 objects filled (docs/architecture.md, "100,000 objects").
 */
export function nodeTooltip(node: AccessNode): vscode.MarkdownString | undefined {
  switch (node.type) {
    case 'object':
      return objectTooltip(node);
    case 'run':
      return runTooltip(node);
    case 'workspace':
      return new vscode.MarkdownString(`**${escapeMarkdown(node.workspace.name)}**\n\n${escapeMarkdown(node.workspace.host)}`);
    default:
      return undefined;
  }
}

/** The providers' resolveTreeItem: fills in the tooltip the item was drawn without. */
export function resolveTooltip(item: vscode.TreeItem, node: AccessNode): vscode.TreeItem {
  item.tooltip ??= nodeTooltip(node);
  return item;
}

export function nodeItem(node: AccessNode): vscode.TreeItem {
  switch (node.type) {
    case 'object':
      return objectItem(node);
    case 'run':
      return runItem(node);
    case 'workspace': {
      const item = new vscode.TreeItem(node.workspace.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${node.kind}:${node.workspace.host}`;
      item.description = `${new URL(node.workspace.host).host}${node.status ? ` · ${node.status}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = 'accessLens.workspace';
      return item;
    }
    case 'more': {
      const item = new vscode.TreeItem(`Show more (${node.remaining} left)`, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'accessLens.showMore', title: 'Show More', arguments: [node] };
      return item;
    }
    case 'info': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      if (node.command) item.command = node.command;
      return item;
    }
    case 'problem': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.tooltip = node.action ? `${node.message}\n\nClick: ${node.action.title}` : node.message;
      item.contextValue = 'accessLens.problem';
      if (node.action) item.command = node.action;
      return item;
    }
  }
}
