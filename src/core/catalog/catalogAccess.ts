/**
 * Unity Catalog for one workspace and account, as the front ends use it: the `why` of a securable
 * and action (catalog/chain.ts judging what catalog/ucClient.ts reads), and the Catalog view's
 * levels. It shares the access map's identity (who you are, your groups) and its read limiter, so
 * the Clusters, Jobs and Catalog views spend one request budget per workspace.
 *
 * Facts are cached per securable for a TTL: the catalog and schema steps of the many tables of a
 * schema are read once, and a warm reopen of the view reads nothing. A failed read is forgotten, so
 * the next ask tries again.
 */
import type { Priority } from '../workspace/limiter';
import { Cached, cachedOrLoad } from '../workspace/cache';
import type { Identity } from '../workspace/subject';
import { judgeChain } from './chain';
import type { UcSummary } from './ucParse';
import { UcClient, chainOf } from './ucClient';
import type { ChainFacts, SecurableFacts, SecurableRef, UcKind, UcVerdict } from './types';

export interface CatalogAccessOptions {
  /** How long a securable's facts and a level's list stay fresh; default 15 minutes (as ACLs). */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/** What a view shows under a node: the catalogs, a catalog's schemas, or one kind of a schema's objects. */
export type CatalogLevel = { readonly kind: 'catalog' } | { readonly kind: 'schema'; readonly catalog: string } | { readonly kind: Exclude<UcKind, 'catalog' | 'schema'>; readonly schema: string };

export class CatalogAccess {
  private readonly facts = new Map<string, Cached<SecurableFacts>>();
  private readonly lists = new Map<string, Cached<UcSummary[]>>();
  private admins: Cached<string[] | null> | undefined;
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(
    readonly client: UcClient,
    /** Who you are: the access map's identity (SCIM Me, your groups, nesting included), and your user name alone, known sooner. */
    private readonly you: { readonly identity: () => Promise<Identity>; readonly userName: () => Promise<string> },
    options: CatalogAccessOptions = {},
  ) {
    this.ttl = options.ttlMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  get host(): string {
    return this.client.host;
  }

  /** Forgets every fact and list (Refresh), so the next reads go to the workspace. */
  invalidate(): void {
    this.facts.clear();
    this.lists.clear();
    this.admins = undefined;
  }

  private cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>, force: boolean): Promise<T> {
    const entry = cachedOrLoad(map.get(key), load, {
      force,
      ttl: this.ttl,
      now: this.now,
      forget: (failed) => {
        if (map.get(key) === failed) map.delete(key);
      },
    });
    map.set(key, entry);
    return entry.value;
  }

  private securable(ref: SecurableRef, principal: string, priority: Priority, force: boolean): Promise<SecurableFacts> {
    return this.cached(this.facts, `${ref.kind}:${ref.fullName}`, () => this.client.securableFacts(ref, principal, priority), force);
  }

  private metastoreAdmins(priority: Priority, force: boolean): Promise<string[] | null> {
    this.admins = cachedOrLoad(this.admins, () => this.client.metastoreAdmins(priority), {
      force,
      ttl: this.ttl,
      now: this.now,
      forget: (failed) => {
        if (this.admins === failed) this.admins = undefined;
      },
    });
    return this.admins.value;
  }

  /** Everything the model needs for `action` on `object`: the chain's steps (cached per securable) read at the same time. */
  async chainFacts(object: SecurableRef, action: string, options: { priority?: Priority; force?: boolean } = {}): Promise<ChainFacts> {
    const priority = options.priority ?? 'visible';
    const force = options.force ?? false;
    const steps = chainOf(object);
    // The reads need only your user name; your groups (for the via and who can grant) load meanwhile.
    const userNameLoad = this.you.userName(); // first: SCIM Me alone, which the identity then reuses
    const identity = this.you.identity();
    identity.catch(() => undefined); // awaited below
    const userName = await userNameLoad;
    const [facts, metastoreAdmins] = await Promise.all([Promise.all(steps.map((ref) => this.securable(ref, userName, priority, force))), this.metastoreAdmins(priority, force)]);
    return { subject: (await identity).subject, object, action, steps: facts, metastoreAdmins };
  }

  /** The `why` document (docs/cli.md, "Unity Catalog") for one securable and action. */
  async why(object: SecurableRef, action: string, options: { priority?: Priority; force?: boolean } = {}): Promise<UcVerdict> {
    return judgeChain(await this.chainFacts(object, action, options));
  }

  /** One level of the catalog, every page, cached: what a view shows under a node. */
  level(level: CatalogLevel, options: { priority?: Priority; force?: boolean } = {}): Promise<UcSummary[]> {
    const priority = options.priority ?? 'visible';
    // Your user name is what the verdicts of this level read first: ask it while the list loads.
    this.you.userName().catch(() => undefined);
    const key = level.kind === 'catalog' ? 'catalog' : level.kind === 'schema' ? `schema:${level.catalog}` : `${level.kind}:${level.schema}`;
    return this.cached(
      this.lists,
      key,
      () => (level.kind === 'catalog' ? this.client.listCatalogs(priority) : level.kind === 'schema' ? this.client.listSchemas(level.catalog, priority) : this.client.listInSchema(level.kind, level.schema, priority)),
      options.force ?? false,
    );
  }
}
