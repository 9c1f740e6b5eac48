/**
 * The verdict cache's file format (docs/architecture.md): versioned, and read strictly, because a
 * file from another version or half-written by hand must never turn into a verdict. What does not
 * read is left out (one bad row) or the whole file is ignored (another version, not JSON).
 */
import { isKind } from '../access/kinds';
import type { AclState } from '../access/types';
import { isRecord } from './answerShape';
import type { ObjectSummary } from './summaries';
import type { SlicePieces } from './slicePieces';
import { sha256 } from '../digest';

/** Bumped whenever a field changes meaning: a file of another version is ignored, never guessed at. */
export const VERDICT_CACHE_VERSION = 1;

/** One object's verdict row as the tree and `ls` read it, with when its ACL was read and that ACL's fingerprint. */
export interface PersistedRow {
  readonly id: string;
  readonly level: string | null;
  readonly via: string | null;
  readonly allowed: Readonly<Record<string, boolean | null>>;
  readonly blocker: Readonly<Record<string, string | undefined>>;
  readonly readAt: number;
  /** A hash of the ACL the row was built from (aclFingerprint): which ACL this verdict belongs to. */
  readonly acl: string;
}

export interface PersistedList {
  readonly at: number;
  readonly items: readonly ObjectSummary[];
}

export interface PersistedSnapshot {
  readonly host: string;
  /** Whose verdicts these are (SCIM userName): a map that finds another user drops them. */
  readonly userName: string | undefined;
  readonly savedAt: number;
  readonly lists: Readonly<Record<string, PersistedList>>;
  readonly rows: Readonly<Record<string, readonly PersistedRow[]>>;
}

/** Each ACL entry's JSON, once per entry: a workspace's entries are shared objects (aclEntries.ts), met again in ACL after ACL. */
const entryTexts = new WeakMap<object, string>();
function entryText(entry: object): string {
  let text = entryTexts.get(entry);
  if (text === undefined) entryTexts.set(entry, (text = JSON.stringify(entry)));
  return text;
}

/** Identifies an ACL without keeping it: the same entries in any order give the same hash. */
export function aclFingerprint(acl: AclState): string {
  const text = acl.state === 'readable' ? JSON.stringify(acl.entries.map(entryText).sort()) : acl.state;
  return sha256(text, 'base64url').slice(0, 22);
}

const isStringRecord = (value: unknown, ok: (v: unknown) => boolean): value is Record<string, never> => isRecord(value) && Object.values(value).every(ok);

function readRow(value: unknown): PersistedRow | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.readAt !== 'number' || typeof value.acl !== 'string') return undefined;
  if (!(value.level === null || typeof value.level === 'string') || !(value.via === null || typeof value.via === 'string')) return undefined;
  if (!isStringRecord(value.allowed, (v) => v === null || typeof v === 'boolean') || !isStringRecord(value.blocker, (v) => typeof v === 'string')) return undefined;
  return value as unknown as PersistedRow;
}

function readSummary(value: unknown): ObjectSummary | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.name !== 'string') return undefined;
  return isStringRecord(value, (v) => v === undefined || typeof v === 'string') ? (value as unknown as ObjectSummary) : undefined;
}

/**
 * The snapshot as JSON text, in pieces of at most `slice` objects, with a turn of the event loop
 * between pieces: 100,000 rows stringified at once would stall the extension host for 100 ms+, and
 * so would joining them into one string of tens of MB and encoding it (the host-fill bench at 100,000
 * objects saw 500–900 ms stretches in byteLength and Buffer.from of the joined text). The caller
 * writes each piece as it comes; the pieces concatenated are the whole JSON document. With `cache`,
 * list and row slices unchanged since the last write come from it, already encoded (slicePieces.ts).
 */
export async function* snapshotPieces(snapshot: PersistedSnapshot, slice = 2_000, cache?: SlicePieces): AsyncGenerator<string | Buffer> {
  yield `{"version":${VERDICT_CACHE_VERSION},"host":${JSON.stringify(snapshot.host)},"userName":${JSON.stringify(snapshot.userName ?? null)},"savedAt":${snapshot.savedAt}`;
  async function* array(key: string, values: readonly unknown[]): AsyncGenerator<string | Buffer> {
    for (let i = 0; i < values.length; i += slice) {
      const build = (): string => `${i === 0 ? '[' : ','}${values.slice(i, i + slice).map((v) => JSON.stringify(v)).join(',')}`;
      if (!cache) yield build();
      else {
        const { piece, fresh } = cache.piece(`${key}:${i}`, values, i, Math.min(i + slice, values.length), build);
        yield piece;
        // A slice from the last write costs no work to yield the loop for.
        if (!fresh) continue;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    yield values.length === 0 ? '[]' : ']';
  }
  let first = true;
  yield ',"lists":{';
  for (const [kind, list] of Object.entries(snapshot.lists)) {
    yield `${first ? '' : ','}${JSON.stringify(kind)}:{"at":${list.at},"items":`;
    yield* array(`list:${kind}`, list.items);
    yield '}';
    first = false;
  }
  first = true;
  yield '},"rows":{';
  for (const [kind, kindRows] of Object.entries(snapshot.rows)) {
    yield `${first ? '' : ','}${JSON.stringify(kind)}:`;
    yield* array(`rows:${kind}`, kindRows);
    first = false;
  }
  yield '}}';
  cache?.settle();
}

/** The whole snapshot as one JSON text (tests and small snapshots; the store writes the pieces). */
export async function snapshotText(snapshot: PersistedSnapshot, slice = 2_000): Promise<string> {
  let text = '';
  for await (const piece of snapshotPieces(snapshot, slice)) text += piece.toString();
  return text;
}

/** The snapshot in `text` for `host`, or the reason it is not used. */
export function readSnapshot(text: string, host: string): { snapshot: PersistedSnapshot } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not JSON (${(error as Error).message})` };
  }
  if (!isRecord(raw)) return { problem: 'it is not a JSON object' };
  if (raw.version !== VERDICT_CACHE_VERSION) return { problem: `it has format version ${JSON.stringify(raw.version)}, this version reads ${VERDICT_CACHE_VERSION}` };
  if (raw.host !== host) return { problem: `it is for another workspace` };
  if (!isRecord(raw.lists) || !isRecord(raw.rows) || typeof raw.savedAt !== 'number') return { problem: 'its lists or rows are missing' };
  const lists: Record<string, PersistedList> = {};
  for (const [kind, list] of Object.entries(raw.lists)) {
    if (!isKind(kind) || !isRecord(list) || typeof list.at !== 'number' || !Array.isArray(list.items)) continue;
    const items = list.items.map(readSummary);
    // A list with an entry that does not read is not the list: better none than one with holes.
    if (items.every((s) => s !== undefined)) lists[kind] = { at: list.at, items: items as ObjectSummary[] };
  }
  const rows: Record<string, PersistedRow[]> = {};
  for (const [kind, kindRows] of Object.entries(raw.rows)) {
    if (!isKind(kind) || !Array.isArray(kindRows)) continue;
    rows[kind] = kindRows.map(readRow).filter((r): r is PersistedRow => r !== undefined);
  }
  const userName = typeof raw.userName === 'string' ? raw.userName : undefined;
  return { snapshot: { host, userName, savedAt: raw.savedAt, lists, rows } };
}
