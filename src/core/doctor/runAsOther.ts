/**
 * The run-job check's answer for a job set to run as someone else (docs/verdicts.md#run-as): it
 * names that principal (a service principal by display name and application id) and says what
 * you may do with it: with Service Principal User you may run as it through a job you manage or
 * a bundle; without it, who would grant it.
 */
import { ServicePrincipalVerdict, servicePrincipalLabel } from '../access/servicePrincipalUse';
import type { MemberGroup } from '../access/types';
import type { JobDetails } from '../workspace/jobRuns';
import { servicePrincipalUse } from '../workspace/servicePrincipalAccess';
import type { WorkspaceClient } from '../workspace/workspaceClient';

export interface RunAsOtherInput {
  readonly client: Pick<WorkspaceClient, 'rawGet'>;
  readonly job: JobDetails;
  readonly label: string;
  readonly you: string;
  readonly me: { readonly databricksUser: string; readonly id?: string; readonly groups?: readonly Pick<MemberGroup, 'displayName' | 'path'>[] };
}

export async function runAsOtherMessage(input: RunAsOtherInput): Promise<{ message: string; fix: string }> {
  const { job, label, you } = input;
  const owner = `ask its owner${job.creator ? ` (${job.creator})` : ''}`;
  const refused = (whom: string): string => `Job ${label} runs as ${whom}, not as ${you}: its runs would show that identity, not yours, and would run with its rights. No run was started.`;
  if (!job.runAsServicePrincipal) {
    return { message: refused(job.runAs ?? 'an unknown identity'), fix: `Pick a job whose "Run as" is you, or ${owner} to set "Run as" to you (job → Details → Run as) for this check.` };
  }
  const applicationId = job.runAs ?? '?';
  let use: ServicePrincipalVerdict | undefined;
  try {
    use = await servicePrincipalUse(input.client, { userName: input.me.databricksUser, groups: (input.me.groups ?? []) as MemberGroup[] }, input.me.id, applicationId);
  } catch {
    use = undefined;
  }
  const sp = servicePrincipalLabel({ applicationId, displayName: use && use.name !== applicationId ? use.name : undefined });
  const check = `For this check pick a job whose "Run as" is you, or ${owner} to set "Run as" to you.`;
  if (use?.allowed === true) {
    const via = use.grants[0]?.principal.startsWith('group:') ? ` (through group ${use.grants[0].principal.slice(6)})` : '';
    return { message: `${refused(`the service principal ${sp}`)} You hold Service Principal User on it${via}.`, fix: `You may run as ${sp} through a job you manage ("Run as" → ${use.name}) or a bundle (run_as: service_principal_name: ${applicationId}). ${check}` };
  }
  if (use?.allowed === false) {
    return { message: `${refused(`the service principal ${sp}`)} You do not hold Service Principal User on it, so you may not run as it yourself.`, fix: `${use.remedies[0] ?? ''} ${check}`.trim() };
  }
  const reason = use?.blockers[0]?.message ?? 'its rule set could not be read';
  return { message: `${refused(`the service principal ${sp}`)} Whether you may run as it is unknown: ${reason}`, fix: `"access-lens why service-principal ${applicationId} use" says whether you hold Service Principal User on it. ${check}` };
}
