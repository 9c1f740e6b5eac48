/**
 * The rows of a whole list, with each object's permission read started as soon as its list page
 * arrives instead of after the last page: on a workspace of thousands of jobs the reads of the
 * first pages overlap the listing of the rest (docs/architecture.md, "Lists and reads overlap").
 * The rows come back in the list's order, whatever order the reads finish in.
 */
import type { Listing, Summary } from './listing';

export interface ListedRows<R> {
  readonly objects: readonly Summary[];
  readonly rows: readonly R[];
}

/**
 * Starts `readRow` for every object `listing` holds and for each one a later page brings, and
 * settles when the list is complete and every row is read. `onListed` hears the whole list once it
 * is in (say, to tell how many permission reads remain). A failed list fails the whole, and the
 * reads already started are then left to settle on their own.
 */
export async function rowsAsListed<R>(listing: Listing, readRow: (summary: Summary) => Promise<R>, onListed?: (objects: readonly Summary[]) => void): Promise<ListedRows<R>> {
  const reads: Promise<R>[] = [];
  const startNew = (): void => {
    for (let i = reads.length; i < listing.items.length; i++) {
      const read = readRow(listing.items[i]!);
      // Awaited below once the list is complete; if the list fails first, nobody awaits it.
      read.catch(() => undefined);
      reads.push(read);
    }
  };
  const subscription = listing.onPage(startNew);
  let objects: readonly Summary[];
  try {
    startNew(); // the pages already in (a listing read earlier, or one that is complete)
    objects = await listing.value;
  } finally {
    subscription.dispose();
  }
  onListed?.(objects);
  // The whole list is the truth: a listing's items are its pages, but read them from the value.
  const rows = await Promise.all(objects.map((summary, i) => (i < reads.length && listing.items[i] === summary ? reads[i]! : readRow(summary))));
  return { objects, rows };
}
