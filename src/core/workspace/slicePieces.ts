/**
 * The verdict cache's JSON slices from the last write, reused while their objects are the same
 * (docs/architecture.md, "100,000 objects"). The cache is written every few seconds while a fill
 * goes on, and each write used to stringify and encode every list item and row again: filling
 * 100,000 objects, that was about a third of everything the extension host allocated, growing with
 * the square of the workspace. Rows and list items are replaced, never changed in place (a row
 * read again is a new object), so a slice whose objects are all the same ones as last time has the
 * same text; only slices with a new, changed or moved object are built again. The pieces are kept
 * encoded, outside the JavaScript heap, and written as they are.
 */
export class SlicePieces {
  private slices = new Map<string, { readonly refs: readonly unknown[]; readonly piece: Buffer }>();
  private used = new Set<string>();
  /** Slices built (stringified and encoded) since this cache was made: the tests read it. */
  built = 0;

  /** The piece for `values[start, end)`, from the last write when those are the same objects in the same order. */
  piece(key: string, values: readonly unknown[], start: number, end: number, build: () => string): { readonly piece: Buffer; readonly fresh: boolean } {
    this.used.add(key);
    const known = this.slices.get(key);
    if (known && known.refs.length === end - start && known.refs.every((v, j) => v === values[start + j])) return { piece: known.piece, fresh: false };
    const piece = Buffer.from(build(), 'utf8');
    this.slices.set(key, { refs: values.slice(start, end), piece });
    this.built++;
    return { piece, fresh: true };
  }

  /** After a whole write: slices it did not ask for (a list that shrank, a kind gone) are dropped. */
  settle(): void {
    for (const key of this.slices.keys()) if (!this.used.has(key)) this.slices.delete(key);
    this.used = new Set();
  }
}
