// The workspace tree: GET /api/2.0/workspace/list and /get-status (by path), and the permissions of
// notebooks, folders and Git folders (/api/2.0/permissions/{notebooks|directories|repos}/{id}). An
// object's ACL is its own grants plus every folder's above it, marked inherited from
// "/directories/<folder id>", the way Databricks folders pass theirs down. The root "/" is a
// folder with id 0 and no grants. Every listed object is shown to every caller.
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import type { WorkspaceTreeObject } from '../scenarioWorkspaceTree';
import type { AclViewEntry } from './acl';
import type { Caller, WorkspaceContext } from './context';
import { sendApiError } from './errors';

type Handler = (wc: WorkspaceContext, ctx: RequestContext, caller: Caller) => void;

const ROOT: WorkspaceTreeObject = { path: '/', type: 'DIRECTORY', id: 0 };
const PERMISSION_TYPES: Record<string, WorkspaceTreeObject['type']> = { notebooks: 'NOTEBOOK', directories: 'DIRECTORY', repos: 'REPO' };

function tree(wc: WorkspaceContext): WorkspaceTreeObject[] {
  return [ROOT, ...(wc.runtime.directory.scenario.workspace.workspaceTree ?? [])];
}

function parentOf(path: string): string | undefined {
  if (path === '/') return undefined;
  const cut = path.lastIndexOf('/');
  return cut === 0 ? '/' : path.slice(0, cut);
}

function info(o: WorkspaceTreeObject): Record<string, unknown> {
  return { object_type: o.type, path: o.path, object_id: o.id, ...(o.type === 'NOTEBOOK' ? { language: 'PYTHON' } : {}), resource_id: String(o.id) };
}

/** The object at ?path=, or undefined after answering 400/404 as workspace/get-status does. */
function atPath(wc: WorkspaceContext, ctx: RequestContext): WorkspaceTreeObject | undefined {
  const path = ctx.url.searchParams.get('path');
  if (!path) {
    sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Path must be provided.');
    return undefined;
  }
  const normal = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const found = tree(wc).find((o) => o.path.toLowerCase() === normal.toLowerCase());
  if (!found) sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `Path (${path}) doesn't exist.`);
  return found;
}

const handleGetStatus: Handler = (wc, ctx) => {
  const found = atPath(wc, ctx);
  if (found) sendJson(ctx.res, 200, info(found));
};

const handleList: Handler = (wc, ctx) => {
  const found = atPath(wc, ctx);
  if (!found) return;
  // A path that is not a folder lists that object alone; an empty folder leaves `objects` out.
  const objects = found.type === 'DIRECTORY' || found.type === 'REPO' ? tree(wc).filter((o) => o !== ROOT && parentOf(o.path) === found.path) : [found];
  sendJson(ctx.res, 200, objects.length > 0 ? { objects: objects.map(info) } : {});
};

/** Own grants, then each folder's above it (nearest first), merged per principal. */
function aclOf(wc: WorkspaceContext, o: WorkspaceTreeObject): AclViewEntry[] {
  const entries: AclViewEntry[] = [];
  const add = (grant: NonNullable<WorkspaceTreeObject['acl']>[number], from: WorkspaceTreeObject | undefined): void => {
    const key = grant.user !== undefined ? { user_name: grant.user } : { group_name: grant.group! };
    let entry = entries.find((e) => e.user_name === key.user_name && e.group_name === key.group_name);
    if (!entry) entries.push((entry = { ...key, all_permissions: [] }));
    entry.all_permissions.push(from ? { permission_level: grant.level as never, inherited: true, inherited_from_object: [`/directories/${from.id}`] } : { permission_level: grant.level as never, inherited: false });
  };
  for (const grant of o.acl ?? []) add(grant, undefined);
  const all = tree(wc);
  for (let folder = parentOf(o.path); folder !== undefined; folder = parentOf(folder)) {
    const parent = all.find((p) => p.path === folder);
    for (const grant of parent?.acl ?? []) add(grant, parent);
  }
  return entries;
}

const permissionsOf = (type: string): Handler => (wc, ctx) => {
  const { id } = ctx.params as { id: string };
  const found = tree(wc).find((o) => o.type === PERMISSION_TYPES[type] && String(o.id) === id);
  if (!found) return sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `No ${PERMISSION_TYPES[type]!.toLowerCase()} with id ${id} exists.`);
  if (found.aclReadable === false) return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `User does not have Manage permissions on ${found.path}.`);
  sendJson(ctx.res, 200, { object_id: `/${type}/${id}`, object_type: PERMISSION_TYPES[type]!.toLowerCase(), access_control_list: aclOf(wc, found) });
};

/** Registered ahead of the clusters-and-jobs permissions route, which answers 400 for other types. */
export const WORKSPACE_TREE_ROUTES: [string, Handler][] = [
  ['/api/2.0/workspace/list', handleList],
  ['/api/2.0/workspace/get-status', handleGetStatus],
  ...Object.keys(PERMISSION_TYPES).map((type): [string, Handler] => [`/api/2.0/permissions/${type}/:id`, permissionsOf(type)]),
];
