/**
 * The workspace tree (notebooks, folders, Git folders), read one folder at a time: workspace/list
 * answers a folder's objects of every type in one answer, without paging, and workspace/get-status
 * the object at one path (docs/kinds.md, "Workspace objects"). Which kind an object is comes from
 * the kind table's `folderObjectType`; files, libraries and dashboards have no row and are only counted.
 */
import { ObjectKind, kindRows } from '../access/kinds';
import { WorkspaceApiError } from './apiError';
import { describeShape, idOf, invalidAnswer, isRecord, listField } from './answerShape';

/** One object of the tree as workspace/list and get-status show it. */
export interface WorkspaceObjectInfo {
  /** The kind whose row lists this `object_type`; undefined for types Access Lens does not check (FILE, LIBRARY, DASHBOARD). */
  readonly kind: ObjectKind | undefined;
  readonly objectType: string;
  readonly id: string;
  readonly path: string;
}

export function kindOfObjectType(objectType: string): ObjectKind | undefined {
  return kindRows().find((row) => row.list.folderObjectType === objectType)?.name as ObjectKind | undefined;
}

/** Kinds listed per folder, not over the whole workspace (notebook, directory, repo). */
export function isFolderKind(kind: string): boolean {
  return kindRows().some((row) => row.name === kind && row.list.folderObjectType !== undefined);
}

/** An object without a path or an id could be neither named nor checked: an unreadable answer, not a smaller folder. */
function toInfo(host: string, path: string, entry: unknown, what: string): WorkspaceObjectInfo {
  const raw = isRecord(entry) ? entry : {};
  const id = idOf(raw.object_id);
  const objectPath = typeof raw.path === 'string' && raw.path.startsWith('/') ? raw.path : undefined;
  const objectType = typeof raw.object_type === 'string' ? raw.object_type : undefined;
  if (id === undefined || objectPath === undefined || objectType === undefined) throw invalidAnswer(host, path, `${what} has an object without a usable object_id, path or object_type (${describeShape(entry)}).`);
  return { kind: kindOfObjectType(objectType), objectType, id, path: objectPath };
}

type Get = (path: string) => Promise<unknown>;

/** The objects directly in one folder (workspace/list); a path that is not a folder lists that object alone. */
export async function folderObjects(get: Get, host: string, folder: string): Promise<WorkspaceObjectInfo[]> {
  const path = `/api/2.0/workspace/list?${new URLSearchParams({ path: folder })}`;
  const what = `The workspace list of ${folder}`;
  return listField(host, path, await get(path), 'objects', what).map((entry) => toInfo(host, path, entry, what));
}

/** The object at a path (workspace/get-status), or undefined when nothing is there (RESOURCE_DOES_NOT_EXIST). */
export async function objectAtPath(get: Get, host: string, objectPath: string): Promise<WorkspaceObjectInfo | undefined> {
  const path = `/api/2.0/workspace/get-status?${new URLSearchParams({ path: objectPath })}`;
  try {
    return toInfo(host, path, await get(path), `The status of ${objectPath}`);
  } catch (error) {
    if (error instanceof WorkspaceApiError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** The folders above a path, nearest first: `/Shared/team/report` → `/Shared/team`, `/Shared`. */
export function ancestorsOf(objectPath: string): string[] {
  const parts = objectPath.split('/').filter((part) => part !== '');
  const ancestors: string[] = [];
  for (let end = parts.length - 1; end >= 1; end--) ancestors.push(`/${parts.slice(0, end).join('/')}`);
  return ancestors;
}
