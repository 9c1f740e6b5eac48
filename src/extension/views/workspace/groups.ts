/**
 * The groups of the Workspace view and the kinds each lists (docs/views.md, "Workspace"), and the
 * `accessLens.workspaceView.hiddenKinds` setting read against them. Pure: no `vscode`, so the
 * unit tests check the setting's validation without an extension host.
 */
import { ObjectKind, kindRow } from '../../../core/access';

export type WorkspaceGroupId = 'compute' | 'sql' | 'ml' | 'pipelines' | 'files';

/** `ls workspace PATH` names the Files group's kind in the CLI (docs/cli.md). */
export const FILES_KIND_NAME = 'workspace';

export interface WorkspaceGroup {
  readonly id: WorkspaceGroupId;
  readonly label: string;
  readonly icon: string;
  /** The kinds listed over the whole workspace, in the order shown; Files lists folder by folder instead. */
  readonly kinds: readonly ObjectKind[];
}

export const WORKSPACE_GROUPS: readonly WorkspaceGroup[] = [
  { id: 'compute', label: 'Compute', icon: 'server-process', kinds: ['policy', 'pool'] },
  { id: 'sql', label: 'SQL', icon: 'database', kinds: ['warehouse'] },
  { id: 'ml', label: 'ML', icon: 'beaker', kinds: ['experiment', 'model', 'endpoint'] },
  { id: 'pipelines', label: 'Pipelines', icon: 'type-hierarchy', kinds: ['pipeline'] },
  { id: 'files', label: 'Files', icon: 'files', kinds: [] },
];

/** The names the setting takes: each kind's plural as `ls` takes it, and `workspace` for Files. */
export function hideableKindNames(): string[] {
  return [...WORKSPACE_GROUPS.flatMap((g) => g.kinds.map((k) => kindRow(k).plural)), FILES_KIND_NAME];
}

export interface HiddenKinds {
  readonly names: ReadonlySet<string>;
  /** What is wrong with the setting, said so that the user can fix it; undefined when nothing is. */
  readonly problem?: string;
}

/**
 * Reads the setting's raw value. A wrong value hides nothing it cannot name: unknown names are
 * ignored (the problem names them and the valid ones), and a value that is not a list of strings
 * hides nothing at all.
 */
export function parseHiddenKinds(value: unknown): HiddenKinds {
  const valid = hideableKindNames();
  const fix = `Use kind names as in "access-lens ls": ${valid.join(', ')}.`;
  if (value === undefined || value === null) return { names: new Set() };
  if (!Array.isArray(value)) return { names: new Set(), problem: `accessLens.workspaceView.hiddenKinds must be a list of kind names, so nothing is hidden. ${fix}` };
  const names = value.filter((v): v is string => typeof v === 'string').map((v) => v.trim().toLowerCase());
  const unknown = [...value.filter((v) => typeof v !== 'string').map((v) => JSON.stringify(v)), ...names.filter((n) => !valid.includes(n)).map((n) => `"${n}"`)];
  const hidden = new Set(names.filter((n) => valid.includes(n)));
  if (unknown.length === 0) return { names: hidden };
  return { names: hidden, problem: `accessLens.workspaceView.hiddenKinds: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a kind' : 'are not kinds'} of the Workspace view and ${unknown.length === 1 ? 'was' : 'were'} ignored. ${fix}` };
}

/** The groups with their visible kinds; a group whose kinds are all hidden is left out. */
export function visibleGroups(hidden: ReadonlySet<string>): WorkspaceGroup[] {
  return WORKSPACE_GROUPS.flatMap((group) => {
    if (group.id === 'files') return hidden.has(FILES_KIND_NAME) ? [] : [group];
    const kinds = group.kinds.filter((k) => !hidden.has(kindRow(k).plural));
    return kinds.length === 0 ? [] : [{ ...group, kinds }];
  });
}
