/**
 * Which identity a pipeline's updates run as (docs/verdicts.md#run-as). `GET /api/2.0/pipelines/{id}`
 * answers `run_as_user_name` (the identity in every case, an application id for a service principal)
 * and, only when set explicitly, `run_as: {user_name | service_principal_name}`; some answers carry
 * it under `spec.run_as` instead. Any of them is enough; none of them is "unknown", never a guess
 * (the creator is not proof: an owner change moves run-as with it).
 */
import { isRecord } from './answerShape';
import { readErrorBody } from './apiError';
import { APPLICATION_ID, samePrincipal } from './jobRuns';
import { RunAs } from './runAs';
import { findServicePrincipal } from './servicePrincipalAccess';
import type { WorkspaceClient } from './workspaceClient';

export type PipelineRunAs = { readonly runAs: RunAs } | { readonly runAs: null; readonly reason: string };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The identity named by a pipelines/get answer, with whether it is a service principal; undefined when it names none. */
export function pipelineRunAsName(answer: unknown): { name: string; servicePrincipal: boolean } | undefined {
  if (!isRecord(answer)) return undefined;
  const explicit = isRecord(answer.run_as) ? answer.run_as : isRecord(answer.spec) && isRecord(answer.spec.run_as) ? answer.spec.run_as : undefined;
  const sp = text(explicit?.service_principal_name);
  if (sp) return { name: sp, servicePrincipal: true };
  const user = text(explicit?.user_name);
  if (user) return { name: user, servicePrincipal: false };
  const implicit = text(answer.run_as_user_name);
  return implicit ? { name: implicit, servicePrincipal: APPLICATION_ID.test(implicit) } : undefined;
}

/** Reads the pipeline and, for a service principal, its display name; the reason when it cannot be known. */
export async function readPipelineRunAs(client: Pick<WorkspaceClient, 'rawGet'>, pipelineId: string, userName: string): Promise<PipelineRunAs> {
  const path = `/api/2.0/pipelines/${encodeURIComponent(pipelineId)}`;
  const response = await client.rawGet(path);
  if (response.status !== 200) {
    const error = readErrorBody(response);
    return { runAs: null, reason: `pipelines/get answered HTTP ${response.status}${error.errorCode ? ` ${error.errorCode}` : ''}: ${error.message}` };
  }
  let answer: unknown;
  try {
    answer = JSON.parse(response.body);
  } catch {
    return { runAs: null, reason: 'pipelines/get answered with something that is not JSON (a proxy or gateway may be in the way)' };
  }
  const named = pipelineRunAsName(answer);
  if (!named) return { runAs: null, reason: 'pipelines/get names no run-as identity (neither run_as_user_name nor run_as)' };
  if (!named.servicePrincipal) return { runAs: { type: 'user', name: named.name, isYou: samePrincipal(named.name, userName) } };
  const sp = await findServicePrincipal(client, named.name).catch(() => undefined);
  return { runAs: { type: 'servicePrincipal', name: sp?.displayName ?? named.name, applicationId: named.name, isYou: false } };
}
