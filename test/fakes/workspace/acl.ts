// Object ACLs as the Permissions API shows them, and the level a user holds.
// Implicit grants are added the way Databricks adds them: the cluster creator
// holds CAN_MANAGE, the job owner IS_OWNER, and the workspace `admins` group
// CAN_MANAGE inherited from the root object (/clusters/ or /jobs/).
import type { DirCluster, DirGroup, DirJob, Directory } from '../directory';
import type { AclEntry, AclReadableBy, PermissionLevel } from '../scenario';

export type ObjectKind = 'clusters' | 'jobs';
export type WorkspaceObject = { kind: 'clusters'; object: DirCluster } | { kind: 'jobs'; object: DirJob };

export interface AclPermission {
  permission_level: PermissionLevel;
  inherited: boolean;
  inherited_from_object?: string[];
}

export interface AclViewEntry {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
  display_name?: string;
  all_permissions: AclPermission[];
}

const RANK: Record<PermissionLevel, number> = {
  CAN_ATTACH_TO: 1,
  CAN_RESTART: 2,
  CAN_VIEW: 1,
  CAN_MANAGE_RUN: 2,
  CAN_MANAGE: 3,
  IS_OWNER: 4,
};

export function objectPath(o: WorkspaceObject): string {
  return o.kind === 'clusters' ? `/clusters/${o.object.cluster_id}` : `/jobs/${o.object.job_id}`;
}

export function aclOf(dir: Directory, o: WorkspaceObject): AclViewEntry[] {
  const entries: AclViewEntry[] = [];
  const add = (principal: Omit<AclEntry, 'level'>, permission: AclPermission): void => {
    const existing = entries.find((e) => samePrincipal(e, principal));
    if (existing) {
      if (!existing.all_permissions.some((p) => p.permission_level === permission.permission_level && p.inherited === permission.inherited)) {
        existing.all_permissions.push(permission);
      }
      return;
    }
    entries.push({ ...principalFields(dir, principal), all_permissions: [permission] });
  };
  if (o.kind === 'clusters') add({ user: o.object.creator }, { permission_level: 'CAN_MANAGE', inherited: false });
  else add(ownerPrincipal(dir, o.object.owner), { permission_level: 'IS_OWNER', inherited: false });
  for (const entry of o.object.acl) {
    const { level, ...principal } = entry;
    add(principal, { permission_level: level, inherited: false });
  }
  add({ group: 'admins' }, { permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: [o.kind === 'clusters' ? '/clusters/' : '/jobs/'] });
  return entries;
}

/** The highest level the user holds on the object, directly or through any group; null when none. */
export function effectiveLevel(dir: Directory, o: WorkspaceObject, userName: string, groups?: DirGroup[]): PermissionLevel | null {
  const groupNames = new Set((groups ?? dir.transitiveGroupsOf(userName)).map((g) => g.displayName.toLowerCase()));
  let best: PermissionLevel | null = null;
  for (const entry of aclOf(dir, o)) {
    const reaches =
      (entry.user_name !== undefined && entry.user_name.toLowerCase() === userName.toLowerCase()) ||
      (entry.group_name !== undefined && groupNames.has(entry.group_name.toLowerCase()));
    if (!reaches) continue;
    for (const p of entry.all_permissions) if (best === null || RANK[p.permission_level] > RANK[best]) best = p.permission_level;
  }
  return best;
}

export function isManagerLevel(level: PermissionLevel | null): boolean {
  return level !== null && RANK[level] >= RANK.CAN_MANAGE;
}

/** Whether the Permissions API shows this object's ACL to the user at all (see AclReadableBy): only `managers` refuses. */
export function canReadAcl(dir: Directory, o: WorkspaceObject, userName: string, globalDefault: AclReadableBy): boolean {
  const readableBy = o.object.aclReadableBy ?? globalDefault;
  return readableBy !== 'managers' || isManagerLevel(effectiveLevel(dir, o, userName));
}

/**
 * The ACL as the Permissions API shows it to the user: whole, or in the `own` and `empty` modes
 * cut down for anyone without a direct manager entry (a manager through a group included).
 */
export function aclShownTo(dir: Directory, o: WorkspaceObject, userName: string, globalDefault: AclReadableBy): AclViewEntry[] {
  const acl = aclOf(dir, o);
  const readableBy = o.object.aclReadableBy ?? globalDefault;
  if (readableBy !== 'own' && readableBy !== 'empty') return acl;
  const mine = acl.filter((e) => e.user_name !== undefined && e.user_name.toLowerCase() === userName.toLowerCase());
  if (mine.some((e) => e.all_permissions.some((p) => isManagerLevel(p.permission_level)))) return acl;
  return readableBy === 'own' ? mine : [];
}

// Job owners can be service principals, whose ACL key is the application id.
function ownerPrincipal(dir: Directory, owner: string): Omit<AclEntry, 'level'> {
  return dir.servicePrincipal(owner) ? { servicePrincipal: owner } : { user: owner };
}

function samePrincipal(e: AclViewEntry, p: Omit<AclEntry, 'level'>): boolean {
  if (p.user !== undefined) return e.user_name?.toLowerCase() === p.user.toLowerCase();
  if (p.group !== undefined) return e.group_name?.toLowerCase() === p.group.toLowerCase();
  return e.service_principal_name?.toLowerCase() === p.servicePrincipal?.toLowerCase();
}

function principalFields(dir: Directory, p: Omit<AclEntry, 'level'>): Omit<AclViewEntry, 'all_permissions'> {
  if (p.user !== undefined) {
    const user = dir.user(p.user);
    return { user_name: user?.userName ?? p.user, display_name: user?.displayName ?? p.user };
  }
  if (p.group !== undefined) return { group_name: dir.groupByName(p.group)?.displayName ?? p.group };
  const sp = dir.servicePrincipal(p.servicePrincipal!);
  return { service_principal_name: sp?.applicationId ?? p.servicePrincipal!, display_name: sp?.displayName ?? p.servicePrincipal! };
}
