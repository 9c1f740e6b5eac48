/**
 * Reads what the access map needs from one workspace: the objects of each kind
 * with every page, and the permissions of each object, where the kind table
 * (access/kinds.ts) says; and a job's runs.
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
import { KindRow, ObjectKind, kindRow } from '../access/levels';
import type { KindPermissionsId } from '../access/kinds';
import { AclState } from '../access/types';
import { AclEntries } from './aclEntries';
import { JobDetails, JobRun, toJobDetails, toRun } from './jobRuns';
import type { AclAnswer, JobDetailsAnswer, RunAnswer, RunNowAnswer } from './apiModels';
import { AuthorizedHttp } from './authorizedHttp';
import type { HttpResponse } from '../net/httpsClient';
import { callJson } from './jsonCall';
import { WorkspaceApiError, readErrorBody } from './apiError';
import { describeShape, idOf, invalidAnswer, isRecord, listField, optionalString } from './answerShape';
import { ObjectSummary, toSummary } from './summaries';
import { Priority, RequestLimiter } from './limiter';
import { WorkspaceObjectInfo, folderObjects, objectAtPath } from './workspaceTree';

export type { ObjectSummary } from './summaries';

export interface ClusterSummary extends ObjectSummary {
  readonly id: string;
  readonly name: string;
  readonly state: string | undefined;
  readonly dataSecurityMode: string | undefined;
  readonly singleUserName: string | undefined;
  readonly creator: string | undefined;
}

export interface JobSummary extends ObjectSummary {
  readonly id: string;
  readonly name: string;
  readonly creator: string | undefined;
}

export class WorkspaceClient {
  /** Identical ACL entries shared across objects (aclEntries.ts): most of a big workspace's ACL memory. */
  private readonly aclEntries = new AclEntries();

  constructor(
    readonly host: string,
    private readonly call: AuthorizedHttp,
    private readonly limiter: RequestLimiter,
    /** Permission reads, which Databricks limits apart from other endpoints. */
    private readonly aclLimiter: RequestLimiter = limiter,
  ) {}

  /**
   * Opens connections for the permission reads a list page brings, as many as run at once, while
   * the page is in flight (docs/architecture.md "First screen").
   */
  preconnectForAcls(): void {
    this.call.preconnect?.(this.aclLimiter.concurrency);
  }

  private get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  /** A GET through the read limiter whose status the caller judges (where a 403 means "unknown", not a failure). */
  rawGet(path: string): Promise<HttpResponse> {
    return this.limiter.run(() => this.call({ method: 'GET', path }));
  }

  private send<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const json = body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    return callJson<T>((request) => this.limiter.run(() => this.call(request)), this.host, { method, path, ...json });
  }

  /**
   * Every object of a kind, page by page, as its row in the kind table says (endpoint, paging,
   * id and name fields); `onPage` lets a view show the first page while the rest load.
   */
  async list(kind: ObjectKind, onPage?: (page: readonly ObjectSummary[]) => void): Promise<ObjectSummary[]> {
    const row = kindRow(kind);
    // There is no list of every notebook: asking workspace/list without a folder would fail with a less clear error.
    if (row.list.folderObjectType) throw new Error(`${row.plural} are listed one folder at a time (listFolder), not over the whole workspace.`);
    const what = `The ${row.name} list`;
    const all: ObjectSummary[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const { path, page } = await this.listPage(row, token);
      const items = listField(this.host, path, page, row.list.field, what).map((entry, index) => toSummary(row, entry, () => invalidAnswer(this.host, path, `${what} has an entry without ${row.idType === 'string' ? row.idField : `a usable ${row.idField}`} (entry ${index}: ${describeShape(entry)}).`)));
      all.push(...items);
      onPage?.(items);
      if (row.list.paging === 'none') return all;
      token = optionalString(this.host, path, page as Record<string, unknown>, 'next_page_token', what);
      if (row.list.paging === 'hasMore') {
        const hasMore = (page as { has_more?: unknown }).has_more;
        // has_more says whether a page follows; a page token without it still means another page (and the reverse is an incomplete list).
        if (hasMore === true && !token) throw invalidAnswer(this.host, path, `${what} says has_more but gives no next_page_token, so the list is incomplete.`);
        if (hasMore === false) token = undefined;
      }
      if (!token) return all;
      // A server that hands out the same token twice would page forever; stopping there would hide the rest.
      if (seen.has(token)) throw invalidAnswer(this.host, path, `${what} handed out the same next_page_token twice, so the list is incomplete.`);
      seen.add(token);
    }
  }

  /** One page of a kind's list: GET with the size and token in the query, POST with them in a JSON body, or the whole list at once. */
  private async listPage(row: KindRow, token: string | undefined): Promise<{ path: string; page: unknown }> {
    const { list } = row;
    if (list.paging === 'none') return { path: list.path, page: await this.get<unknown>(list.path) };
    const paging: Record<string, string | number> = { [list.sizeParam]: list.pageSize, ...(token ? { page_token: token } : {}) };
    if (list.method === 'POST') return { path: list.path, page: await this.send<unknown>('POST', list.path, paging) };
    const path = `${list.path}?${new URLSearchParams(Object.entries(paging).map(([k, v]) => [k, String(v)] as [string, string]))}`;
    return { path, page: await this.get<unknown>(path) };
  }

  listClusters(onPage?: (page: readonly ClusterSummary[]) => void): Promise<ClusterSummary[]> {
    return this.list('cluster', onPage as (page: readonly ObjectSummary[]) => void) as Promise<ClusterSummary[]>;
  }

  listJobs(onPage?: (page: readonly JobSummary[]) => void): Promise<JobSummary[]> {
    return this.list('job', onPage);
  }

  /** The notebooks, folders, Git folders (and other objects) directly in one workspace folder. */
  listFolder(folder: string): Promise<WorkspaceObjectInfo[]> {
    return folderObjects((path) => this.get<unknown>(path), this.host, folder);
  }

  /** The object at a workspace path, or undefined when nothing is there. */
  objectAt(objectPath: string): Promise<WorkspaceObjectInfo | undefined> {
    return objectAtPath((path) => this.get<unknown>(path), this.host, objectPath);
  }

  /** The ACL of one object: readable, unreadable (403), or not found. Other failures throw. */
  async permissions(kind: ObjectKind, listedId: string, priority: Priority = 'visible'): Promise<AclState> {
    const row = kindRow(kind);
    const id = row.permissionsId ? await this.permissionsIdOf(row.permissionsId, listedId, priority) : { id: listedId };
    if (!('id' in id)) return id;
    const path = `/api/2.0/permissions/${row.permissionsPath}/${encodeURIComponent(id.id)}`;
    const response = await this.aclLimiter.run(() => this.call({ method: 'GET', path }), priority);
    if (response.status === 200) {
      try {
        return this.aclEntries.readable(JSON.parse(response.body) as AclAnswer);
      } catch {
        return { state: 'unreadable', reason: 'the permissions answer was not JSON' };
      }
    }
    return aclFailure(this.host, path, response);
  }

  /**
   * The id the permissions API wants for an object listed under another (a registry model's name):
   * its lookup's answer, or the ACL state a failed lookup stands for.
   */
  private async permissionsIdOf(lookup: KindPermissionsId, listedId: string, priority: Priority): Promise<{ id: string } | AclState> {
    const path = `${lookup.path}?${new URLSearchParams({ [lookup.param]: listedId })}`;
    const response = await this.aclLimiter.run(() => this.call({ method: 'GET', path }), priority);
    if (response.status !== 200) return aclFailure(this.host, path, response);
    let value: unknown;
    try {
      value = lookup.field.reduce<unknown>((at, key) => (isRecord(at) ? at[key] : undefined), JSON.parse(response.body));
    } catch {
      value = undefined;
    }
    const id = idOf(value);
    // Without the id the ACL cannot be read: say so rather than guess a verdict.
    return id === undefined ? { state: 'unreadable', reason: `${lookup.path} answered without ${lookup.field.join('.')}` } : { id };
  }

  /** One job with who its runs run as (jobs/get: `run_as_user_name`, `settings.run_as`). */
  async getJob(jobId: string): Promise<JobDetails> {
    return toJobDetails(await this.get<JobDetailsAnswer>(`/api/2.2/jobs/get?${new URLSearchParams({ job_id: jobId })}`), jobId);
  }

  /**
   * Starts a run now (needs CAN_MANAGE_RUN). The idempotency token makes the
   * limiter's retry after a 429 or 503 safe: the workspace starts one run per token.
   */
  async runNow(jobId: string, idempotencyToken: string): Promise<{ runId: string }> {
    const answer = await this.send<RunNowAnswer>('POST', '/api/2.2/jobs/run-now', { job_id: Number(jobId), idempotency_token: idempotencyToken });
    const runId = isRecord(answer) ? idOf(answer.run_id) : undefined;
    // Without the run's id the run cannot be followed: waiting on run "" would report a failure that is not one.
    if (runId === undefined) throw invalidAnswer(this.host, '/api/2.2/jobs/run-now', `run-now answered without a usable run_id (${describeShape(answer)}); the run may have started: look at the job's runs in the workspace.`);
    return { runId };
  }

  async getRun(runId: string): Promise<JobRun> {
    return toRun(await this.get<RunAnswer>(`/api/2.2/jobs/runs/get?${new URLSearchParams({ run_id: runId })}`));
  }

  /** A job's most recent runs, newest first (at most 25, the API's page limit). */
  async listRuns(jobId: string, limit = 10): Promise<JobRun[]> {
    const query = new URLSearchParams({ job_id: jobId, limit: String(Math.min(Math.max(limit, 1), 25)) });
    const path = `/api/2.2/jobs/runs/list?${query}`;
    return listField(this.host, path, await this.get<unknown>(path), 'runs', 'The run list').map((run) => toRun((isRecord(run) ? run : {}) as RunAnswer));
  }
}

/** What a refused permissions read (or its id lookup) means: not found, unreadable (403), or an error to throw. */
function aclFailure(host: string, path: string, response: Parameters<typeof readErrorBody>[0]): AclState {
  const body = readErrorBody(response);
  if (response.status === 404 || body.errorCode === 'RESOURCE_DOES_NOT_EXIST' || (response.status === 400 && body.errorCode === 'INVALID_PARAMETER_VALUE')) return { state: 'notFound' };
  if (response.status === 403) return { state: 'unreadable', reason: `HTTP 403${body.errorCode ? ` ${body.errorCode}` : ''}: ${body.message}` };
  throw new WorkspaceApiError(host, path, body);
}
