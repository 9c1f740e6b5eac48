/**
 * Notebooks, folders and Git folders through the access map: one folder's objects with their
 * verdicts (`ls workspace PATH`), and the why of one object named by its path or its object id.
 * A grant inherited from a folder arrives as `/directories/<id>`; the why names that folder by its
 * path where the object's path is known (docs/kinds.md, "Workspace objects").
 */
import { Action, ObjectKind, Verdict, evaluate } from '../access';
import type { AccessMap, ObjectRow } from './accessMap';
import type { WorkspaceClient } from './workspaceClient';
import { WorkspaceObjectInfo, ancestorsOf } from './workspaceTree';

export interface FolderListing {
  /** The checked objects (notebooks, folders, Git folders), in the API's order. */
  readonly rows: readonly ObjectRow[];
  /** Objects of types without a kind row (files, libraries, dashboards): listed, not checked. */
  readonly unchecked: readonly WorkspaceObjectInfo[];
}

/** One folder's objects and your verdicts; undefined when nothing is at `folder`. */
export async function listWorkspaceFolder(map: AccessMap, folder: string): Promise<FolderListing | undefined> {
  // get-status first: a missing folder is a clear "nothing there", not a failed list.
  if (!(await map.client.objectAt(folder))) return undefined;
  const objects = await map.client.listFolder(folder);
  const checked = objects.filter((o): o is WorkspaceObjectInfo & { kind: ObjectKind } => o.kind !== undefined);
  const rows = await Promise.all(checked.map((o) => map.row(o.kind, { id: o.id, name: o.path, creator: undefined })));
  return { rows, unchecked: objects.filter((o) => o.kind === undefined) };
}

/** What a `why` reference (a path or an object id) names. */
export type WorkspaceRef = { readonly state: 'found'; readonly id: string; readonly path: string | undefined } | { readonly state: 'notFound' } | { readonly state: 'otherKind'; readonly info: WorkspaceObjectInfo };

/** A path (starting with /) is looked up with get-status; digits are an object id, whose path is not known. */
export async function resolveWorkspaceRef(client: WorkspaceClient, kind: ObjectKind, ref: string): Promise<WorkspaceRef> {
  if (!ref.startsWith('/')) return { state: 'found', id: ref, path: undefined };
  const info = await client.objectAt(ref);
  if (!info) return { state: 'notFound' };
  if (info.kind !== kind) return { state: 'otherKind', info };
  return { state: 'found', id: info.id, path: info.path };
}

/** The why of a notebook, folder or Git folder found by `resolveWorkspaceRef`, or of a path where nothing is. */
export async function whyWorkspaceObject(map: AccessMap, kind: ObjectKind, ref: string, found: WorkspaceRef & { state: 'found' | 'notFound' }, action: Action): Promise<Verdict> {
  if (found.state === 'notFound') {
    const verdict = evaluate((await map.whoami()).subject, { kind, id: ref, name: ref, acl: { state: 'notFound' }, host: map.host }, action);
    const parent = ancestorsOf(ref)[0] ?? '/';
    return { ...verdict, blockers: [{ code: 'NOT_FOUND', message: `Nothing is at ${ref}, or you are not allowed to see it. Check the path: "access-lens ls workspace ${parent}" lists its folder.` }], remedies: [`Check the path: it starts at the workspace root (/Users/…, /Shared/…, /Repos/…). If it is right, the ${kind} was moved, deleted or hidden from you: ask its owner or a workspace admin.`], summary: `You cannot ${action} ${ref}: nothing is there, or it is not visible to you.` };
  }
  const verdict = await map.explain(kind, { id: found.id, name: found.path ?? found.id, creator: undefined }, action);
  return nameInheritingFolders(verdict, found.path === undefined ? new Map() : await folderPaths(map.client, verdict, found.path));
}

/** `/directories/<id>` → the folder's path, for the folders above `objectPath` that the verdict's grants come from. */
async function folderPaths(client: WorkspaceClient, verdict: Verdict, objectPath: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!verdict.grants.some((g) => g.inheritedFrom?.startsWith('/directories/'))) return names;
  // A folder you cannot see keeps its id: the grant still counts, only its name is unknown.
  const folders = await Promise.all(ancestorsOf(objectPath).map((path) => client.objectAt(path).catch(() => undefined)));
  for (const folder of folders) if (folder) names.set(`/directories/${folder.id}`, folder.path);
  return names;
}

/** The verdict with each grant inherited from a known folder naming that folder's path. Pure. */
export function nameInheritingFolders(verdict: Verdict, folders: ReadonlyMap<string, string>): Verdict {
  if (folders.size === 0) return verdict;
  return { ...verdict, grants: verdict.grants.map((g) => (g.inheritedFrom && folders.has(g.inheritedFrom) ? { ...g, inheritedFrom: folders.get(g.inheritedFrom)! } : g)) };
}
