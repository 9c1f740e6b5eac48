/**
 * Reads what the access map needs from one workspace: clusters (2.1) and jobs
 * (2.2) with every page, and the permissions of each object.
 *
 * Why REST and not @databricks/sdk-experimental here: its retry ignores
 * Retry-After and never retries 503, and its calls would bypass our limiter,
 * whose point is that one 429 slows the whole queue; its engines field asks
 * for Node 22 while VS Code's extension host and our CLI run on Node 20; and
 * its token would not come through our broker's retry-after-refresh path.
 * Nothing imports it at run time, so it is a devDependency (issue 13): a
 * production install is 19 packages and 18.2 MB smaller, the bundles are
 * unchanged by it (figures and the reasoning in docs/architecture.md).
 */
import { AclEntry, AclState } from '../access/types';
import { JobDetails, JobRun, RawJobDetails, RawRun, toJobDetails, toRun } from './jobRuns';
import { AuthorizedHttp } from './authorizedHttp';
import { WorkspaceApiError, readErrorBody } from './apiError';
import { describeShape, idOf, invalidAnswer, isRecord, listField, optionalString } from './answerShape';
import { Priority, RequestLimiter } from './limiter';

export interface ClusterSummary {
  readonly id: string;
  readonly name: string;
  readonly state: string | undefined;
  readonly dataSecurityMode: string | undefined;
  readonly singleUserName: string | undefined;
  readonly creator: string | undefined;
}

export interface JobSummary {
  readonly id: string;
  readonly name: string;
  readonly creator: string | undefined;
}

interface RawCluster {
  cluster_id?: string;
  cluster_name?: string;
  state?: string;
  data_security_mode?: string;
  single_user_name?: string;
  creator_user_name?: string;
}
interface RawJob {
  job_id?: number | string;
  settings?: { name?: string };
  creator_user_name?: string;
}
interface RawAcl {
  access_control_list?: {
    user_name?: string;
    group_name?: string;
    service_principal_name?: string;
    all_permissions?: { permission_level?: string; inherited?: boolean; inherited_from_object?: string[] | string }[];
  }[];
}

export class WorkspaceClient {
  constructor(
    readonly host: string,
    private readonly call: AuthorizedHttp,
    private readonly limiter: RequestLimiter,
    /** Permission reads, which Databricks limits apart from other endpoints. */
    private readonly aclLimiter: RequestLimiter = limiter,
  ) {}

  private get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  private async send<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const json = body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    const response = await this.limiter.run(() => this.call({ method, path, ...json }));
    if (response.status < 200 || response.status >= 300) throw new WorkspaceApiError(this.host, path, readErrorBody(response));
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw new WorkspaceApiError(this.host, path, { status: response.status, errorCode: 'INVALID_RESPONSE', message: 'The answer was not JSON. A proxy or gateway may be in the way.' });
    }
  }

  /** Every cluster, page by page; `onPage` lets a view show the first page while the rest load. */
  async listClusters(onPage?: (page: readonly ClusterSummary[]) => void): Promise<ClusterSummary[]> {
    const all: ClusterSummary[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const query = new URLSearchParams({ page_size: '100' });
      if (token) query.set('page_token', token);
      const path = `/api/2.1/clusters/list?${query}`;
      const page = await this.get<unknown>(path);
      const items = listField(this.host, path, page, 'clusters', 'The cluster list').map((c, index) => {
        const raw = (isRecord(c) ? c : {}) as RawCluster;
        // A cluster without its id cannot be checked or named: say so rather than leave it out.
        if (typeof raw.cluster_id !== 'string' || raw.cluster_id === '') throw invalidAnswer(this.host, path, `The cluster list has an entry without cluster_id (entry ${index}: ${describeShape(c)}).`);
        return {
          id: raw.cluster_id,
          name: raw.cluster_name ?? raw.cluster_id,
          state: raw.state,
          dataSecurityMode: raw.data_security_mode,
          singleUserName: raw.single_user_name,
          creator: raw.creator_user_name,
        };
      });
      all.push(...items);
      onPage?.(items);
      token = optionalString(this.host, path, page as Record<string, unknown>, 'next_page_token', 'The cluster list');
      // A server that hands out the same token twice would page forever; stopping there would hide the rest.
      if (token && seen.has(token)) throw invalidAnswer(this.host, path, 'The cluster list handed out the same next_page_token twice, so the list is incomplete.');
      if (token) seen.add(token);
    } while (token);
    return all;
  }

  async listJobs(onPage?: (page: readonly JobSummary[]) => void): Promise<JobSummary[]> {
    const all: JobSummary[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const query = new URLSearchParams({ limit: '100' });
      if (token) query.set('page_token', token);
      const path = `/api/2.2/jobs/list?${query}`;
      const page = await this.get<unknown>(path);
      const items = listField(this.host, path, page, 'jobs', 'The job list').map((j, index) => {
        const raw = (isRecord(j) ? j : {}) as RawJob;
        const id = idOf(raw.job_id);
        if (id === undefined) throw invalidAnswer(this.host, path, `The job list has an entry without a usable job_id (entry ${index}: ${describeShape(j)}).`);
        return { id, name: raw.settings?.name ?? `Job ${id}`, creator: raw.creator_user_name };
      });
      all.push(...items);
      onPage?.(items);
      const body = page as { has_more?: unknown };
      token = optionalString(this.host, path, page as Record<string, unknown>, 'next_page_token', 'The job list');
      // 2.2 says has_more; a page token without it still means another page (and the reverse is an incomplete list).
      if (body.has_more === true && !token) throw invalidAnswer(this.host, path, 'The job list says has_more but gives no next_page_token, so the list is incomplete.');
      if (body.has_more === false) token = undefined;
      if (!token) break;
      if (seen.has(token)) throw invalidAnswer(this.host, path, 'The job list handed out the same next_page_token twice, so the list is incomplete.');
      seen.add(token);
    }
    return all;
  }

  /** The ACL of one object: readable, unreadable (403), or not found. Other failures throw. */
  async permissions(kind: 'cluster' | 'job', id: string, priority: Priority = 'visible'): Promise<AclState> {
    const path = `/api/2.0/permissions/${kind === 'cluster' ? 'clusters' : 'jobs'}/${encodeURIComponent(id)}`;
    const response = await this.aclLimiter.run(() => this.call({ method: 'GET', path }), priority);
    if (response.status === 200) {
      try {
        return { state: 'readable', entries: toEntries(JSON.parse(response.body) as RawAcl) };
      } catch {
        return { state: 'unreadable', reason: 'the permissions answer was not JSON' };
      }
    }
    const body = readErrorBody(response);
    if (response.status === 404 || body.errorCode === 'RESOURCE_DOES_NOT_EXIST' || (response.status === 400 && body.errorCode === 'INVALID_PARAMETER_VALUE')) return { state: 'notFound' };
    if (response.status === 403) return { state: 'unreadable', reason: `HTTP 403${body.errorCode ? ` ${body.errorCode}` : ''}: ${body.message}` };
    throw new WorkspaceApiError(this.host, path, body);
  }

  /** One job with who its runs run as (jobs/get: `run_as_user_name`, `settings.run_as`). */
  async getJob(jobId: string): Promise<JobDetails> {
    return toJobDetails(await this.get<RawJobDetails>(`/api/2.2/jobs/get?${new URLSearchParams({ job_id: jobId })}`), jobId);
  }

  /**
   * Starts a run now (needs CAN_MANAGE_RUN). The idempotency token makes the
   * limiter's retry after a 429 or 503 safe: the workspace starts one run per token.
   */
  async runNow(jobId: string, idempotencyToken: string): Promise<{ runId: string }> {
    const answer = await this.send<unknown>('POST', '/api/2.2/jobs/run-now', { job_id: Number(jobId), idempotency_token: idempotencyToken });
    const runId = isRecord(answer) ? idOf(answer.run_id) : undefined;
    // Without the run's id the run cannot be followed: waiting on run "" would report a failure that is not one.
    if (runId === undefined) throw invalidAnswer(this.host, '/api/2.2/jobs/run-now', `run-now answered without a usable run_id (${describeShape(answer)}); the run may have started: look at the job's runs in the workspace.`);
    return { runId };
  }

  async getRun(runId: string): Promise<JobRun> {
    return toRun(await this.get<RawRun>(`/api/2.2/jobs/runs/get?${new URLSearchParams({ run_id: runId })}`));
  }

  /** A job's most recent runs, newest first (at most 25, the API's page limit). */
  async listRuns(jobId: string, limit = 10): Promise<JobRun[]> {
    const query = new URLSearchParams({ job_id: jobId, limit: String(Math.min(Math.max(limit, 1), 25)) });
    const path = `/api/2.2/jobs/runs/list?${query}`;
    return listField(this.host, path, await this.get<unknown>(path), 'runs', 'The run list').map((run) => toRun((isRecord(run) ? run : {}) as RawRun));
  }
}

function toEntries(raw: RawAcl): AclEntry[] {
  const entries: AclEntry[] = [];
  for (const item of raw.access_control_list ?? []) {
    const principal = item.user_name ? `user:${item.user_name}` : item.group_name ? `group:${item.group_name}` : item.service_principal_name ? `servicePrincipal:${item.service_principal_name}` : undefined;
    if (!principal) continue;
    const permissions = (item.all_permissions ?? [])
      .filter((p) => typeof p.permission_level === 'string')
      .map((p) => {
        const from = Array.isArray(p.inherited_from_object) ? p.inherited_from_object[0] : p.inherited_from_object;
        return { level: p.permission_level as string, inherited: p.inherited === true, inheritedFrom: p.inherited ? (from ?? null) : null };
      });
    entries.push({ principal, permissions });
  }
  return entries;
}
