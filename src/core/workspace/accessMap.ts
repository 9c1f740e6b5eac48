/**
 * The access map of one workspace for one account: who you are (both sides),
 * the clusters and jobs, and the verdict per object and action. Lists, ACLs
 * and the rows built from them are cached for a TTL and refreshed on demand,
 * so a warm reopen reads no network and evaluates nothing again. Permissions
 * are fetched for what is asked first (the visible objects, at the limiter's
 * `visible` priority); `fillIn` reads the rest behind them.
 */
import { ACTIONS, Action, Subject, Verdict, evaluate, highest, ObjectKind } from '../access';
import { AccessObject, AclState, IdpGroups } from '../access/types';
import { claimValues } from '../identity/provider';
import { Logger } from '../log';
import { decodeJwt } from '../tokens/jwt';
import { AuthorizedHttp } from './authorizedHttp';
import { GroupDirectory } from './directory';
import { WorkspaceGroup, resolveGroups } from './groups';
import { Priority, RequestLimiter, throughLimiter } from './limiter';
import { ScimMe, getMe } from './scim';
import { ClusterSummary, JobSummary, WorkspaceClient } from './workspaceClient';

export interface ObjectRow {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
  readonly level: string | null;
  readonly via: string | null;
  /** Per action: allowed (true, false, or null when unknown) and the first blocker's code. Kept for every object. */
  readonly allowed: Readonly<Record<string, boolean | null>>;
  readonly blocker: Readonly<Record<string, string | undefined>>;
  /** The full verdict per action, built again when first read (only the objects someone looks at need it). */
  readonly verdicts: Readonly<Record<string, Verdict>>;
}

export interface Identity {
  readonly me: ScimMe;
  readonly groups: readonly WorkspaceGroup[];
  readonly entraGroupIds: readonly string[];
  /** Where `entraGroupIds` came from, or why they are unknown. */
  readonly idpGroups: IdpGroups;
  readonly subject: Subject;
}

interface Cached<T> {
  readonly value: Promise<T>;
  readonly at: number;
}

/** What the map needs of the core (the Core of services.ts has it): the workspace calls and your groups claim. */
export interface AccessMapCore {
  readonly config: { readonly maxRequestsPerSecond: number; readonly identityProvider?: 'entra' | 'oidc' };
  readonly signInScopes: readonly string[];
  readonly session: { acquireSilent(accountId: string, scopes: readonly string[]): Promise<{ readonly accessToken: string; readonly groups?: readonly string[] }> };
  workspaceHttp(host: string, accountId: string): AuthorizedHttp;
  /** Your provider groups from wherever they are (services.ts); without it, the access token's claim. */
  idpGroups?(accountId: string): Promise<IdpGroups>;
  /** Where reads that fall back (say, nested groups through the SCIM walk) say why. */
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
}

/** How far `fillIn` has come for one kind: `done` of `total` objects have their verdicts (or failed). */
export interface FillProgress {
  readonly kind: ObjectKind;
  readonly done: number;
  readonly total: number;
  /** The fill stopped before the end: the map was invalidated or a newer list replaced it. */
  readonly cancelled?: boolean;
}

type Summary = ClusterSummary | JobSummary;

/** A list of clusters or jobs as it loads, page by page. */
export interface Listing extends Cached<readonly Summary[]> {
  /** The objects read so far; the whole list once `complete`. */
  readonly items: readonly Summary[];
  readonly complete: boolean;
  /** Settles when the first page is in (or the list failed: then `value` says why). */
  readonly firstPage: Promise<void>;
  onPage(listener: () => void): { dispose(): void };
}

interface Fill {
  readonly list: readonly Summary[];
  done: number;
  /** Settles with the last progress: every row read, or cancelled. */
  readonly ended: Promise<FillProgress>;
  end(progress: FillProgress): void;
}

interface MemoRow {
  readonly identity: Cached<Identity>;
  readonly acl: Cached<AclState>;
  readonly row: Promise<ObjectRow>;
  settled?: ObjectRow;
}

/** How many objects the background fill keeps in flight: enough to keep the limiter's rate busy. */
const FILL_WINDOW = 64;

export interface AccessMapOptions {
  /** How long identity and lists stay fresh; default 5 minutes. */
  readonly ttlMs?: number;
  /**
   * How long an ACL stays fresh; default 15 minutes. Longer than the lists: a view that is looked
   * at again re-reads its list, but the thousands of permission reads behind it (the background
   * fill) are not repeated every few minutes on a workspace whose limit all its users share.
   * Refresh and Refresh Item read them again at once.
   */
  readonly aclTtlMs?: number;
  readonly now?: () => number;
  readonly limiter?: RequestLimiter;
  /**
   * Whether the workspace hides clusters and jobs you hold no level on (visibility control, the
   * Databricks default since December 2020, which admins can turn off). Only when true does an
   * object's being listed to you prove the lowest level over a refused or cut-down ACL. Default: not known.
   */
  readonly visibilityControl?: boolean;
}

export class AccessMap {
  readonly client: WorkspaceClient;
  private readonly directory: GroupDirectory;
  private identity: Cached<Identity> | undefined;
  private readonly lists = new Map<ObjectKind, Listing>();
  private readonly acls = new Map<string, Cached<AclState>>();
  private readonly rows = new Map<string, MemoRow>();
  private readonly fills = new Map<ObjectKind, Fill>();
  private readonly fillListeners = new Set<(progress: FillProgress) => void>();
  private readonly ttl: number;
  private readonly aclTtl: number;
  /** The limiters this map made (not one handed in): invalidate cancels what waits in them. */
  private readonly ownLimiters: readonly RequestLimiter[];
  private readonly now: () => number;
  private readonly visibilityControl: boolean | undefined;
  /** The budget of everything but permission reads: lists and SCIM. */
  private readonly readLimiter: RequestLimiter;

  constructor(
    private readonly core: AccessMapCore,
    readonly host: string,
    readonly accountId: string,
    options: AccessMapOptions = {},
  ) {
    // 50 at a time, as the official Databricks extension checks cluster permissions; the rate cap does the pacing.
    const limiter = options.limiter ?? new RequestLimiter({ maxConcurrent: 50, requestsPerSecond: core.config.maxRequestsPerSecond });
    // Databricks limits each endpoint on its own (about 100/s on permissions): permission reads get
    // their own budget, so list pages and SCIM lookups never eat into the one that bounds the tree.
    const aclLimiter = options.limiter ?? new RequestLimiter({ maxConcurrent: 50, requestsPerSecond: core.config.maxRequestsPerSecond });
    const call = core.workspaceHttp(host, accountId);
    this.client = new WorkspaceClient(host, call, limiter, aclLimiter);
    this.readLimiter = limiter;
    this.ownLimiters = options.limiter ? [] : [limiter, aclLimiter];
    this.directory = new GroupDirectory(call, limiter);
    this.ttl = options.ttlMs ?? 5 * 60_000;
    this.aclTtl = options.aclTtlMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
    this.visibilityControl = options.visibilityControl;
  }

  /** The cached entry while fresh, else a new load; `forget` drops a failed load so the next ask tries again. */
  private cached<T>(entry: Cached<T> | undefined, load: () => Promise<T>, force: boolean, forget: (failed: Cached<T>) => void, ttl = this.ttl): Cached<T> {
    if (entry && !force && this.now() - entry.at < ttl) return entry;
    const fresh: Cached<T> = { value: load(), at: this.now() };
    fresh.value.catch(() => forget(fresh));
    return fresh;
  }

  /** Forgets one object's ACL, so its verdicts are read again. */
  forgetObject(kind: ObjectKind, id: string): void {
    this.acls.delete(`${kind}:${id}`);
    this.rows.delete(`${kind}:${id}`);
  }

  /** Drops everything cached, so the next reads go to the workspace; requests not yet started are given up. */
  invalidate(): void {
    for (const limiter of this.ownLimiters) limiter.cancelPending();
    this.identity = undefined;
    this.lists.clear();
    this.acls.clear();
    this.rows.clear();
    for (const kind of [...this.fills.keys()]) this.cancelFill(kind);
  }

  private cancelFill(kind: ObjectKind): void {
    const fill = this.fills.get(kind);
    if (!fill) return;
    this.fills.delete(kind);
    if (fill.done < fill.list.length) {
      const progress: FillProgress = { kind, done: fill.done, total: fill.list.length, cancelled: true };
      for (const listener of this.fillListeners) listener(progress);
      fill.end(progress);
    }
  }

  async whoami(force = false): Promise<Identity> {
    this.identity = this.cached(this.identity, () => this.loadIdentity(), force, (failed) => {
      if (this.identity === failed) this.identity = undefined;
    });
    return this.identity.value;
  }

  private async loadIdentity(): Promise<Identity> {
    const call = throughLimiter(this.core.workspaceHttp(this.host, this.accountId), this.readLimiter);
    const idpLoad = this.loadIdpGroups();
    idpLoad.catch(() => undefined); // awaited below, after the workspace calls
    const me = await getMe(call, this.host);
    const entraGroupIds = idpLoad.then((known) => (known.state === 'known' ? [...known.ids] : []));
    // Your groups (details 24 at a time: most users' in one round trip) and the workspace twins of
    // your provider groups, at the same time.
    const [groups, providerGroupIds] = await Promise.all([resolveGroups(call, this.host, me, { concurrency: 24, logger: this.core.logger }), entraGroupIds.then(async (ids) => (await this.directory.learnTwins(ids), ids))]);
    for (const g of groups) this.directory.remember({ displayName: g.displayName, externalId: g.externalId });
    const idpGroups = await idpLoad;
    const subject: Subject = {
      userName: me.userName,
      groups: groups.map((g) => ({ id: g.id, displayName: g.displayName, externalId: g.externalId, path: g.path })),
      entraGroupIds: providerGroupIds,
      idpGroups,
      provider: this.core.config.identityProvider ?? 'entra',
      // SCIM Me lists only direct entitlements, and groups usually carry workspace-access: unknown unless direct.
      entitlements: me.entitlements.includes('workspace-access') ? me.entitlements : undefined,
    };
    return { me, groups, entraGroupIds: providerGroupIds, idpGroups, subject };
  }

  private async loadIdpGroups(): Promise<IdpGroups> {
    if (this.core.idpGroups) return this.core.idpGroups(this.accountId);
    // A core without the resolver: the identity provider's configured group claim (accessLens.groupsClaim), a bare token's `groups`.
    const entra = await this.core.session.acquireSilent(this.accountId, this.core.signInScopes);
    return { state: 'known', ids: entra.groups ? [...entra.groups] : claimValues(decodeJwt(entra.accessToken), 'groups'), source: 'access-token' };
  }

  /** Every object of a kind, once all pages are read. */
  list(kind: ObjectKind, force = false): Promise<readonly Summary[]> {
    return this.listing(kind, force).value;
  }

  /**
   * The listing of a kind as it loads: `items` grows page by page (a view shows the first page
   * at once), `firstPage` settles with the first page, `value` with the whole list.
   */
  listing(kind: ObjectKind, force = false): Listing {
    const current = this.lists.get(kind);
    if (current && !force && this.now() - current.at < this.ttl) return current;
    const items: Summary[] = [];
    const pageListeners = new Set<() => void>();
    let firstPageSeen: () => void = () => undefined;
    const firstPage = new Promise<void>((resolve) => (firstPageSeen = resolve));
    const onPage = (page: readonly Summary[]) => {
      items.push(...page);
      firstPageSeen();
      for (const listener of pageListeners) listener();
    };
    const value = this.client.list(kind, onPage);
    const entry: Listing = {
      at: this.now(),
      items,
      complete: false,
      value,
      firstPage: Promise.race([firstPage, value.then(() => undefined)]),
      onPage: (listener) => {
        pageListeners.add(listener);
        return { dispose: () => pageListeners.delete(listener) };
      },
    };
    entry.firstPage.catch(() => undefined); // a failure is reported through `value`
    value.then(
      () => ((entry as { complete: boolean }).complete = true),
      () => this.lists.get(kind) === entry && this.lists.delete(kind),
    );
    this.lists.set(kind, entry);
    return entry;
  }

  private acl(kind: ObjectKind, id: string, force: boolean, priority: Priority): Promise<AclState> {
    const key = `${kind}:${id}`;
    const entry = this.cached(
      this.acls.get(key),
      () => this.client.permissions(kind, id, priority),
      force,
      (failed) => {
        if (this.acls.get(key) === failed) this.acls.delete(key);
      },
      this.aclTtl,
    );
    this.acls.set(key, entry);
    return entry.value;
  }

  /**
   * Verdicts for every action on one object. Built once per identity and ACL: while both are
   * fresh the same row comes back without evaluating again (a warm reopen of the tree).
   */
  async row(kind: ObjectKind, summary: ClusterSummary | JobSummary, force = false, priority: Priority = 'visible'): Promise<ObjectRow> {
    const key = `${kind}:${summary.id}`;
    const identity = this.whoami();
    const acl = this.acl(kind, summary.id, force, priority);
    const identityEntry = this.identity;
    const aclEntry = this.acls.get(key);
    const memo = this.rows.get(key);
    if (memo && memo.identity === identityEntry && memo.acl === aclEntry) {
      // Both are the memo's own settled loads; a reload that failed is reported by whoever awaits it.
      identity.catch(() => undefined);
      acl.catch(() => undefined);
      return memo.row;
    }
    const row = this.buildRow(kind, summary, identity, acl, priority);
    if (identityEntry && aclEntry) {
      const fresh: MemoRow = { identity: identityEntry, acl: aclEntry, row };
      this.rows.set(key, fresh);
      row.then(
        (value) => (fresh.settled = value),
        () => this.rows.get(key) === fresh && this.rows.delete(key),
      );
    }
    return row;
  }

  /** The row already built for an object, if its identity and ACL are still fresh: no network, no waiting. */
  cachedRow(kind: ObjectKind, id: string): ObjectRow | undefined {
    const memo = this.rows.get(`${kind}:${id}`);
    if (!memo?.settled || memo.identity !== this.identity || memo.acl !== this.acls.get(`${kind}:${id}`)) return undefined;
    return this.now() - memo.acl.at < this.aclTtl && this.now() - memo.identity.at < this.ttl ? memo.settled : undefined;
  }

  private async buildRow(kind: ObjectKind, summary: ClusterSummary | JobSummary, identityLoad: Promise<Identity>, aclLoad: Promise<AclState>, priority: Priority): Promise<ObjectRow> {
    const [identity, acl] = await Promise.all([identityLoad, aclLoad]);
    // Partial syncs are found through the twins read with your identity; only when those are not
    // known are the ACL's groups looked up before the verdict.
    if (acl.state === 'readable' && !this.directory.twinsKnown) await this.directory.prefetch(aclGroups(acl), priority);
    const object: AccessObject = {
      kind,
      id: summary.id,
      name: summary.name,
      acl,
      host: this.host,
      // Every summary here came from clusters/list or jobs/list: evidence the model weighs over a
      // refused or cut-down ACL, and only where visibility control is known (completeness.ts).
      evidence: { listed: true, ...(this.visibilityControl === undefined ? {} : { visibilityControl: this.visibilityControl }) },
      ...('dataSecurityMode' in summary ? { dataSecurityMode: summary.dataSecurityMode, singleUserName: summary.singleUserName } : {}),
    };
    const evaluateAll = (): Record<string, Verdict> => {
      const all: Record<string, Verdict> = {};
      for (const action of ACTIONS[kind]) all[action] = evaluate(identity.subject, object, action, this.directory.lookup);
      return all;
    };
    const verdicts = evaluateAll();
    const any = Object.values(verdicts)[0];
    const level = any?.granted ?? null;
    const grant = any?.grants.find((g) => g.level === level);
    const via = grant ? (grant.principal.startsWith('group:') ? grant.principal.slice('group:'.length) : 'a direct grant') : null;
    const allowed: Record<string, boolean | null> = {};
    const blocker: Record<string, string | undefined> = {};
    for (const [action, verdict] of Object.entries(verdicts)) {
      allowed[action] = verdict.allowed;
      blocker[action] = verdict.blockers[0]?.code;
    }
    // Twelve thousand rows of full verdicts (grants, paths, messages) weigh tens of MB; the compact
    // fields serve the tree and `ls`, and the full verdicts come back (the same, from the same
    // inputs) for the few objects someone opens.
    let full: Record<string, Verdict> | undefined;
    return {
      kind,
      id: summary.id,
      name: summary.name,
      level: highest(kind, level ? [level] : []),
      via,
      allowed,
      blocker,
      get verdicts() {
        return (full ??= evaluateAll());
      },
    };
  }

  /**
   * Reads the verdicts of every object in `list` behind the visible ones, reporting progress to
   * `onFillProgress` listeners. It keeps at most `FILL_WINDOW` objects in flight, at background
   * priority: an object that the tree shows before the fill reaches it is asked for at visible
   * priority and the fill then finds its row ready. Calling it again for the same list is free.
   * Settles with the last progress, when every row is read or the fill is cancelled.
   */
  fillIn(kind: ObjectKind, list: readonly Summary[]): Promise<FillProgress> {
    const current = this.fills.get(kind);
    if (current?.list === list) return current.ended;
    this.cancelFill(kind);
    let end: (progress: FillProgress) => void = () => undefined;
    const ended = new Promise<FillProgress>((resolve) => (end = resolve));
    const fill: Fill = { list, done: 0, ended, end };
    this.fills.set(kind, fill);
    let next = 0;
    let inFlight = 0;
    const step = Math.max(1, Math.floor(list.length / 100));
    const report = () => {
      const progress: FillProgress = { kind, done: fill.done, total: list.length };
      for (const listener of this.fillListeners) listener(progress);
      if (fill.done === list.length) fill.end(progress);
    };
    const pump = () => {
      while (this.fills.get(kind) === fill && inFlight < FILL_WINDOW && next < list.length) {
        const summary = list[next++]!;
        inFlight++;
        const settled = () => {
          inFlight--;
          if (this.fills.get(kind) !== fill) return;
          fill.done++;
          // An event per object would be a storm: report every 1% and the last one.
          if (fill.done === list.length || fill.done % step === 0) report();
          pump();
        };
        this.row(kind, summary, false, 'background').then(settled, settled);
      }
    };
    report();
    pump();
    return ended;
  }

  onFillProgress(listener: (progress: FillProgress) => void): { dispose(): void } {
    this.fillListeners.add(listener);
    return { dispose: () => this.fillListeners.delete(listener) };
  }

  /** The full explanation for one object and action; an id that is not listed is NOT_FOUND. */
  async why(kind: ObjectKind, id: string, action: Action): Promise<Verdict> {
    const summary = (await this.list(kind)).find((o) => o.id === id);
    if (!summary) {
      const identity = await this.whoami();
      return evaluate(identity.subject, { kind, id, name: id, acl: { state: 'notFound' }, host: this.host }, action, this.directory.lookup);
    }
    return this.explain(kind, summary, action);
  }

  /** The full verdict, with the ACL's groups looked up first so the remedies can name the smallest one. */
  async explain(kind: ObjectKind, summary: Summary, action: Action): Promise<Verdict> {
    const row = await this.row(kind, summary);
    const acl = await this.acl(kind, summary.id, false, 'visible');
    if (acl.state === 'readable') await this.directory.prefetch(aclGroups(acl));
    const verdict = row.verdicts[action];
    if (!verdict) throw new Error(`${action} is not an action on a ${kind}`);
    return verdict;
  }
}

function aclGroups(acl: AclState & { state: 'readable' }): string[] {
  return acl.entries.filter((e) => e.principal.startsWith('group:')).map((e) => e.principal.slice('group:'.length));
}
