/**
 * A list of objects of one kind as it loads, page by page: a view shows the first page at once while
 * the rest come in, and every listener hears of each page.
 */
import type { ObjectKind } from '../access';
import type { Cached } from './cache';
import type { ObjectSummary, WorkspaceClient } from './workspaceClient';

/** Any kind's listed object (clusters and jobs carry more details through the index signature). */
export type Summary = ObjectSummary;

export interface Listing extends Cached<readonly Summary[]> {
  /** The objects read so far; the whole list once `complete`. */
  readonly items: readonly Summary[];
  readonly complete: boolean;
  /** True while `items` are the verdict cache's objects (seededListing.ts), before the live list is in. */
  readonly seeded?: boolean;
  /** Settles when the first page is in (or the list failed: then `value` says why). */
  readonly firstPage: Promise<void>;
  onPage(listener: () => void): { dispose(): void };
}

/** Starts reading every object of `kind`; `onFailed` hears when the whole list failed, so the caller forgets it. */
export function startListing(client: WorkspaceClient, kind: ObjectKind, at: number, onFailed: (entry: Listing) => void): Listing {
  const items: Summary[] = [];
  const pageListeners = new Set<() => void>();
  let firstPageSeen: () => void = () => undefined;
  const firstPage = new Promise<void>((resolve) => (firstPageSeen = resolve));
  const onPage = (page: readonly Summary[]) => {
    items.push(...page);
    firstPageSeen();
    for (const listener of pageListeners) listener();
  };
  const value = client.list(kind, onPage);
  const entry: Listing = {
    at,
    items,
    complete: false,
    value,
    firstPage: Promise.race([firstPage, value.then(() => undefined)]),
    onPage: (listener) => {
      pageListeners.add(listener);
      return { dispose: () => pageListeners.delete(listener) };
    },
  };
  entry.firstPage.catch(() => undefined); // a failure is reported through `value`
  value.then(
    () => ((entry as { complete: boolean }).complete = true),
    () => onFailed(entry),
  );
  return entry;
}
