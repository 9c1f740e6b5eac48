// Permissions API: GET /api/2.0/permissions/{clusters|jobs}/{id} and
// .../permissionLevels. What a non-manager reads follows the aclReadableBy
// knob (globally and per object): the whole ACL, a 403, only their own
// entries, or an empty list. Databricks documents none of these, and public
// reports have seen each (see AclReadableBy in scenario.ts).
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import { aclShownTo, canReadAcl, objectPath, type WorkspaceObject } from './acl';
import type { Caller, WorkspaceContext } from './context';
import { sendApiError } from './errors';

const LEVEL_DESCRIPTIONS: Record<string, [string, string][]> = {
  clusters: [
    ['CAN_ATTACH_TO', 'Can attach to the cluster'],
    ['CAN_RESTART', 'Can restart the cluster'],
    ['CAN_MANAGE', 'Can manage the cluster'],
  ],
  jobs: [
    ['CAN_VIEW', 'Can view the job'],
    ['CAN_MANAGE_RUN', 'Can manage runs of the job'],
    ['IS_OWNER', 'Is the owner of the job'],
    ['CAN_MANAGE', 'Can manage the job'],
  ],
};

export function handleGetPermissions(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void {
  const target = findObject(wc, ctx);
  if (!target) return;
  const userName = caller.user.userName;
  if (!canReadAcl(wc.runtime.directory, target, userName, wc.runtime.knobs.aclReadableBy)) {
    const what = target.kind === 'clusters' ? target.object.cluster_name : `Job with ID: ElasticJobId(${target.object.job_id})`;
    return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `${userName} does not have Manage permissions on ${what}. Please contact the owner or an administrator for access.`);
  }
  sendJson(ctx.res, 200, {
    object_id: objectPath(target),
    object_type: target.kind === 'clusters' ? 'cluster' : 'job',
    access_control_list: aclShownTo(wc.runtime.directory, target, userName, wc.runtime.knobs.aclReadableBy),
  });
}

export function handleGetPermissionLevels(wc: WorkspaceContext, ctx: RequestContext): void {
  const target = findObject(wc, ctx);
  if (!target) return;
  sendJson(ctx.res, 200, { permission_levels: LEVEL_DESCRIPTIONS[target.kind]!.map(([permission_level, description]) => ({ permission_level, description })) });
}

/** The object named by the path, or null after answering 400/404. */
function findObject(wc: WorkspaceContext, ctx: RequestContext): WorkspaceObject | null {
  const dir = wc.runtime.directory;
  const { type, id } = ctx.params as { type: string; id: string };
  if (type === 'clusters') {
    const cluster = dir.cluster(id);
    if (cluster) return { kind: 'clusters', object: cluster };
    sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `Cluster ${id} does not exist.`);
    return null;
  }
  if (type === 'jobs') {
    const job = /^\d+$/.test(id) ? dir.job(Number(id)) : undefined;
    if (job) return { kind: 'jobs', object: job };
    sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `Job ${id} does not exist.`);
    return null;
  }
  sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `The sandbox workspace has no ${type}; it serves permissions for clusters and jobs.`);
  return null;
}
