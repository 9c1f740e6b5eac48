/**
 * Which identity a job's runs run as (jobs/get: `run_as_user_name`, `settings.run_as`), named as
 * people know it: a service principal by its display name when SCIM can resolve its application
 * id, else by the id (docs/verdicts.md#run-as).
 */
import { JobDetails, samePrincipal } from './jobRuns';
import { findServicePrincipal } from './servicePrincipalAccess';
import type { WorkspaceClient } from './workspaceClient';

/** The `runAs` field of `why job <id> <action>` (docs/cli.md). */
export interface RunAs {
  readonly type: 'user' | 'servicePrincipal';
  /** A user's name; a service principal's display name, or its application id when that is unknown. */
  readonly name: string;
  /** Service principals only. */
  readonly applicationId?: string;
  readonly isYou: boolean;
}

/** The run-as of a job already read; undefined when the answer names nobody. */
export function runAsOf(job: JobDetails, userName: string, spDisplayName?: string): RunAs | undefined {
  if (!job.runAs) return undefined;
  if (job.runAsServicePrincipal) return { type: 'servicePrincipal', name: spDisplayName ?? job.runAs, applicationId: job.runAs, isYou: false };
  return { type: 'user', name: job.runAs, isYou: samePrincipal(job.runAs, userName) };
}

/** "the service principal etl-sp (9d3f…)", "bob@contoso.com", "you (alice@contoso.com)". */
export function runAsText(runAs: RunAs): string {
  if (runAs.type === 'servicePrincipal') return `the service principal ${runAs.name !== runAs.applicationId ? `${runAs.name} (${runAs.applicationId})` : runAs.name}`;
  return runAs.isYou ? `you (${runAs.name})` : runAs.name;
}

/** "Runs as: …" as the CLI's why and the Workspace view's tooltip say it; unknown with the reason. */
export function runAsLine(doc: { runAs: RunAs | null; runAsUnknown?: string }): string {
  if (!doc.runAs) return `Runs as: unknown (${doc.runAsUnknown ?? 'not read'})`;
  return `Runs as: ${runAsText(doc.runAs)}${doc.runAs.isYou ? '' : ', not you'}`;
}

/** Reads the job and, for a service principal, its display name. */
export async function readJobRunAs(client: Pick<WorkspaceClient, 'getJob' | 'rawGet'>, jobId: string, userName: string): Promise<{ job: JobDetails; runAs: RunAs | undefined }> {
  const job = await client.getJob(jobId);
  const sp = job.runAs && job.runAsServicePrincipal ? await findServicePrincipal(client, job.runAs).catch(() => undefined) : undefined;
  return { job, runAs: runAsOf(job, userName, sp?.displayName) };
}
