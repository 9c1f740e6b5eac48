/**
 * One copy of each repeated string. `JSON.parse` makes a new string for every value it reads, so
 * 100,000 listed objects kept 100,000 copies of a few hundred creators' names (about 40 bytes
 * each) and of a handful of cluster states (docs/architecture.md, "100,000 objects"). Strings are
 * immutable, so handing back the first copy is safe. Only for values that repeat: ids and names
 * are unique per object and would only fill the table.
 */

/** Distinct values remembered; past it values are handed back as they came (still correct, just not shared). */
const DEFAULT_LIMIT = 10_000;

export class Interned {
  private readonly known = new Map<string, string>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** The first copy of `value` seen (or `value` itself when it is new, or past the limit); undefined stays undefined. */
  of<T extends string | undefined>(value: T): T {
    if (value === undefined) return value;
    const known = this.known.get(value);
    if (known !== undefined) return known as T;
    if (this.known.size < this.limit) this.known.set(value, value);
    return value;
  }

  get size(): number {
    return this.known.size;
  }
}

/** The table shared by every list read in this process (creators and the kinds' detail values repeat across workspaces too). */
export const listedValues = new Interned();
