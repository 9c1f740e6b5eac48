/**
 * `why pipeline <id> <action>` with the identity the pipeline runs as (docs/cli.md#run-as): one
 * pipelines/get, and for a service principal whether you hold Service Principal User on it, which
 * Databricks asks of anyone who sets a pipeline's run-as to it (docs/verdicts.md#run-as).
 */
import type { Verdict } from '../../core/access';
import type { ServicePrincipalVerdict } from '../../core/access/servicePrincipalUse';
import type { AccessMap } from '../../core/workspace/accessMap';
import { readPipelineRunAs } from '../../core/workspace/pipelineRunAs';
import { type RunAs, runAsLine } from '../../core/workspace/runAs';
import { servicePrincipalUse } from '../../core/workspace/servicePrincipalAccess';

/** What `runAsUse` carries: the verdict of `why service-principal <application id> use`, in short. */
export type RunAsUse = Pick<ServicePrincipalVerdict, 'allowed' | 'summary' | 'remedies'> & { readonly via: string | null };

export type PipelineWhy = Verdict & { runAs: RunAs | null; runAsUnknown?: string; runAsUse?: RunAsUse };

function useOf(v: ServicePrincipalVerdict): RunAsUse {
  const via = v.allowed === true ? (v.grants[0]?.principal ?? null) : null;
  return { allowed: v.allowed, summary: v.summary, remedies: v.remedies, via };
}

/** The pipeline's why with `runAs` (null, and `runAsUnknown` saying why, when pipelines/get does not tell). */
export async function withPipelineRunAs(map: AccessMap, verdict: Verdict): Promise<PipelineWhy> {
  if (verdict.blockers.some((b) => b.code === 'NOT_FOUND')) return { ...verdict, runAs: null, runAsUnknown: 'the pipeline was not found' };
  const identity = await map.whoami();
  let read;
  try {
    read = await readPipelineRunAs(map.client, verdict.id, identity.me.userName);
  } catch (error) {
    return { ...verdict, runAs: null, runAsUnknown: `pipelines/get failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!read.runAs) return { ...verdict, runAs: null, runAsUnknown: read.reason };
  if (read.runAs.type !== 'servicePrincipal' || !read.runAs.applicationId) return { ...verdict, runAs: read.runAs };
  try {
    return { ...verdict, runAs: read.runAs, runAsUse: useOf(await servicePrincipalUse(map.client, identity.subject, identity.me.id, read.runAs.applicationId)) };
  } catch (error) {
    const summary = `Whether you hold Service Principal User on it is unknown: ${error instanceof Error ? error.message : String(error)}`;
    return { ...verdict, runAs: read.runAs, runAsUse: { allowed: null, summary, remedies: [], via: null } };
  }
}

/** The text-mode lines: who it runs as and, for a service principal, whether you may run as it. */
export function pipelineRunAsLines(doc: PipelineWhy): string {
  const lines = [runAsLine(doc)];
  const use = doc.runAsUse;
  if (use?.allowed === true) lines.push(`You hold Service Principal User on it${use.via?.startsWith('group:') ? ` (through group ${use.via.slice(6)})` : ''}: you may set a pipeline's run-as to it.`);
  else if (use?.allowed === false) lines.push(`You do not hold Service Principal User on it: setting a pipeline's run-as to it would be refused. ${use.remedies[0] ?? ''}`.trim());
  else if (use) lines.push(use.summary);
  return lines.join('\n');
}
