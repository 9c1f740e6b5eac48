// The workspace tree of a scenario (`workspace.workspaceTree`): notebooks, folders, Git folders and
// other objects by absolute path, each with its own grants; an object inherits the grants of every
// folder above it, as Databricks folders pass theirs down (workspace/workspaceTree.ts serves them).
// Principals are userNames or workspace group displayNames.
import type { Checker } from './scenarioCheck';

export const WORKSPACE_OBJECT_TYPES = ['NOTEBOOK', 'DIRECTORY', 'REPO', 'FILE', 'LIBRARY', 'DASHBOARD'] as const;
export const WORKSPACE_LEVELS = ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'] as const;

export interface WorkspaceTreeGrant {
  user?: string;
  group?: string;
  level: (typeof WORKSPACE_LEVELS)[number];
}

export interface WorkspaceTreeObject {
  /** Absolute, without a trailing slash: /Users/alice@fabrikam.com/train. Every folder above it is listed too. */
  path: string;
  type: (typeof WORKSPACE_OBJECT_TYPES)[number];
  /** object_id: unique in the tree. */
  id: number;
  acl?: WorkspaceTreeGrant[];
  /** False: reading this object's permissions answers 403 to everyone. */
  aclReadable?: boolean;
}

/** Checks `workspace.workspaceTree`; `isPrincipal` says whether a name is a known user or group. */
export function checkWorkspaceTree(c: Checker, raw: unknown, isPrincipal: (name: string) => boolean): void {
  const at = 'workspace.workspaceTree';
  if (!c.array(at, raw)) return;
  const paths = new Set<string>();
  for (const [i, item] of raw.entries()) {
    const where = `${at}[${i}]`;
    if (!c.object(where, item, { required: ['path', 'type', 'id'], optional: ['acl', 'aclReadable'] })) continue;
    if (c.string(`${where}.path`, item.path, { pattern: /^(\/[^/]+)+$/, hint: 'an absolute path without a trailing slash' })) paths.add(item.path);
    c.oneOf(`${where}.type`, item.type, [...WORKSPACE_OBJECT_TYPES]);
    c.integer(`${where}.id`, item.id, { min: 1 });
    if (item.aclReadable !== undefined) c.boolean(`${where}.aclReadable`, item.aclReadable);
    if (item.acl === undefined || !c.array(`${where}.acl`, item.acl)) continue;
    for (const [j, grant] of item.acl.entries()) {
      const grantAt = `${where}.acl[${j}]`;
      if (!c.object(grantAt, grant, { required: ['level'], optional: ['user', 'group'] })) continue;
      c.oneOf(`${grantAt}.level`, grant.level, [...WORKSPACE_LEVELS]);
      const name = grant.user ?? grant.group;
      if (typeof name !== 'string' || !isPrincipal(name)) c.fail(grantAt, `names no known user or group (${String(name)})`);
    }
  }
  c.unique(raw.map((item, i) => ({ at: `${at}[${i}].id`, value: String((item as { id?: unknown }).id) })), 'id');
  c.unique(raw.map((item, i) => ({ at: `${at}[${i}].path`, value: String((item as { path?: unknown }).path) })), 'path', (s) => s.toLowerCase());
  for (const path of paths) {
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent !== '' && !paths.has(parent)) c.fail(at, `${path} is in ${parent}, which is not in the tree`);
  }
}
