/**
 * Values too large for one keychain entry, split over several. Windows
 * Credential Manager refuses secrets over 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE),
 * and an MSAL cache or an Entra token with a groups claim is larger.
 *
 * Layout: the entry `key` holds only a header (marker, part count, SHA-256 of
 * the whole value); the parts live in `key|part|<generation>|1..n`, where the
 * generation is the start of the checksum. A new value is written to new part
 * names first and the header last, so a reader sees the old set or the new one,
 * and a set that is incomplete or does not match its checksum reads as missing,
 * never as garbage. Pure: the store does the I/O.
 */
import { sha256 } from '../digest';

/** No JSON value (all we store) starts like this; a value that does is always stored chunked, so the marker is unambiguous. */
export const CHUNK_MARKER = 'access-lens:chunked:v1';

/**
 * Budget per entry where chunking applies: below Windows' 2,560 bytes with room to spare, counting
 * each character at its larger size in UTF-8 and UTF-16, so it holds whichever encoding the native
 * module stores.
 */
export const WINDOWS_ENTRY_BUDGET_BYTES = 2048;

export interface ChunkHeader {
  readonly count: number;
  readonly sha256: string;
}

export function digest(value: string): string {
  return sha256(value, 'hex');
}

export function encodeHeader(header: ChunkHeader): string {
  return `${CHUNK_MARKER} ${header.count} ${header.sha256}`;
}

/** The header an entry holds, or undefined for a plain value (one stored whole, e.g. by an older version). */
export function parseHeader(raw: string): ChunkHeader | undefined {
  const match = /^access-lens:chunked:v1 ([1-9]\d{0,5}) ([0-9a-f]{64})$/.exec(raw);
  return match ? { count: Number(match[1]), sha256: match[2] ?? '' } : undefined;
}

export function partKey(key: string, header: ChunkHeader, index: number): string {
  return `${key}|part|${header.sha256.slice(0, 12)}|${index}`;
}

/** Part entries are an implementation detail: listings never show them. */
export function isPartKey(account: string): boolean {
  return /\|part\|[0-9a-f]{12}\|\d+$/.test(account);
}

/** Bytes a character costs in the worse of UTF-8 and UTF-16. */
function cost(codePoint: number): number {
  const utf8 = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  const utf16 = codePoint < 0x10000 ? 2 : 4;
  return Math.max(utf8, utf16);
}

export function entryBytes(value: string): number {
  let total = 0;
  for (const char of value) total += cost(char.codePointAt(0) ?? 0);
  return total;
}

/** Whether `value` can be stored as one plain entry under `budgetBytes`. */
export function fitsWhole(value: string, budgetBytes: number): boolean {
  return !value.startsWith(CHUNK_MARKER) && (budgetBytes === Infinity || entryBytes(value) <= budgetBytes);
}

/** Splits on code points (never inside a surrogate pair), each part within `budgetBytes`. */
export function splitValue(value: string, budgetBytes: number): string[] {
  if (budgetBytes === Infinity) return [value];
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of value) {
    const c = cost(char.codePointAt(0) ?? 0);
    if (size + c > budgetBytes && current !== '') {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += c;
  }
  if (current !== '' || parts.length === 0) parts.push(current);
  return parts;
}

/** The value the parts make up, or undefined when one is missing or they do not match the checksum. */
export function joinParts(header: ChunkHeader, parts: ReadonlyArray<string | null | undefined>): string | undefined {
  if (parts.length !== header.count || parts.some((p) => typeof p !== 'string')) return undefined;
  const value = parts.join('');
  return digest(value) === header.sha256 ? value : undefined;
}
