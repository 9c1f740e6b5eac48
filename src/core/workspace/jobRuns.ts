/**
 * Job runs as the Jobs API 2.2 shows them, read into what Access Lens needs:
 * who started a run (`creator_user_name`), who it ran as, its state and time.
 * A run does not always say who it ran as (the SDKs' `Run` has no
 * `run_as_user_name`); the job does (`run_as_user_name`, `settings.run_as`).
 */
import type { JobDetailsAnswer, RunAnswer } from './apiModels';

export interface JobRun {
  readonly runId: string;
  readonly jobId: string;
  /** Who started it; absent when that user has been deleted. */
  readonly creator: string | undefined;
  /** Who it ran as, when the answer says so. */
  readonly runAs: string | undefined;
  readonly lifeCycleState: string | undefined;
  readonly resultState: string | undefined;
  readonly stateMessage: string | undefined;
  /** Milliseconds since the epoch. */
  readonly startTime: number | undefined;
  readonly endTime: number | undefined;
  readonly trigger: string | undefined;
  readonly pageUrl: string | undefined;
}

export interface JobDetails {
  readonly id: string;
  readonly name: string;
  readonly creator: string | undefined;
  /** The user name or service principal application id the job's runs run as. */
  readonly runAs: string | undefined;
  readonly runAsServicePrincipal: boolean;
}

/** Life-cycle states after which a run changes no more. */
export const FINAL_LIFE_CYCLE_STATES: ReadonlySet<string> = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

export function toRun(raw: RunAnswer): JobRun {
  // `status` is the newer field; `state` is deprecated but still the one every workspace sends.
  const lifeCycleState = raw.state?.life_cycle_state ?? raw.status?.state;
  return {
    runId: String(raw.run_id ?? ''),
    jobId: String(raw.job_id ?? ''),
    creator: raw.creator_user_name || undefined,
    runAs: raw.run_as_user_name || undefined,
    lifeCycleState,
    resultState: raw.state?.result_state ?? (lifeCycleState === 'TERMINATED' ? raw.status?.termination_details?.code : undefined),
    stateMessage: raw.state?.state_message || raw.status?.termination_details?.message || undefined,
    startTime: raw.start_time || undefined,
    endTime: raw.end_time || undefined,
    trigger: raw.trigger,
    pageUrl: raw.run_page_url,
  };
}

export function toJobDetails(raw: JobDetailsAnswer, id: string): JobDetails {
  const runAs = raw.settings?.run_as;
  return {
    id: String(raw.job_id ?? id),
    name: raw.settings?.name ?? `Job ${id}`,
    creator: raw.creator_user_name,
    runAs: raw.run_as_user_name ?? runAs?.user_name ?? runAs?.service_principal_name,
    // Without an explicit run_as the job runs as its owner, who may be a service principal: its user name is then an application id.
    runAsServicePrincipal: runAs?.service_principal_name !== undefined || (runAs?.user_name === undefined && APPLICATION_ID.test(raw.run_as_user_name ?? '')),
  };
}

/** A service principal's application id (a GUID), never a user's name (an email address). */
export const APPLICATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a principal name (a user's email, a service principal's id) is the same principal; Databricks compares user names case-insensitively. */
export function samePrincipal(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}
