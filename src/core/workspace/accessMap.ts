/**
 * The access map of one workspace for one account: who you are (both sides),
 * the clusters and jobs, and the verdict per object and action. Lists and
 * ACLs are cached for a TTL and refreshed on demand; permissions are fetched
 * for what is asked first (the visible objects), the rest later.
 */
import { ACTIONS, Action, Subject, Verdict, evaluate, highest, ObjectKind } from '../access';
import { AccessObject, AclState } from '../access/types';
import { decodeJwt } from '../tokens/jwt';
import { Core } from '../services';
import { GroupDirectory } from './directory';
import { WorkspaceGroup, resolveGroups } from './groups';
import { RequestLimiter } from './limiter';
import { ScimMe, getMe } from './scim';
import { ClusterSummary, JobSummary, WorkspaceClient } from './workspaceClient';

export interface ObjectRow {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
  readonly level: string | null;
  readonly via: string | null;
  readonly verdicts: Record<string, Verdict>;
}

export interface Identity {
  readonly me: ScimMe;
  readonly groups: readonly WorkspaceGroup[];
  readonly entraGroupIds: readonly string[];
  readonly subject: Subject;
}

interface Cached<T> {
  readonly value: Promise<T>;
  readonly at: number;
}

export interface AccessMapOptions {
  readonly ttlMs?: number;
  readonly now?: () => number;
  readonly limiter?: RequestLimiter;
}

export class AccessMap {
  readonly client: WorkspaceClient;
  private readonly directory: GroupDirectory;
  private identity: Cached<Identity> | undefined;
  private readonly lists = new Map<ObjectKind, Cached<readonly (ClusterSummary | JobSummary)[]>>();
  private readonly acls = new Map<string, Cached<AclState>>();
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(
    private readonly core: Core,
    readonly host: string,
    private readonly accountId: string,
    options: AccessMapOptions = {},
  ) {
    // 50 at a time, as the official Databricks extension checks cluster permissions; the rate cap does the pacing.
    const limiter = options.limiter ?? new RequestLimiter({ maxConcurrent: 50, requestsPerSecond: core.config.maxRequestsPerSecond });
    const call = core.workspaceHttp(host, accountId);
    this.client = new WorkspaceClient(host, call, limiter);
    this.directory = new GroupDirectory(call, limiter);
    this.ttl = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The cached entry while fresh, else a new load; `forget` drops a failed load so the next ask tries again. */
  private cached<T>(entry: Cached<T> | undefined, load: () => Promise<T>, force: boolean, forget: (failed: Cached<T>) => void): Cached<T> {
    if (entry && !force && this.now() - entry.at < this.ttl) return entry;
    const fresh: Cached<T> = { value: load(), at: this.now() };
    fresh.value.catch(() => forget(fresh));
    return fresh;
  }

  /** Forgets one object's ACL, so its verdicts are read again. */
  forgetObject(kind: ObjectKind, id: string): void {
    this.acls.delete(`${kind}:${id}`);
  }

  /** Drops everything cached, so the next reads go to the workspace. */
  invalidate(): void {
    this.identity = undefined;
    this.lists.clear();
    this.acls.clear();
  }

  async whoami(force = false): Promise<Identity> {
    this.identity = this.cached(this.identity, () => this.loadIdentity(), force, (failed) => {
      if (this.identity === failed) this.identity = undefined;
    });
    return this.identity.value;
  }

  private async loadIdentity(): Promise<Identity> {
    const call = this.core.workspaceHttp(this.host, this.accountId);
    const me = await getMe(call, this.host);
    const groups = await resolveGroups(call, this.host, me);
    const entra = await this.core.session.acquireSilent(this.accountId, this.core.signInScopes);
    const claims = decodeJwt(entra.accessToken);
    const entraGroupIds = Array.isArray(claims.groups) ? claims.groups.filter((g): g is string => typeof g === 'string') : [];
    for (const g of groups) this.directory.remember({ displayName: g.displayName, externalId: g.externalId });
    const subject: Subject = {
      userName: me.userName,
      groups: groups.map((g) => ({ id: g.id, displayName: g.displayName, externalId: g.externalId, path: g.path })),
      entraGroupIds,
      // SCIM Me lists only direct entitlements, and groups usually carry workspace-access: unknown unless direct.
      entitlements: me.entitlements.includes('workspace-access') ? me.entitlements : undefined,
    };
    return { me, groups, entraGroupIds, subject };
  }

  async list(kind: ObjectKind, force = false): Promise<readonly (ClusterSummary | JobSummary)[]> {
    const entry = this.cached(this.lists.get(kind), () => (kind === 'cluster' ? this.client.listClusters() : this.client.listJobs()), force, (failed) => {
      if (this.lists.get(kind) === failed) this.lists.delete(kind);
    });
    this.lists.set(kind, entry);
    return entry.value;
  }

  private acl(kind: ObjectKind, id: string, force: boolean): Promise<AclState> {
    const key = `${kind}:${id}`;
    const entry = this.cached(this.acls.get(key), () => this.client.permissions(kind, id), force, (failed) => {
      if (this.acls.get(key) === failed) this.acls.delete(key);
    });
    this.acls.set(key, entry);
    return entry.value;
  }

  /** Verdicts for every action on one object. */
  async row(kind: ObjectKind, summary: ClusterSummary | JobSummary, force = false): Promise<ObjectRow> {
    const [identity, acl] = await Promise.all([this.whoami(), this.acl(kind, summary.id, force)]);
    if (acl.state === 'readable') await this.directory.prefetch(acl.entries.filter((e) => e.principal.startsWith('group:')).map((e) => e.principal.slice('group:'.length)));
    const object: AccessObject = {
      kind,
      id: summary.id,
      name: summary.name,
      acl,
      host: this.host,
      ...('dataSecurityMode' in summary ? { dataSecurityMode: summary.dataSecurityMode, singleUserName: summary.singleUserName } : {}),
    };
    const verdicts: Record<string, Verdict> = {};
    for (const action of ACTIONS[kind]) verdicts[action] = evaluate(identity.subject, object, action, this.directory.lookup);
    const any = Object.values(verdicts)[0];
    const level = any?.granted ?? null;
    const grant = any?.grants.find((g) => g.level === level);
    const via = grant ? (grant.principal.startsWith('group:') ? grant.principal.slice('group:'.length) : 'a direct grant') : null;
    return { kind, id: summary.id, name: summary.name, level: highest(kind, level ? [level] : []), via, verdicts };
  }

  /** The full explanation for one object and action; an id that is not listed is NOT_FOUND. */
  async why(kind: ObjectKind, id: string, action: Action): Promise<Verdict> {
    const summary = (await this.list(kind)).find((o) => o.id === id);
    if (!summary) {
      const identity = await this.whoami();
      return evaluate(identity.subject, { kind, id, name: id, acl: { state: 'notFound' }, host: this.host }, action, this.directory.lookup);
    }
    const row = await this.row(kind, summary);
    const verdict = row.verdicts[action];
    if (!verdict) throw new Error(`${action} is not an action on a ${kind}`);
    return verdict;
  }
}
