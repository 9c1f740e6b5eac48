/**
 * Run-as on the command line (docs/cli.md): the identity a job runs as, added to `why job`, and
 * `why service-principal <application id> use`, whether you hold Service Principal User on it.
 */
import type { Verdict } from '../../core/access';
import { ServicePrincipalVerdict } from '../../core/access/servicePrincipalUse';
import type { AccessMap } from '../../core/workspace/accessMap';
import { RunAs, readJobRunAs } from '../../core/workspace/runAs';
import { servicePrincipalUse } from '../../core/workspace/servicePrincipalAccess';
import { UsageError } from '../args';
import { Output } from '../output';
import { blockersAndRemedies } from './whyText';

export const SERVICE_PRINCIPAL_KIND = 'service-principal';

/** The job's why with `runAs` (null, and `runAsUnknown` saying why, when jobs/get cannot be read). */
export async function withRunAs(map: AccessMap, verdict: Verdict): Promise<Verdict & { runAs: RunAs | null; runAsUnknown?: string }> {
  if (verdict.blockers.some((b) => b.code === 'NOT_FOUND')) return { ...verdict, runAs: null, runAsUnknown: 'the job was not found' };
  try {
    const { runAs } = await readJobRunAs(map.client, verdict.id, (await map.whoami()).me.userName);
    return runAs ? { ...verdict, runAs } : { ...verdict, runAs: null, runAsUnknown: 'jobs/get names no run-as identity' };
  } catch (error) {
    return { ...verdict, runAs: null, runAsUnknown: `jobs/get failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function servicePrincipalText(v: ServicePrincipalVerdict): string {
  const lines = [v.summary, '', `Required: ${v.required}    You hold: ${v.granted ?? (v.allowed === null ? 'unknown' : 'nothing')}`];
  if (v.grants.length > 0) lines.push('', 'Grants that reach you:', ...v.grants.map((g) => `  ${g.level.padEnd(32)} ${g.principal}   (${g.path.join(' → ')})`));
  return [...lines, ...blockersAndRemedies(v)].join('\n');
}

/** access-lens why service-principal <application id> use */
export async function whyServicePrincipal(out: Output, map: () => Promise<AccessMap>, applicationId: string | undefined, action: string | undefined): Promise<number> {
  if (!applicationId) throw new UsageError('Name the service principal by its application id: access-lens why service-principal <application id> use');
  if (action !== 'use') throw new UsageError(`The action on a service principal is "use" (run as it, deploy as it)${action ? `, not "${action}"` : ''}: access-lens why service-principal ${applicationId} use`);
  const accessMap = await map();
  const identity = await accessMap.whoami();
  const verdict = await servicePrincipalUse(accessMap.client, identity.subject, identity.me.id, applicationId);
  out.result(verdict, servicePrincipalText(verdict));
  return 0;
}
