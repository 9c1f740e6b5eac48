/**
 * "Can I create a cluster?" in the Workspace view's Compute group: the verdict of
 * access/clusterCreate.ts, and below it the policies you may use and the pools you may attach to,
 * each with the principal whose grant gives it (docs/views.md, "Workspace").
 */
import * as vscode from 'vscode';
import type { ClusterCreateVerdict, Usable } from '../../../core/access/clusterCreate';
import { REQUEST_PREFIX } from '../../../core/access/remedies';
import { WorkspaceEntry } from '../../../core/config';
import { escapeMarkdown } from '../markdown';
import { AccessNode } from '../tree/nodeTypes';
import { ICONS, ObjectState } from '../tree/nodes';
import { clusterCreateDescription, principalName } from './computeText';

export interface ClusterCreateNode {
  readonly type: 'clusterCreate';
  readonly workspace: WorkspaceEntry;
  verdict?: ClusterCreateVerdict;
  error?: string;
}

type InfoNode = Extract<AccessNode, { type: 'info' }>;

export const CLUSTER_CREATE_LABEL = 'Can I create a cluster?';

function state(node: ClusterCreateNode): ObjectState {
  if (!node.verdict) return node.error ? 'unknown' : 'loading';
  return node.verdict.allowed === true ? 'allowed' : node.verdict.allowed === false ? 'denied' : 'unknown';
}

export function clusterCreateItem(node: ClusterCreateNode): vscode.TreeItem {
  const item = new vscode.TreeItem(CLUSTER_CREATE_LABEL, node.verdict ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  const shown = state(node);
  item.id = `ws:${node.workspace.host}:cluster-create`;
  item.iconPath = ICONS[shown];
  item.description = clusterCreateDescription(node.verdict, node.error);
  item.contextValue = `accessLens.clusterCreate.${shown}`;
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escapeMarkdown(CLUSTER_CREATE_LABEL)}**\n\n`);
  if (node.error) tooltip.appendMarkdown(`$(warning) ${escapeMarkdown(node.error)}\n\nRefresh the view to try again.`);
  if (node.verdict) {
    tooltip.appendMarkdown(`${escapeMarkdown(node.verdict.summary)}\n\n`);
    for (const blocker of node.verdict.blockers) tooltip.appendMarkdown(`- \`${blocker.code}\` ${escapeMarkdown(blocker.message)}\n`);
    // What would give it (which group, who manages the policy); the access request text is for `why cluster-create`.
    const remedies = node.verdict.remedies.filter((r) => !r.startsWith(REQUEST_PREFIX));
    if (remedies.length > 0) tooltip.appendMarkdown(`\n**What would give it**\n\n${remedies.map((r) => `- ${escapeMarkdown(r)}`).join('\n')}\n`);
    if (node.verdict.allowed !== true) tooltip.appendMarkdown('\nThe access request to send: `access-lens why cluster-create`.');
  }
  item.tooltip = tooltip;
  return item;
}

function usableNode(what: 'Policy' | 'Pool', usable: Usable): InfoNode {
  return { type: 'info', message: `${what} ${usable.name}${usable.via ? ` · via ${principalName(usable.via)}` : ''}`, icon: what === 'Policy' ? 'law' : 'layers' };
}

/** Below the verdict: the policies you may use and the pools you may attach to, with who granted each. */
export function clusterCreateChildren(verdict: ClusterCreateVerdict): InfoNode[] {
  const entitlement: InfoNode[] = verdict.entitlement.held === true ? [{ type: 'info', message: `Entitlement ${verdict.entitlement.name} · via ${principalName(verdict.entitlement.via)}`, icon: 'verified' }] : [];
  const policies = verdict.policies.length > 0 ? verdict.policies.map((p) => usableNode('Policy', p)) : [{ type: 'info' as const, message: 'No cluster policy you may use', icon: 'info' }];
  const pools = verdict.pools.length > 0 ? verdict.pools.map((p) => usableNode('Pool', p)) : [{ type: 'info' as const, message: 'No instance pool you may attach to', icon: 'info' }];
  return [...entitlement, ...policies, ...pools];
}
