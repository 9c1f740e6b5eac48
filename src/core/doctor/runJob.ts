/**
 * The doctor's opt-in end-to-end check (`--run-job <id>`, "Run job check" in
 * VS Code): run one job under your own identity and read back, from the run
 * the workspace recorded, that you started it and it ran as you. A job set to
 * run as someone else is not started at all: its run could only show the
 * other identity, and would run with that identity's rights.
 */
import { randomUUID } from 'node:crypto';
import { AccessLensError } from '../errors';
import { FINAL_LIFE_CYCLE_STATES, JobDetails, JobRun, samePrincipal } from '../workspace/jobRuns';
import { WorkspaceClient } from '../workspace/workspaceClient';
import type { CheckResult } from './check';
import type { MemberGroup } from '../access/types';
import { runAsOtherMessage } from './runAsOther';

export const RUN_JOB_CHECK = 'run-job';

export interface RunJobOptions {
  /** How long to wait for the run to finish; default 10 minutes. */
  readonly timeoutMs?: number;
  /** Between two reads of the run; default 2 s. */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told the run id once it started, and each new state (for a progress line). */
  readonly onProgress?: (message: string) => void;
}

/** Who you are on both sides, to compare the run with. */
export interface RunJobIdentity {
  readonly databricksUser: string;
  readonly entraUser?: string;
  /** SCIM Me's id and your groups: whether you may use a service principal the job runs as. */
  readonly id?: string;
  readonly groups?: readonly Pick<MemberGroup, 'displayName' | 'path'>[];
}

/** A job id as the API takes it: digits, within JavaScript's exact integers. */
export function isJobId(text: string): boolean {
  return /^\d{1,16}$/.test(text) && Number.isSafeInteger(Number(text)) && Number(text) > 0;
}

const result = (status: CheckResult['status'], message: string, fix?: string): CheckResult => ({ id: RUN_JOB_CHECK, status, message, ...(fix ? { fix } : {}) });

const sleepFor = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

function codeOf(error: unknown): string {
  return error instanceof AccessLensError ? error.code : 'UNKNOWN';
}

const why = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Reads the job, starts it, waits for the run and compares its identities with yours. */
export async function checkJobRun(client: WorkspaceClient, me: RunJobIdentity, jobId: string, options: RunJobOptions = {}): Promise<CheckResult> {
  if (!isJobId(jobId)) return result('fail', `"${jobId}" is not a job id.`, 'Give the numeric id of a job, e.g. from "access-lens ls jobs" or the job\'s URL (…/jobs/<id>).');
  const you = `you (${me.databricksUser})`;

  let job: JobDetails;
  try {
    job = await client.getJob(jobId);
  } catch (error) {
    const code = codeOf(error);
    return code === 'PERMISSION_DENIED'
      ? result('fail', `You cannot view job ${jobId}: ${why(error)}`, 'Ask the job\'s owner for Can Manage Run on it, or pick a job of yours ("access-lens ls jobs" lists what you may run).')
      : result('fail', `Could not read job ${jobId} (${code}): ${why(error)}`, 'Check the job id ("access-lens ls jobs" lists the jobs you can see) and that the job still exists.');
  }
  const label = `"${job.name}" (${job.id})`;
  if (job.runAs && !samePrincipal(job.runAs, me.databricksUser)) {
    const { message, fix } = await runAsOtherMessage({ client, job, label, you, me });
    return result('fail', message, fix);
  }

  let runId: string;
  try {
    ({ runId } = await client.runNow(job.id, randomUUID()));
  } catch (error) {
    return codeOf(error) === 'PERMISSION_DENIED'
      ? result(
          'fail',
          `You may not run job ${label}: the workspace refused run-now (${why(error)}).`,
          `Running a job needs Can Manage Run (CAN_MANAGE_RUN). Ask its owner${job.creator ? ` (${job.creator})` : ''} or a workspace admin to grant it to you or a group of yours; "access-lens why job ${job.id} run" shows which grant is missing.`,
        )
      : result('fail', `Could not start job ${label} (${codeOf(error)}): ${why(error)}`, 'Try again; if it repeats, check the job in the workspace.');
  }
  options.onProgress?.(`Started run ${runId} of job ${label}; waiting for it to finish…`);

  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const deadline = now() + timeoutMs;
  let run: JobRun | undefined;
  let lastState: string | undefined;
  for (;;) {
    try {
      run = await client.getRun(runId);
    } catch (error) {
      return result('warn', `Run ${runId} of job ${label} started, but reading it back failed (${codeOf(error)}): ${why(error)}`, 'Open the run in the workspace (Job runs) and check "Run as" and "Launched by" there.');
    }
    if (run.lifeCycleState !== lastState) options.onProgress?.(`Run ${runId}: ${run.lifeCycleState ?? 'state unknown'}`);
    lastState = run.lifeCycleState;
    // Who started it is known at once: a wrong identity fails without waiting for the end.
    const identity = compareIdentity(run, job, me, label);
    if (identity) return identity;
    if (run.lifeCycleState && FINAL_LIFE_CYCLE_STATES.has(run.lifeCycleState)) break;
    if (options.signal?.aborted) {
      return result('warn', `Stopped waiting for run ${runId} of job ${label} (${run.lifeCycleState ?? 'state unknown'}); it keeps running in the workspace.`, `Follow it at ${run.pageUrl ?? 'the job\'s Runs tab'}.`);
    }
    if (now() >= deadline) {
      return result(
        'warn',
        `Run ${runId} of job ${label} was started by ${you}, but is still ${run.lifeCycleState ?? 'not finished'} after ${Math.round(timeoutMs / 1000)} s, so how it ran is not known yet.`,
        `Follow it at ${run.pageUrl ?? 'the job\'s Runs tab'}, or run the check again on a shorter job.`,
      );
    }
    await sleep(Math.min(options.pollMs ?? 2000, Math.max(0, deadline - now())), options.signal);
  }

  const ranAs = run.runAs ?? job.runAs ?? me.databricksUser;
  const entra = me.entraUser && !samePrincipal(me.entraUser, me.databricksUser) ? ` (your Entra account is ${me.entraUser})` : '';
  const seconds = run.startTime && run.endTime ? ` in ${Math.max(0, Math.round((run.endTime - run.startTime) / 1000))} s` : '';
  if (run.resultState !== 'SUCCESS') {
    return result(
      'warn',
      `Run ${runId} of job ${label} was started by ${you} and ran as ${ranAs}${entra}, but ended ${run.resultState ?? run.lifeCycleState ?? 'without a result'}${run.stateMessage ? `: ${run.stateMessage}` : ''}.`,
      `The identity is right; the job itself failed. See ${run.pageUrl ?? 'the run in the workspace'}.`,
    );
  }
  return result('pass', `Run ${runId} of job ${label} was started by ${you} and ran as ${ranAs}${entra}; it finished SUCCESS${seconds}.${run.pageUrl ? ` ${run.pageUrl}` : ''}`);
}

/** A failing result when the run names someone other than you, else undefined. */
function compareIdentity(run: JobRun, job: JobDetails, me: RunJobIdentity, label: string): CheckResult | undefined {
  if (run.creator && !samePrincipal(run.creator, me.databricksUser)) {
    return result(
      'fail',
      `Run ${run.runId} of job ${label} is recorded as started by ${run.creator}, but you are ${me.databricksUser}: the token is mapped to another Databricks user.`,
      'Check which claim the workspace\'s federation policy maps to the user (subject claim), and compare "access-lens whoami" on both sides.',
    );
  }
  if (run.runAs && !samePrincipal(run.runAs, me.databricksUser)) {
    return result('fail', `Run ${run.runId} of job ${label} ran as ${run.runAs}, not as you (${me.databricksUser}).`, `Ask the job's owner${job.creator ? ` (${job.creator})` : ''} to set "Run as" to you, or pick a job that runs as you.`);
  }
  return undefined;
}
