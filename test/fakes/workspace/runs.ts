// Job runs, Jobs API 2.2: run-now, runs/get and runs/list. A run started by
// run-now goes PENDING → RUNNING → TERMINATED/SUCCESS over the knob
// `jobRunMs`; its creator_user_name is the caller. Scenario jobs may carry
// historical runs (`runs`), placed relative to the sandbox's start. As in the
// Go SDK's Run type, a run names who started it, not who it ran as: the
// run-as identity is the job's (jobs/get `run_as_user_name`, `settings.run_as`).
import type { DirJob, Directory } from '../directory';
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import type { RunResultState, RunTrigger } from '../scenario';
import { effectiveLevel, isManagerLevel } from './acl';
import type { Caller, WorkspaceContext } from './context';
import { sendApiError } from './errors';
import { visibleJobs } from './jobs';
import { decodePageToken, intParam, paginate } from './paging';

interface StoredRun {
  readonly runId: number;
  readonly job: DirJob;
  readonly creator: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly result: RunResultState;
  readonly trigger: RunTrigger;
}

/** The first fifth of a run is PENDING (cluster start), the rest RUNNING. */
const PENDING_SHARE = 0.2;
const FIRST_RUN_ID = 700_000_000_001;

/** Every run of the sandbox, seeded from the scenario's job histories. */
export class RunStore {
  private readonly runs: StoredRun[] = [];
  private nextId = FIRST_RUN_ID;
  private readonly idempotency = new Map<string, StoredRun>();

  constructor(directory: Directory, startedAtMs: number) {
    for (const job of directory.jobs) {
      for (const seeded of job.runs ?? []) {
        this.add({
          job,
          creator: directory.user(seeded.creator)?.userName ?? seeded.creator,
          startMs: startedAtMs - seeded.startedMinutesAgo * 60_000,
          durationMs: (seeded.durationMinutes ?? 5) * 60_000,
          result: seeded.resultState ?? 'SUCCESS',
          trigger: seeded.trigger ?? 'ONE_TIME',
        });
      }
    }
  }

  add(run: Omit<StoredRun, 'runId'>, idempotencyToken?: string): StoredRun {
    const earlier = idempotencyToken ? this.idempotency.get(`${run.job.job_id}|${idempotencyToken}`) : undefined;
    if (earlier) return earlier;
    const stored = { ...run, runId: this.nextId++ };
    this.runs.push(stored);
    if (idempotencyToken) this.idempotency.set(`${run.job.job_id}|${idempotencyToken}`, stored);
    return stored;
  }

  get(runId: number): StoredRun | undefined {
    return this.runs.find((r) => r.runId === runId);
  }

  /** A job's runs, newest first. */
  ofJob(jobId: number): StoredRun[] {
    return this.runs.filter((r) => r.job.job_id === jobId).sort((a, b) => b.startMs - a.startMs || b.runId - a.runId);
  }
}

function parseJobId(wc: WorkspaceContext, ctx: RequestContext, raw: unknown, caller: Caller): DirJob | undefined {
  if (raw === undefined || raw === null || raw === '') {
    sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Missing required field: job_id');
    return undefined;
  }
  if (!/^\d+$/.test(String(raw))) {
    sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Invalid job_id: ${String(raw)}`);
    return undefined;
  }
  const job = wc.runtime.directory.job(Number(raw));
  if (!job) {
    sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Job ${String(raw)} does not exist.`);
    return undefined;
  }
  if (!visibleJobs(wc, caller, [job]).includes(job)) {
    sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `${caller.user.userName} does not have View permissions on Job with ID: ElasticJobId(${job.job_id}). Please contact the owner or an administrator for access.`);
    return undefined;
  }
  return job;
}

/** POST /api/2.2/jobs/run-now {job_id, idempotency_token?}: needs CAN_MANAGE_RUN. */
export async function handleRunNow(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): Promise<void> {
  const body = (await ctx.json()) as { job_id?: unknown; idempotency_token?: unknown };
  if (typeof body !== 'object' || body === null) return sendApiError(ctx.res, 400, 'MALFORMED_REQUEST', 'Expected a JSON object.');
  const job = parseJobId(wc, ctx, body.job_id, caller);
  if (!job) return;
  const level = effectiveLevel(wc.runtime.directory, { kind: 'jobs', object: job }, caller.user.userName);
  if (level !== 'CAN_MANAGE_RUN' && !isManagerLevel(level)) {
    return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `${caller.user.userName} does not have Manage Run permissions on Job with ID: ElasticJobId(${job.job_id}). Please contact the owner or an administrator for access.`);
  }
  const token = typeof body.idempotency_token === 'string' ? body.idempotency_token : undefined;
  const run = wc.runs.add({ job, creator: caller.user.userName, startMs: wc.runtime.clock.nowMs(), durationMs: wc.runtime.knobs.jobRunMs, result: 'SUCCESS', trigger: 'ONE_TIME' }, token);
  sendJson(ctx.res, 200, { run_id: run.runId, number_in_job: run.runId });
}

/** GET /api/2.2/jobs/runs/get?run_id=… */
export function handleGetRun(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void {
  const raw = ctx.url.searchParams.get('run_id');
  if (!raw) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Missing required field: run_id');
  const run = /^\d+$/.test(raw) ? wc.runs.get(Number(raw)) : undefined;
  if (!run) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Run ${raw} does not exist.`);
  if (!visibleJobs(wc, caller, [run.job]).includes(run.job)) {
    return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `${caller.user.userName} does not have View permissions on Job with ID: ElasticJobId(${run.job.job_id}). Please contact the owner or an administrator for access.`);
  }
  sendJson(ctx.res, 200, { ...runJson(wc, run), tasks: [{ task_key: 'main', run_id: run.runId + 1, state: runState(wc, run).state }] });
}

/** GET /api/2.2/jobs/runs/list?job_id=…&limit=…&page_token=… (limit 1–25, default 20), newest first. */
export function handleListRuns(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void {
  const limit = intParam(ctx.url, 'limit') ?? 20;
  if (Number.isNaN(limit) || limit < 1 || limit > 25) {
    return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Invalid limit ${ctx.url.searchParams.get('limit')}: limit must be between 1 and 25.`);
  }
  const rawJob = ctx.url.searchParams.get('job_id');
  let runs: StoredRun[];
  if (rawJob === null) {
    const visible = new Set(visibleJobs(wc, caller).map((j) => j.job_id));
    runs = wc.runtime.directory.jobs.filter((j) => visible.has(j.job_id)).flatMap((j) => wc.runs.ofJob(j.job_id));
    runs.sort((a, b) => b.startMs - a.startMs);
  } else {
    const job = parseJobId(wc, ctx, rawJob, caller);
    if (!job) return;
    runs = wc.runs.ofJob(job.job_id);
  }
  if (ctx.url.searchParams.get('active_only') === 'true') runs = runs.filter((r) => runState(wc, r).state.life_cycle_state !== 'TERMINATED');
  if (ctx.url.searchParams.get('completed_only') === 'true') runs = runs.filter((r) => runState(wc, r).state.life_cycle_state === 'TERMINATED');
  const token = ctx.url.searchParams.get('page_token');
  const list = `runs:${rawJob ?? '*'}`;
  const offset = token ? decodePageToken(list, token) : 0;
  if (offset === null) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Invalid page_token.');
  const page = paginate(list, runs, offset, limit);
  sendJson(ctx.res, 200, {
    ...(page.items.length > 0 ? { runs: page.items.map((r) => runJson(wc, r)) } : {}),
    has_more: page.next !== undefined,
    ...(page.next ? { next_page_token: page.next } : {}),
    ...(page.prev ? { prev_page_token: page.prev } : {}),
  });
}

function runState(wc: WorkspaceContext, run: StoredRun): { state: Record<string, unknown>; status: Record<string, unknown>; endMs: number } {
  const elapsed = wc.runtime.clock.nowMs() - run.startMs;
  if (elapsed < run.durationMs * PENDING_SHARE) {
    return { state: { life_cycle_state: 'PENDING', state_message: 'Waiting for cluster', user_cancelled_or_timedout: false }, status: { state: 'PENDING' }, endMs: 0 };
  }
  if (elapsed < run.durationMs) {
    return { state: { life_cycle_state: 'RUNNING', state_message: 'In run', user_cancelled_or_timedout: false }, status: { state: 'RUNNING' }, endMs: 0 };
  }
  const message = run.result === 'SUCCESS' ? '' : run.result === 'FAILED' ? 'Task main failed with message: Workload failed.' : `Run ${run.result.toLowerCase()}.`;
  return {
    state: { life_cycle_state: 'TERMINATED', result_state: run.result, state_message: message, user_cancelled_or_timedout: run.result === 'CANCELED' || run.result === 'TIMEDOUT' },
    status: { state: 'TERMINATED', termination_details: { code: run.result === 'SUCCESS' ? 'SUCCESS' : run.result === 'FAILED' ? 'RUN_EXECUTION_ERROR' : run.result, type: run.result === 'SUCCESS' ? 'SUCCESS' : 'CLIENT_ERROR', message } },
    endMs: run.startMs + run.durationMs,
  };
}

function runJson(wc: WorkspaceContext, run: StoredRun): Record<string, unknown> {
  const { state, status, endMs } = runState(wc, run);
  const orgId = wc.runtime.directory.orgId;
  return {
    job_id: run.job.job_id,
    run_id: run.runId,
    number_in_job: run.runId,
    original_attempt_run_id: run.runId,
    creator_user_name: run.creator,
    run_name: run.job.name,
    run_page_url: `${wc.origin()}/?o=${orgId}#job/${run.job.job_id}/run/${run.runId}`,
    run_type: 'JOB_RUN',
    trigger: run.trigger,
    format: 'MULTI_TASK',
    start_time: run.startMs,
    end_time: endMs,
    run_duration: endMs ? endMs - run.startMs : 0,
    state,
    status,
  };
}
