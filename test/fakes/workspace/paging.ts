// Opaque page tokens for the list APIs. Real tokens are opaque too, so
// clients must pass them back verbatim; a token is bound to the list it came
// from, and a foreign or tampered token is a 400 as on Databricks.

export function encodePageToken(list: string, offset: number): string {
  return Buffer.from(JSON.stringify({ l: list, o: offset })).toString('base64url');
}

/** The offset a token points at, or null when it is not a token of this list. */
export function decodePageToken(list: string, token: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { l?: unknown; o?: unknown };
    if (parsed.l !== list || typeof parsed.o !== 'number' || !Number.isSafeInteger(parsed.o) || parsed.o < 0) return null;
    return parsed.o;
  } catch {
    return null;
  }
}

/** Parses an optional positive integer query parameter; NaN when present but not one. */
export function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : NaN;
}

export interface Page<T> {
  items: T[];
  next?: string;
  prev?: string;
}

export function paginate<T>(list: string, all: T[], offset: number, size: number): Page<T> {
  const items = all.slice(offset, offset + size);
  const page: Page<T> = { items };
  if (offset + size < all.length) page.next = encodePageToken(list, offset + size);
  if (offset > 0) page.prev = encodePageToken(list, Math.max(0, offset - size));
  return page;
}
