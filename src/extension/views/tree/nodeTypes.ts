/**
 * The node shapes of the Clusters and Jobs views, apart from how each looks
 * (nodes.ts, runNodes.ts): both of those read them, so neither imports the other.
 */
import type * as vscode from 'vscode';
import { ObjectKind } from '../../../core/access';
import { WorkspaceEntry } from '../../../core/config';
import { ObjectRow } from '../../../core/workspace/accessMap';
import { JobRun } from '../../../core/workspace/jobRuns';
import { ClusterSummary, JobSummary } from '../../../core/workspace/workspaceClient';

export interface RunNode {
  readonly type: 'run';
  readonly jobNode: ObjectNode;
  readonly run: JobRun;
  /** Who started it, as shown: "you (…)", a user name, or a service principal. */
  readonly startedBy: string;
  readonly isYou: boolean;
  /** What the match rests on, for the tooltip. */
  readonly match: string | undefined;
}

export interface ObjectNode {
  readonly type: 'object';
  readonly workspace: WorkspaceEntry;
  readonly kind: ObjectKind;
  readonly summary: ClusterSummary | JobSummary;
  row?: ObjectRow;
  error?: string;
}

export interface WorkspaceNode {
  readonly type: 'workspace';
  readonly workspace: WorkspaceEntry;
  readonly kind: ObjectKind;
  /** While verdicts load behind the shown objects: "verdicts 1,234 of 10,000". */
  status?: string;
}

export type AccessNode =
  | WorkspaceNode
  | ObjectNode
  | { readonly type: 'more'; readonly workspace: WorkspaceEntry; readonly kind: ObjectKind; readonly remaining: number }
  | { readonly type: 'info'; readonly message: string; readonly icon: string; readonly command?: vscode.Command }
  | { readonly type: 'problem'; readonly message: string; readonly action?: vscode.Command }
  | RunNode;

export function isObjectNode(value: unknown): value is ObjectNode {
  return typeof value === 'object' && value !== null && (value as AccessNode).type === 'object';
}
