/**
 * What the access map keeps between reads: entries fresh for a TTL, and the rows built from an
 * identity and an ACL, so a warm reopen of the tree reads no network and evaluates nothing again.
 */
export interface Cached<T> {
  readonly value: Promise<T>;
  readonly at: number;
}

/** The cached entry while fresh, else a new load; `forget` drops a failed load so the next ask tries again. */
export function cachedOrLoad<T>(entry: Cached<T> | undefined, load: () => Promise<T>, options: { force: boolean; ttl: number; now: () => number; forget: (failed: Cached<T>) => void }): Cached<T> {
  if (entry && !options.force && options.now() - entry.at < options.ttl) return entry;
  const fresh: Cached<T> = { value: load(), at: options.now() };
  fresh.value.catch(() => options.forget(fresh));
  return fresh;
}

interface MemoRow<I, A, R> {
  readonly identity: Cached<I>;
  readonly acl: Cached<A>;
  readonly row: Promise<R>;
  settled?: R;
}

/** Rows per object, each valid while the identity and ACL entries it was built from are the current ones. */
export class RowMemo<I, A, R> {
  private readonly rows = new Map<string, MemoRow<I, A, R>>();

  /** The row built from exactly these entries, if any. */
  built(key: string, identity: Cached<I> | undefined, acl: Cached<A> | undefined): Promise<R> | undefined {
    const memo = this.rows.get(key);
    return memo && memo.identity === identity && memo.acl === acl ? memo.row : undefined;
  }

  /** Remembers a row in the making; a row that fails is forgotten, so the next ask builds it again. */
  remember(key: string, identity: Cached<I>, acl: Cached<A>, row: Promise<R>): void {
    const fresh: MemoRow<I, A, R> = { identity, acl, row };
    this.rows.set(key, fresh);
    row.then(
      (value) => (fresh.settled = value),
      () => this.rows.get(key) === fresh && this.rows.delete(key),
    );
  }

  /** The settled row built from these entries while both are younger than their TTLs: no waiting. */
  settled(key: string, identity: Cached<I> | undefined, acl: Cached<A> | undefined, fresh: (identity: Cached<I>, acl: Cached<A>) => boolean): R | undefined {
    const memo = this.rows.get(key);
    if (!memo?.settled || memo.identity !== identity || memo.acl !== acl) return undefined;
    return fresh(memo.identity, memo.acl) ? memo.settled : undefined;
  }

  delete(key: string): void {
    this.rows.delete(key);
  }

  clear(): void {
    this.rows.clear();
  }
}
