import { ByObject } from './byObject';

/**
 * What the access map keeps between reads: entries fresh for a TTL, and the rows built from an
 * identity and an ACL, so a warm reopen of the tree reads no network and evaluates nothing again.
 */
export interface Cached<T> {
  readonly value: Promise<T>;
  readonly at: number;
}

/**
 * A load that, once it succeeded, keeps its result and not the promise: one promise less per object
 * of a big workspace (docs/architecture.md, "100,000 objects"). `value` is then a resolved promise
 * of the same result.
 */
/** Entries' times are kept relative to this (see Entry.since). */
const EPOCH = Date.now();

class Entry<T> implements Cached<T> {
  private pending: Promise<T> | undefined;
  private result: T | undefined;
  /**
   * `at` as milliseconds since this module loaded: a small integer V8 keeps inside the object,
   * where a Date.now()-sized number is a 16-byte box of its own per entry (1.6 MB at 100,000 objects).
   */
  private readonly since: number;

  constructor(load: Promise<T>, at: number) {
    this.since = at - EPOCH;
    this.pending = load;
    load.then(
      (result) => {
        this.result = result;
        this.pending = undefined;
      },
      () => undefined,
    );
  }

  get at(): number {
    return EPOCH + this.since;
  }

  get value(): Promise<T> {
    return this.pending ?? Promise.resolve(this.result as T);
  }

  /** Whether the load settled well (its promise is dropped). */
  get loaded(): boolean {
    return this.pending === undefined;
  }
}

/** The cached entry while fresh, else a new load; `forget` drops a failed load so the next ask tries again. */
export function cachedOrLoad<T>(entry: Cached<T> | undefined, load: () => Promise<T>, options: { force: boolean; ttl: number; now: () => number; forget: (failed: Cached<T>) => void }): Cached<T> {
  if (entry && !options.force && options.now() - entry.at < options.ttl) return entry;
  const fresh = new Entry(load(), options.now());
  fresh.value.catch(() => options.forget(fresh));
  return fresh;
}

/** Whether a cached entry is a settled load that keeps no promise (for tests). */
export function keepsNoPromise(entry: Cached<unknown>): boolean {
  return entry instanceof Entry && entry.loaded;
}

/**
 * A row in the making keeps its promise; a built one keeps only the row (`row` undefined). A class
 * with every field declared: a literal that gains `settled` later grows a property array (40 bytes).
 */
class MemoRow<I, A, R> {
  settled: R | undefined = undefined;

  constructor(
    readonly identity: Cached<I>,
    readonly acl: Cached<A>,
    public row: Promise<R> | undefined,
  ) {}
}

/** Rows per object (by kind and id), each valid while the identity and ACL entries it was built from are the current ones. */
export class RowMemo<I, A, R> {
  private readonly rows = new ByObject<MemoRow<I, A, R>>();

  /** The row built from exactly these entries, if any. */
  built(kind: string, id: string, identity: Cached<I> | undefined, acl: Cached<A> | undefined): Promise<R> | undefined {
    const memo = this.rows.get(kind, id);
    if (!memo || memo.identity !== identity || memo.acl !== acl) return undefined;
    return memo.row ?? Promise.resolve(memo.settled as R);
  }

  /** Remembers a row in the making; a row that fails is forgotten, so the next ask builds it again. */
  remember(kind: string, id: string, identity: Cached<I>, acl: Cached<A>, row: Promise<R>): void {
    const fresh = new MemoRow(identity, acl, row);
    this.rows.set(kind, id, fresh);
    row.then(
      (value) => {
        fresh.settled = value;
        fresh.row = undefined;
      },
      () => this.rows.get(kind, id) === fresh && this.rows.delete(kind, id),
    );
  }

  /** The settled row built from these entries while both are younger than their TTLs: no waiting. */
  settled(kind: string, id: string, identity: Cached<I> | undefined, acl: Cached<A> | undefined, fresh: (identity: Cached<I>, acl: Cached<A>) => boolean): R | undefined {
    const memo = this.rows.get(kind, id);
    if (!memo || memo.row || memo.identity !== identity || memo.acl !== acl) return undefined;
    return fresh(memo.identity, memo.acl) ? memo.settled : undefined;
  }

  /** Whether the row of this object is built and kept without its promise (for tests). */
  keepsNoPromise(kind: string, id: string): boolean {
    const memo = this.rows.get(kind, id);
    return memo !== undefined && memo.row === undefined && memo.settled !== undefined;
  }

  delete(kind: string, id: string): void {
    this.rows.delete(kind, id);
  }

  clear(): void {
    this.rows.clear();
  }
}
