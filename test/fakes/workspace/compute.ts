// Cluster policies and instance pools (scenarioCompute.ts): `GET /api/2.0/policies/clusters/list`
// (`policies`), `GET /api/2.0/instance-pools/list` (`instance_pools`), neither paged, and their
// permissions under /api/2.0/permissions/{cluster-policies|instance-pools}/{id}. As the list
// documentation says, a user is listed the policies accessible to them when the listVisibility
// knob is `permitted`; with `all` (the default) every policy is listed, as to an admin.
import type { DirGroup, Directory } from '../directory';
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import type { ScenarioCompute, ScenarioPolicy, ScenarioPool, ComputeAclEntry } from '../scenarioCompute';
import type { ApiHandler, Caller, WorkspaceContext } from './context';
import { sendApiError } from './errors';

const computeOf = (wc: WorkspaceContext): ScenarioCompute => wc.runtime.directory.scenario.workspace.compute ?? {};

type Target = { type: 'cluster-policies'; object: ScenarioPolicy } | { type: 'instance-pools'; object: ScenarioPool };

/** The ACL as the Permissions API shows it; pools carry the `admins` group's inherited CAN_MANAGE, as clusters do. */
function aclOf(dir: Directory, target: Target): Record<string, unknown>[] {
  const entries = (target.object.acl ?? []) as ComputeAclEntry<string>[];
  const shown: Record<string, unknown>[] = entries.map((e) => {
    const principal = e.user !== undefined ? { user_name: e.user, display_name: dir.user(e.user)?.displayName ?? e.user } : e.group !== undefined ? { group_name: e.group } : { service_principal_name: e.servicePrincipal };
    return { ...principal, all_permissions: [{ permission_level: e.level, inherited: false }] };
  });
  if (target.type === 'instance-pools') shown.push({ group_name: 'admins', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: ['/instance-pools/'] }] });
  return shown;
}

function reaches(entry: ComputeAclEntry<string>, userName: string, groups: readonly DirGroup[]): boolean {
  if (entry.user !== undefined) return entry.user.toLowerCase() === userName.toLowerCase();
  return entry.group !== undefined && groups.some((g) => g.displayName.toLowerCase() === entry.group!.toLowerCase());
}

const isAdmin = (groups: readonly DirGroup[]): boolean => groups.some((g) => g.displayName.toLowerCase() === 'admins');

const handleListPolicies: ApiHandler = (wc, ctx, caller) => {
  const groups = wc.runtime.directory.transitiveGroupsOf(caller.user.userName);
  const all = computeOf(wc).policies ?? [];
  const listed = wc.runtime.knobs.listVisibility === 'all' || isAdmin(groups) ? all : all.filter((p) => (p.acl ?? []).some((e) => reaches(e, caller.user.userName, groups)));
  // Nothing to list: the answer leaves the field out, as clusters/list does.
  sendJson(ctx.res, 200, listed.length === 0 ? {} : { policies: listed.map((p) => ({ policy_id: p.policy_id, name: p.name, creator_user_name: p.creator, definition: '{}', created_at_timestamp: 1_750_000_000_000, is_default: false })) });
};

const handleListPools: ApiHandler = (wc, ctx) => {
  const pools = computeOf(wc).pools ?? [];
  sendJson(ctx.res, 200, pools.length === 0 ? {} : { instance_pools: pools.map((p) => ({ instance_pool_id: p.instance_pool_id, instance_pool_name: p.instance_pool_name, node_type_id: 'Standard_DS3_v2', min_idle_instances: 0, state: 'ACTIVE', stats: { used_count: 0, idle_count: 0 } })) });
};

function permissions(type: Target['type']): ApiHandler {
  return (wc: WorkspaceContext, ctx: RequestContext, caller: Caller) => {
    const id = (ctx.params as { id: string }).id;
    const compute = computeOf(wc);
    const object = type === 'cluster-policies' ? compute.policies?.find((p) => p.policy_id === id) : compute.pools?.find((p) => p.instance_pool_id === id);
    if (!object) return sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `${type === 'cluster-policies' ? 'Cluster policy' : 'Instance pool'} ${id} does not exist.`);
    const target = { type, object } as Target;
    const groups = wc.runtime.directory.transitiveGroupsOf(caller.user.userName);
    const manager = isAdmin(groups) || ((object.acl ?? []) as ComputeAclEntry<string>[]).some((e) => e.level === 'CAN_MANAGE' && reaches(e, caller.user.userName, groups));
    if (object.aclReadableBy === 'managers' && !manager) return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `${caller.user.userName} does not have Manage permissions on ${id}. Please contact the owner or an administrator for access.`);
    sendJson(ctx.res, 200, { object_id: `/${type}/${id}`, object_type: type === 'cluster-policies' ? 'cluster-policy' : 'instance-pool', access_control_list: aclOf(wc.runtime.directory, target) });
  };
}

/** The routes, registered ahead of the generic permissions route (workspace.ts). */
export const COMPUTE_ROUTES: [string, ApiHandler][] = [
  ['/api/2.0/policies/clusters/list', handleListPolicies],
  ['/api/2.0/instance-pools/list', handleListPools],
  ['/api/2.0/permissions/cluster-policies/:id', permissions('cluster-policies')],
  ['/api/2.0/permissions/instance-pools/:id', permissions('instance-pools')],
];
