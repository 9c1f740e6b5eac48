// Jobs API 2.2: list (limit ≤ 100, page_token, has_more) and get. As in
// Databricks, list items carry no run_as; only get has run_as_user_name.
import type { DirJob } from '../directory';
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import { effectiveLevel } from './acl';
import type { Caller, WorkspaceContext } from './context';
import { sendApiError } from './errors';
import { decodePageToken, intParam, paginate } from './paging';

export function handleListJobs(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void {
  const limit = intParam(ctx.url, 'limit') ?? 20;
  if (Number.isNaN(limit) || limit < 1 || limit > 100) {
    return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Invalid limit ${ctx.url.searchParams.get('limit')}: limit must be between 1 and 100.`);
  }
  const token = ctx.url.searchParams.get('page_token');
  const offset = token ? decodePageToken('jobs', token) : 0;
  if (offset === null) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Invalid page_token.');
  const name = ctx.url.searchParams.get('name');
  // Without a name filter the list is not copied: 900 pages of 90,000 jobs would copy it 900 times.
  const visible = visibleJobs(wc, caller);
  const jobs = name === null ? visible : visible.filter((j) => j.name.toLowerCase() === name.toLowerCase());
  const page = paginate('jobs', jobs, offset, limit);
  sendJson(ctx.res, 200, {
    ...(page.items.length > 0 ? { jobs: page.items.map((j) => jobSummary(j)) } : {}),
    has_more: page.next !== undefined,
    ...(page.next ? { next_page_token: page.next } : {}),
    ...(page.prev ? { prev_page_token: page.prev } : {}),
  });
}

export function handleGetJob(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void {
  const raw = ctx.url.searchParams.get('job_id');
  if (!raw) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Missing required field: job_id');
  if (!/^\d+$/.test(raw)) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Invalid job_id: ${raw}`);
  const job = wc.runtime.directory.job(Number(raw));
  if (!job) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Job ${raw} does not exist.`);
  if (!visibleJobs(wc, caller, [job]).includes(job)) {
    return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `${caller.user.userName} does not have View permissions on Job with ID: ElasticJobId(${raw}). Please contact the owner or an administrator for access.`);
  }
  const sp = wc.runtime.directory.servicePrincipal(job.runAs);
  sendJson(ctx.res, 200, {
    ...jobSummary(job),
    run_as_user_name: job.runAs,
    run_as_owner: job.runAs.toLowerCase() === job.owner.toLowerCase(),
    settings: {
      ...jobSettings(job),
      run_as: sp ? { service_principal_name: sp.applicationId } : { user_name: job.runAs },
    },
  });
}

/** The jobs the caller may see: all, or with the listVisibility knob "permitted" those they hold a level on. */
export function visibleJobs(wc: WorkspaceContext, caller: Caller, among?: DirJob[]): DirJob[] {
  const dir = wc.runtime.directory;
  const candidates = among ?? dir.jobs;
  if (wc.runtime.knobs.listVisibility === 'all') return candidates;
  const groups = dir.transitiveGroupsOf(caller.user.userName);
  return candidates.filter((j) => effectiveLevel(dir, { kind: 'jobs', object: j }, caller.user.userName, groups) !== null);
}

function jobSummary(j: DirJob): Record<string, unknown> {
  return {
    job_id: j.job_id,
    creator_user_name: j.creator,
    settings: { name: j.name, email_notifications: {}, timeout_seconds: 0, max_concurrent_runs: 1, format: 'MULTI_TASK' },
    created_time: 1_740_000_000_000 + (j.job_id % 100_000_000),
  };
}

function jobSettings(j: DirJob): Record<string, unknown> {
  return {
    name: j.name,
    email_notifications: {},
    webhook_notifications: {},
    timeout_seconds: 0,
    max_concurrent_runs: 1,
    tasks: [{ task_key: 'main', notebook_task: { notebook_path: `/Workspace/Users/${j.owner}/${j.name}`, source: 'WORKSPACE' }, timeout_seconds: 0 }],
    format: 'MULTI_TASK',
    queue: { enabled: true },
  };
}
