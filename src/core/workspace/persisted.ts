/**
 * One access map's side of the verdict cache (verdictStore.ts; docs/architecture.md, "Reopen after a
 * restart"). On a cold start it seeds the map: each kind's last list and rows, marked `cached`,
 * until the workspace answers again. The live map then revalidates in the background (the list
 * first, then the permissions, oldest first), and every live list and row it reads goes into the
 * next write, debounced so a fill of 12,000 rows writes a few times, not 12,000.
 */
import type { ObjectKind } from '../access';
import type { Logger } from '../log';
import type { Listing } from './listing';
import type { ObjectRow } from './rows';
import type { ObjectSummary } from './summaries';
import { PersistedList, PersistedRow, PersistedSnapshot, aclFingerprint } from './verdictSnapshot';
import type { VerdictStore } from './verdictStore';
import type { AclState } from '../access/types';
import { seededListing } from './seededListing';
import { SlicePieces } from './slicePieces';

/** How long the map waits after a change before writing, so the rows of one fill go out together. */
export const WRITE_DELAY_MS = 3_000;

export class PersistedVerdicts {
  private load: Promise<void> | undefined;
  private userName: string | undefined;
  /** The workspace has said who you are (confirmUser): a file for anyone else is not read in. */
  private confirmed = false;
  /** What a cold start shows until the workspace answers: per kind its list, per `kind:id` its row. */
  private readonly seedLists = new Map<ObjectKind, PersistedList>();
  private readonly seedRows = new Map<string, PersistedRow>();
  /** Kinds whose live list was read (or failed): their seed list is not offered again. */
  private readonly listsSettled = new Set<ObjectKind>();
  /**
   * `kind:id` of rows whose live read failed: their seed is not offered again, even when the file
   * is read in after the failure (a fast first read on a reused connection can beat the disk).
   */
  private readonly rowsFailed = new Set<string>();
  /** What the next write holds: the seed, overwritten by every live list and row. */
  private readonly lists = new Map<ObjectKind, PersistedList>();
  private readonly rows = new Map<ObjectKind, Map<string, PersistedRow>>();
  private readonly byAgeMemo = new WeakMap<readonly ObjectSummary[], readonly ObjectSummary[]>();
  private readonly generation: number;
  private serving: boolean;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** The last write's slices: the next one encodes only what changed (slicePieces.ts). */
  private readonly pieces = new SlicePieces();
  /** How many snapshots were written (tests and the bench check the debounce). */
  writes = 0;

  constructor(
    private readonly store: VerdictStore,
    private readonly host: string,
    private readonly accountId: string,
    private readonly options: { readonly now: () => number; readonly logger?: Pick<Logger, 'info'>; readonly writeDelayMs?: number; readonly seed?: boolean },
  ) {
    this.generation = store.generation(accountId);
    // Only a cold start shows the cache: a map rebuilt later in the same process (a settings change) reads live, as before.
    this.serving = options.seed ?? true;
  }

  /** Reads the file once; later calls share that read. */
  loaded(): Promise<void> {
    this.load ??= this.store.load(this.host, this.accountId).then((snapshot) => snapshot && this.seed(snapshot));
    return this.load;
  }

  private seed(snapshot: PersistedSnapshot): void {
    if (this.confirmed && snapshot.userName !== this.userName) return;
    this.userName = snapshot.userName;
    for (const [kind, list] of Object.entries(snapshot.lists)) {
      // A live list may have come in first (a slow disk): it wins.
      if (this.listsSettled.has(kind as ObjectKind)) continue;
      if (this.serving) this.seedLists.set(kind as ObjectKind, list);
      this.lists.set(kind as ObjectKind, list);
    }
    for (const [kind, rows] of Object.entries(snapshot.rows)) {
      const live = this.kindRows(kind as ObjectKind);
      for (const row of rows) {
        if (live.has(row.id)) continue; // read live already
        // Failed to read live: not shown, but kept for the next write as before.
        if (this.serving && !this.rowsFailed.has(`${kind}:${row.id}`)) this.seedRows.set(`${kind}:${row.id}`, row);
        live.set(row.id, row);
      }
    }
  }

  /** The listing a view gets on a cold start: the cached list at once, the live one (`live`) once complete. */
  listing(kind: ObjectKind, live: Listing): Listing {
    if (!this.serving || this.listsSettled.has(kind)) return live;
    return seededListing(live, this.loaded().then(() => (this.serving ? this.seedLists.get(kind)?.items : undefined)));
  }

  /** The cached row of an object until the workspace answers for it: `cached`, with when its ACL was read. */
  row(kind: ObjectKind, id: string, name: string): ObjectRow | undefined {
    const seed = this.serving ? this.seedRows.get(`${kind}:${id}`) : undefined;
    if (!seed) return undefined;
    // Full verdicts (grants, paths, remedies) are not kept: Why reads the object live (AccessMap.explain).
    return { kind, id, name, level: seed.level, via: seed.via, allowed: seed.allowed, blocker: seed.blocker, verdicts: {}, cached: true, readAt: seed.readAt };
  }

  /** A live list: objects gone are forgotten, the list is written next time. */
  rememberList(kind: ObjectKind, items: readonly ObjectSummary[]): void {
    this.listsSettled.add(kind);
    this.lists.set(kind, { at: this.options.now(), items });
    // Only the listed ids that have a row are collected, not a set of every listed id: for 90,000
    // jobs that set was 25-35 ms of one task as the list completed (host-fill CPU profile).
    const rows = this.kindRows(kind);
    const kept = new Set<string>();
    for (const s of items) if (rows.has(s.id)) kept.add(s.id);
    if (kept.size < rows.size) for (const id of rows.keys()) if (!kept.has(id)) rows.delete(id);
    this.changed();
  }

  listFailed(kind: ObjectKind): void {
    this.listsSettled.add(kind);
  }

  /** A live row: it replaces the cached one (a changed ACL shows its new verdict) in the view and the next write. */
  rememberRow(row: ObjectRow, acl: AclState): void {
    this.seedRows.delete(`${row.kind}:${row.id}`);
    this.kindRows(row.kind).set(row.id, { id: row.id, level: row.level, via: row.via, allowed: row.allowed, blocker: row.blocker, readAt: this.options.now(), acl: aclFingerprint(acl) });
    this.changed();
  }

  /** A row that could not be read again: its cached verdict is not shown any longer (the error is). */
  rowFailed(kind: ObjectKind, id: string): void {
    this.rowsFailed.add(`${kind}:${id}`);
    this.seedRows.delete(`${kind}:${id}`);
  }

  /** Your user name as the workspace says: a cache written for another user is dropped, never shown again. */
  confirmUser(userName: string): void {
    if (this.userName !== undefined && this.userName !== userName) {
      this.options.logger?.info(`The verdict cache of ${this.host} was written for another user; it is dropped and the verdicts read again.`);
      this.stopServing();
      this.lists.clear();
      this.rows.clear();
    }
    this.userName = userName;
    this.confirmed = true;
  }

  /**
   * `list` in the order the background fill should read it: objects without a cached row first,
   * then the oldest rows first. The same array for the same list, so a fill is not restarted.
   */
  byAge(kind: ObjectKind, list: readonly ObjectSummary[]): readonly ObjectSummary[] {
    const known = this.byAgeMemo.get(list);
    if (known) return known;
    const rows = this.kindRows(kind);
    let ordered = list;
    if (rows.size > 0) {
      // Each row's age looked up once, not twice per comparison (90,000 jobs: 25-50 ms → a few).
      const unread: ObjectSummary[] = [];
      const aged: { readonly s: ObjectSummary; readonly at: number }[] = [];
      for (const s of list) {
        const at = rows.get(s.id)?.readAt;
        if (at === undefined) unread.push(s);
        else aged.push({ s, at });
      }
      aged.sort((a, b) => a.at - b.at);
      ordered = unread.concat(aged.map((a) => a.s));
    }
    this.byAgeMemo.set(list, ordered);
    return ordered;
  }

  /** Cached verdicts are not shown any longer (a Refresh, a sign-out); live ones still get written. */
  stopServing(): void {
    this.serving = false;
    this.seedRows.clear();
    this.seedLists.clear();
  }

  /** Stops writing too: the map is gone. A write already begun is left to finish. */
  dispose(): void {
    this.stopServing();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Writes now what is waiting (tests, the bench, a fill's end); settles when it is on disk. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.options.writeDelayMs ?? WRITE_DELAY_MS);
    this.timer.unref?.();
  }

  private async write(): Promise<void> {
    // What was on disk and not read again this time stays in the file (a map that did not seed has not read it yet).
    await this.loaded();
    const lists: Record<string, PersistedList> = {};
    for (const [kind, list] of this.lists) lists[kind] = list;
    const rows: Record<string, PersistedRow[]> = {};
    for (const [kind, kindRows] of this.rows) rows[kind] = [...kindRows.values()];
    const snapshot: PersistedSnapshot = { host: this.host, userName: this.userName, savedAt: this.options.now(), lists, rows };
    if (await this.store.save(this.host, this.accountId, this.generation, snapshot, this.pieces)) this.writes++;
  }

  private kindRows(kind: ObjectKind): Map<string, PersistedRow> {
    let rows = this.rows.get(kind);
    if (!rows) this.rows.set(kind, (rows = new Map()));
    return rows;
  }
}
