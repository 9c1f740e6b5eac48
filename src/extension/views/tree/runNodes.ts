/**
 * "Who ran this job?": a job in the Jobs view expands to its recent runs
 * (Jobs API runs/list), each naming who started it, its state and when. A
 * starter whose user name is yours (the signed-in Entra account or your
 * Databricks user) reads "you (alice@contoso.com)".
 */
import * as vscode from 'vscode';
import { JobRun, samePrincipal } from '../../../core/workspace/jobRuns';
import { SessionState } from '../../session';
import { AccessMaps } from '../../../core/workspace/accessMaps';
import { runTooltipMarkdown } from './runTooltip';
import type { AccessNode, ObjectNode, RunNode } from './nodeTypes';

/** How many runs a job shows: the most recent ones. */
export const RUNS_SHOWN = 10;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who started a run, matched to you by user name: the Entra account first, then your Databricks user. */
export function describeStarter(creator: string | undefined, you: { entraUser?: string; databricksUser?: string }): Pick<RunNode, 'startedBy' | 'isYou' | 'match'> {
  if (!creator) return { startedBy: 'a deleted user', isYou: false, match: undefined };
  if (samePrincipal(creator, you.entraUser)) return { startedBy: `you (${creator})`, isYou: true, match: `${creator} is your signed-in Entra account` };
  if (samePrincipal(creator, you.databricksUser)) return { startedBy: `you (${creator})`, isYou: true, match: `${creator} is your Databricks user` };
  return { startedBy: GUID.test(creator) ? `service principal ${creator}` : creator, isYou: false, match: undefined };
}

/** "3 min ago", "2 h ago", "4 d ago"; the date beyond a month. */
export function ago(time: number | undefined, now: number): string {
  if (!time) return 'not started';
  const minutes = Math.round((now - time) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  if (minutes < 31 * 24 * 60) return `${Math.round(minutes / (24 * 60))} d ago`;
  return new Date(time).toISOString().slice(0, 10);
}

function stateOf(run: JobRun): string {
  return run.lifeCycleState === 'TERMINATED' ? (run.resultState ?? 'TERMINATED') : (run.lifeCycleState ?? 'UNKNOWN');
}

/** The runs under a job node; a failure is thrown for the tree to show as a problem item. */
export async function jobRunChildren(node: ObjectNode, maps: AccessMaps, session: SessionState): Promise<AccessNode[]> {
  const account = session.current;
  if (!account) return [];
  const map = await maps.get(node.workspace.host, account.homeAccountId);
  const [runs, identity] = await Promise.all([map.client.listRuns(node.summary.id, RUNS_SHOWN), map.whoami().catch(() => undefined)]);
  if (runs.length === 0) return [{ type: 'info', message: 'No runs yet', icon: 'info' }];
  const you = { entraUser: account.username, databricksUser: identity?.me.userName };
  return runs.map((run) => ({ type: 'run', jobNode: node, run, ...describeStarter(run.creator, you) }));
}

const STATE_ICONS: Record<string, vscode.ThemeIcon> = {
  SUCCESS: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  FAILED: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  TIMEDOUT: new vscode.ThemeIcon('watch', new vscode.ThemeColor('testing.iconFailed')),
  INTERNAL_ERROR: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  CANCELED: new vscode.ThemeIcon('circle-slash'),
  PENDING: new vscode.ThemeIcon('clock'),
  QUEUED: new vscode.ThemeIcon('clock'),
  RUNNING: new vscode.ThemeIcon('sync~spin'),
};

/** A run's hover (built on hover: nodes.ts, nodeTooltip). */
export function runTooltip(node: RunNode): vscode.MarkdownString {
  return new vscode.MarkdownString(runTooltipMarkdown(node.run, node.jobNode.summary.name, node, stateOf(node.run)), true);
}

export function runItem(node: RunNode, now = Date.now()): vscode.TreeItem {
  const { run } = node;
  const state = stateOf(run);
  const item = new vscode.TreeItem(node.startedBy, vscode.TreeItemCollapsibleState.None);
  item.id = `run:${node.jobNode.workspace.host}:${run.jobId}:${run.runId}`;
  item.description = `${state} · ${ago(run.startTime, now)}`;
  item.iconPath = STATE_ICONS[state] ?? new vscode.ThemeIcon('circle-outline');
  item.contextValue = `accessLens.run${node.isYou ? '.mine' : ''}`;
  // The page address comes from the workspace: only a web page is opened, never a command or a file.
  if (run.pageUrl && /^https:\/\//i.test(run.pageUrl)) item.command = { command: 'vscode.open', title: 'Open Run in the Workspace', arguments: [vscode.Uri.parse(run.pageUrl)] };
  return item;
}
