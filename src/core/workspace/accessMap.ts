/**
 * The access map of one workspace for one account: the verdict per object and action, built from
 * who you are (subject.ts) and each object's ACL. Lists (listing.ts), ACLs and the rows built from
 * them are cached for a TTL (cache.ts) and refreshed on demand, so a warm reopen reads no network
 * and evaluates nothing again. Permissions are fetched for what is asked first (the visible
 * objects, at the limiter's `visible` priority); `fillIn` reads the rest behind them (fill.ts).
 */
import { Action, Verdict, evaluate, ObjectKind } from '../access';
import type { Subject } from '../access';
import { AccessObject, AclState } from '../access/types';
import { AuthorizedHttp } from './authorizedHttp';
import { Cached, RowMemo, cachedOrLoad } from './cache';
import { ByObject } from './byObject';
import { GroupDirectory } from './directory';
import { BackgroundFill, FillProgress } from './fill';
import { Priority, WorkspaceLimiters, throughLimiter, workspaceLimiters } from './limiter';
import { Listing, Summary, startListing } from './listing';
import { ScimMe, getMe } from './scim';
import { Identity, SubjectSource, startIdentity } from './subject';
import { WorkspaceClient } from './workspaceClient';
import { PersistedVerdicts } from './persisted';
import { ObjectRow, aclGroups } from './rows';
import { evaluatedRow } from './objectRow';
import { IdentityEvaluator } from './rowEvaluator';
import type { VerdictStore } from './verdictStore';
import { CatalogAccess } from '../catalog/catalogAccess';
import { UcClient } from '../catalog/ucClient';

export type { FillProgress } from './fill';
export type { Listing } from './listing';
export type { Identity } from './subject';
export type { ObjectRow } from './rows';

/** What the map needs of the core (the Core of services.ts has it): the workspace calls and your groups claim. */
export interface AccessMapCore extends SubjectSource {
  readonly config: SubjectSource['config'] & { readonly maxRequestsPerSecond: number };
  workspaceHttp(host: string, accountId: string): AuthorizedHttp;
}

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
  /** The map's request budgets (the registry hands them in); default its own, at the configured rate. */
  readonly limiters?: WorkspaceLimiters;
  /**
   * Whether the workspace hides clusters and jobs you hold no level on (visibility control, the
   * Databricks default since December 2020, which admins can turn off). Only when true does an
   * object's being listed to you prove the lowest level over a refused or cut-down ACL. Default: not known.
   */
  readonly visibilityControl?: boolean;
  /** The verdict cache on disk (verdictStore.ts): a cold start shows its rows, marked cached, until read again. */
  readonly store?: VerdictStore;
  /** Whether this map shows the cache's rows until read again (a cold start); default true. It writes either way. */
  readonly seedFromStore?: boolean;
}

export class AccessMap {
  readonly client: WorkspaceClient;
  private readonly directory: GroupDirectory;
  private identity: Cached<Identity> | undefined;
  /** The subject the verdicts of `identity`'s load evaluate with, which may come before it (subject.ts). */
  private subject: { readonly of: Cached<Identity> | undefined; readonly value: Promise<Subject> } | undefined;
  private me: Cached<ScimMe> | undefined;
  private readonly lists = new Map<ObjectKind, Listing>();
  private readonly acls = new ByObject<Cached<AclState>>();
  private readonly rows = new RowMemo<Identity, AclState, ObjectRow>();
  private readonly fill = new BackgroundFill((kind, summary) => this.row(kind, summary, false, 'background'));
  private readonly ttl: number;
  private readonly aclTtl: number;
  private readonly limiters: WorkspaceLimiters;
  private readonly now: () => number;
  /** The same for every listed object, so one shared object rather than one per row. */
  private readonly evidence: AccessObject['evidence'];
  private unityCatalog: CatalogAccess | undefined;
  private evaluator: IdentityEvaluator | undefined;
  /** This map's side of the verdict cache, when the front end keeps one. */
  readonly persisted: PersistedVerdicts | undefined;

  constructor(
    private readonly core: AccessMapCore,
    readonly host: string,
    readonly accountId: string,
    options: AccessMapOptions = {},
  ) {
    this.limiters = options.limiters ?? workspaceLimiters(core.config.maxRequestsPerSecond);
    const call = core.workspaceHttp(host, accountId);
    this.client = new WorkspaceClient(host, call, this.limiters.read, this.limiters.acl);
    this.directory = new GroupDirectory(call, this.limiters.read);
    this.ttl = options.ttlMs ?? 5 * 60_000;
    this.aclTtl = options.aclTtlMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
    this.evidence = { listed: true, ...(options.visibilityControl === undefined ? {} : { visibilityControl: options.visibilityControl }) };
    this.persisted = options.store && new PersistedVerdicts(options.store, host, accountId, { now: this.now, logger: core.logger, seed: options.seedFromStore });
  }

  /** Forgets one object's ACL, so its verdicts are read again. */
  forgetObject(kind: ObjectKind, id: string): void {
    this.acls.delete(kind, id);
    this.rows.delete(kind, id);
  }

  /** Drops everything cached, so the next reads go to the workspace; requests not yet started are given up. */
  invalidate(): void {
    if (this.limiters.owned) for (const limiter of [this.limiters.read, this.limiters.acl]) limiter.cancelPending();
    this.identity = undefined;
    this.subject = undefined;
    this.me = undefined;
    this.lists.clear();
    this.acls.clear();
    this.rows.clear();
    this.fill.cancelAll();
    this.unityCatalog?.invalidate();
    // Refresh means read again: the cached verdicts are not shown instead (the new ones are still written).
    this.persisted?.stopServing();
  }

  /** Unity Catalog in this workspace (catalog/catalogAccess.ts): the same identity, read limiter and HTTPS path. */
  get catalog(): CatalogAccess {
    this.unityCatalog ??= new CatalogAccess(new UcClient(this.host, this.core.workspaceHttp(this.host, this.accountId), this.limiters.read), { identity: () => this.whoami(), userName: () => this.userName() }, { ttlMs: this.aclTtl, now: this.now });
    return this.unityCatalog;
  }

  async whoami(force = false): Promise<Identity> {
    const forget = (failed: Cached<Identity>): void => void (this.identity === failed && (this.identity = undefined));
    let subject: Promise<Subject> | undefined;
    this.identity = cachedOrLoad(this.identity, () => this.loadIdentity(force, (early) => (subject = early)), { force, ttl: this.ttl, now: this.now, forget });
    if (subject) this.subject = { of: this.identity, value: subject };
    return this.identity.value;
  }

  /** What the verdicts evaluate with: the identity's subject, or the one that comes before it. */
  private subjectOf(entry: Cached<Identity> | undefined, identity: Promise<Identity>): Promise<Subject> {
    return this.subject && this.subject.of === entry ? this.subject.value : identity.then((found) => found.subject);
  }

  private loadIdentity(force: boolean, onSubject: (subject: Promise<Subject>) => void): Promise<Identity> {
    const call = throughLimiter(this.core.workspaceHttp(this.host, this.accountId), this.limiters.read);
    const load = startIdentity(this.core, call, this.host, this.accountId, this.directory, this.scimMe(force));
    onSubject(load.subject);
    const identity = load.identity;
    return this.persisted ? identity.then((found) => (this.persisted?.confirmUser(found.me.userName), found)) : identity;
  }

  /** SCIM Me, kept as long as the identity: one read serves both the identity and userName(). */
  private scimMe(force = false): Promise<ScimMe> {
    const forget = (failed: Cached<ScimMe>): void => void (this.me === failed && (this.me = undefined));
    this.me = cachedOrLoad(this.me, () => getMe(throughLimiter(this.core.workspaceHttp(this.host, this.accountId), this.limiters.read), this.host), { force, ttl: this.ttl, now: this.now, forget });
    return this.me.value;
  }

  /** Your user name (SCIM Me) without waiting for your groups: Unity Catalog's reads need only it. */
  async userName(): Promise<string> {
    return (await this.scimMe()).userName;
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
    const entry = startListing(this.client, kind, this.now(), (failed) => {
      this.persisted?.listFailed(kind);
      if (this.lists.get(kind) === failed || this.lists.get(kind) === shown) this.lists.delete(kind);
    });
    this.client.preconnectForAcls();
    // A cold start with a verdict cache shows the cached list until this one is complete.
    const shown = this.persisted?.listing(kind, entry) ?? entry;
    if (this.persisted) entry.value.then((items) => this.persisted?.rememberList(kind, items), () => undefined);
    this.lists.set(kind, shown);
    return shown;
  }

  acl(kind: ObjectKind, id: string, force: boolean, priority: Priority): Promise<AclState> {
    const entry = cachedOrLoad(this.acls.get(kind, id), () => this.client.permissions(kind, id, priority), {
      force,
      ttl: this.aclTtl,
      now: this.now,
      forget: (failed) => {
        if (this.acls.get(kind, id) === failed) this.acls.delete(kind, id);
      },
    });
    this.acls.set(kind, id, entry);
    return entry.value;
  }

  /**
   * Verdicts for every action on one object. Built once per identity and ACL: while both are
   * fresh the same row comes back without evaluating again (a warm reopen of the tree).
   */
  async row(kind: ObjectKind, summary: Summary, force = false, priority: Priority = 'visible'): Promise<ObjectRow> {
    const identity = this.whoami();
    // whoami() hands each call a promise of its own, and a row built with the early subject never
    // awaits it: its failure (a sign-out, a refresh's cancel) reaches this row through the subject,
    // else whoever awaits whoami(); unobserved here, the host logged it once per row as unhandled.
    identity.catch(() => undefined);
    const acl = this.acl(kind, summary.id, force, priority);
    const identityEntry = this.identity;
    const aclEntry = this.acls.get(kind, summary.id);
    const memo = this.rows.built(kind, summary.id, identityEntry, aclEntry);
    if (memo) {
      // The memo's own settled load; a reload that failed is reported by whoever awaits it.
      acl.catch(() => undefined);
      return memo;
    }
    const row = this.buildRow(kind, summary, this.subjectOf(identityEntry, identity), acl, priority);
    if (identityEntry && aclEntry) this.rows.remember(kind, summary.id, identityEntry, aclEntry, row);
    if (this.persisted) Promise.all([row, acl]).then(([built, state]) => this.persisted?.rememberRow(built, state), () => this.persisted?.rowFailed(kind, summary.id));
    return row;
  }

  /**
   * The row already built for an object, if its identity and ACL are still fresh: no network, no
   * waiting. On a cold start, until the object is read again, the verdict cache's row (`cached`).
   */
  cachedRow(kind: ObjectKind, id: string, name = id): ObjectRow | undefined {
    const live = this.rows.settled(kind, id, this.identity, this.acls.get(kind, id), (identity, acl) => this.now() - acl.at < this.aclTtl && this.now() - identity.at < this.ttl);
    return live ?? this.persisted?.row(kind, id, name);
  }

  private async buildRow(kind: ObjectKind, summary: Summary, subjectLoad: Promise<Subject>, aclLoad: Promise<AclState>, priority: Priority): Promise<ObjectRow> {
    const [subject, acl] = await Promise.all([subjectLoad, aclLoad]);
    // Partial syncs are found through the twins read with your identity; only when those are not
    // known are the ACL's groups looked up before the verdict.
    if (acl.state === 'readable' && !this.directory.twinsKnown) await this.directory.prefetch(aclGroups(acl), priority);
    return evaluatedRow(kind, summary, acl, this.evaluatorFor(subject));
  }

  /** One evaluator per subject, shared by its rows (rowEvaluator.ts). */
  private evaluatorFor(subject: Subject): IdentityEvaluator {
    if (this.evaluator?.subject !== subject) this.evaluator = new IdentityEvaluator(subject, this.host, this.evidence, this.directory.lookup);
    return this.evaluator;
  }

  /**
   * Reads the verdicts of every object in `list` behind the visible ones, at background priority:
   * an object that the tree shows before the fill reaches it is asked for at visible priority and
   * the fill then finds its row ready. Calling it again for the same list is free. Settles with the
   * last progress, when every row is read or the fill is cancelled.
   */
  fillIn(kind: ObjectKind, list: readonly Summary[]): Promise<FillProgress> {
    // With a verdict cache, objects never read come first, then the oldest verdicts.
    return this.fill.start(kind, this.persisted ? this.persisted.byAge(kind, list) : list);
  }

  onFillProgress(listener: (progress: FillProgress) => void): { dispose(): void } {
    return this.fill.onProgress(listener);
  }

  /** The full explanation for one object and action, by id, else by name (error texts name serving endpoints by name); else NOT_FOUND. */
  async why(kind: ObjectKind, id: string, action: Action): Promise<Verdict> {
    const listed = await this.list(kind);
    const summary = listed.find((o) => o.id === id) ?? listed.find((o) => o.name === id);
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

