/**
 * The selected workspace's rules, apart from VS Code (selectedWorkspace.ts keeps the state and the
 * event): which configured workspace a kept choice resolves to, what the picker and the status bar
 * show. Pure, so the unit tests cover them without an extension host.
 */
import type { WorkspaceEntry } from '../core/config';

export interface ResolvedSelection {
  /** The selected workspace, or undefined when none is configured. */
  readonly workspace: WorkspaceEntry | undefined;
  /** The kept host when it is no longer configured and the first workspace stands in for it. */
  readonly missingHost?: string;
}

/**
 * The kept host if it is still configured, else the first workspace (the choice before any was made).
 * Hosts are compared as configured origins, which the config layer has normalised already.
 */
export function resolveSelection(keptHost: string | undefined, workspaces: readonly WorkspaceEntry[]): ResolvedSelection {
  const kept = keptHost === undefined ? undefined : workspaces.find((w) => w.host === keptHost);
  if (kept) return { workspace: kept };
  const first = workspaces[0];
  return keptHost === undefined ? { workspace: first } : { workspace: first, missingHost: keptHost };
}

export interface WorkspacePickItem {
  readonly label: string;
  readonly description: string;
  readonly host: string;
  readonly picked: boolean;
}

/** One item a workspace, name then host, the selected one marked with a check (and first-focused). */
export function workspacePickItems(workspaces: readonly WorkspaceEntry[], selectedHost: string | undefined): WorkspacePickItem[] {
  return workspaces.map((w) => {
    const selected = w.host === selectedHost;
    return { label: `${selected ? '$(check)' : '$(blank)'} ${w.name}`, description: selected ? `${w.host} · selected` : w.host, host: w.host, picked: selected };
  });
}

/** The workspace name for the status bar: only with several workspaces, where it tells them apart. */
export function statusBarWorkspace(workspaces: readonly WorkspaceEntry[], selected: WorkspaceEntry | undefined): string | undefined {
  return workspaces.length > 1 && selected ? selected.name : undefined;
}

/** The workspace a node of the Clusters or Jobs view belongs to (workspace, object, "more" and run nodes). */
export function workspaceOfNode(node: unknown): WorkspaceEntry | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const candidate = node as { workspace?: WorkspaceEntry; jobNode?: { workspace?: WorkspaceEntry } };
  return candidate.workspace ?? candidate.jobNode?.workspace;
}
