/**
 * The Files group of the Workspace view: the workspace tree one folder at a time (workspace/list,
 * docs/kinds.md "Workspace objects"), starting at your home folder and the root. A notebook or
 * folder inherits its folders' grants; the row says from which folder, by path where the view
 * has shown that folder (as `why notebook` names it).
 */
import { ObjectKind } from '../../../core/access';
import type { AccessMap, ObjectRow } from '../../../core/workspace/accessMap';
import type { WorkspaceObjectInfo } from '../../../core/workspace/workspaceTree';
import type { JobSummary } from '../../../core/workspace/workspaceClient';
import { WorkspaceEntry } from '../../../core/config';
import type { WsFolderNode } from './workspaceNodes';

/** Your home folder and the root: where Files starts. */
export async function filesRoots(workspace: WorkspaceEntry, map: AccessMap): Promise<WsFolderNode[]> {
  const { me } = await map.whoami();
  return [
    { type: 'wsFolder', workspace, path: `/Users/${me.userName}`, label: 'My folder' },
    { type: 'wsFolder', workspace, path: '/', label: 'Workspace' },
  ];
}

export interface FolderEntries {
  readonly checked: readonly { readonly kind: ObjectKind; readonly summary: JobSummary }[];
  /** Files, libraries and dashboards: listed, not checked (they have no kind row). */
  readonly unchecked: readonly WorkspaceObjectInfo[];
}

/** One folder's objects, folders first, then by name, as the workspace browser shows them. */
export async function folderEntries(map: AccessMap, folder: string): Promise<FolderEntries> {
  const objects = await map.client.listFolder(folder);
  const order = (o: WorkspaceObjectInfo): string => `${o.kind === 'directory' || o.kind === 'repo' ? 0 : 1}${o.path.toLowerCase()}`;
  const sorted = [...objects].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const checked = sorted.filter((o): o is WorkspaceObjectInfo & { kind: ObjectKind } => o.kind !== undefined).map((o) => ({ kind: o.kind, summary: { id: o.id, name: o.path, creator: undefined } }));
  return { checked, unchecked: sorted.filter((o) => o.kind === undefined) };
}

/** Where the grant behind the row's level comes from: a folder's path when known, else its `/directories/<id>`. Pure. */
export function inheritedFrom(row: ObjectRow, folderPaths: ReadonlyMap<string, string>): string | undefined {
  if (!row.level) return undefined;
  for (const verdict of Object.values(row.verdicts)) {
    const grant = verdict.grants.find((g) => g.level === row.level && g.inheritedFrom);
    if (grant?.inheritedFrom) return folderPaths.get(grant.inheritedFrom) ?? grant.inheritedFrom;
  }
  return undefined;
}
