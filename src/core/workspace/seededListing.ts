/**
 * A listing that starts from the verdict cache (persisted.ts): on a cold start the view shows the
 * cached objects as soon as the file is read, while the live list loads behind them; once the live
 * list is complete it replaces the cached one (objects gone disappear, new ones appear).
 */
import type { Listing } from './listing';
import type { ObjectSummary } from './summaries';

/** `seed` settles with the cached objects of the kind, or undefined when there are none: then it is `live` as it is. */
export function seededListing(live: Listing, seed: Promise<readonly ObjectSummary[] | undefined>): Listing {
  let cached: readonly ObjectSummary[] | undefined;
  const seedListeners = new Set<() => void>();
  const seeded = seed.then(
    (items) => {
      cached = items;
      if (items) for (const listener of seedListeners) listener();
      return items;
    },
    () => undefined,
  );
  // The cached objects if there are any, else the live first page; a live list that fails first still says so.
  const firstPage = seeded.then((items) => (items && !live.complete ? undefined : live.firstPage));
  firstPage.catch(() => undefined); // reported through `value`
  return {
    get at() {
      return live.at;
    },
    get items() {
      return live.complete || !cached ? live.items : cached;
    },
    get complete() {
      return live.complete;
    },
    /** True while the objects shown are the cached ones. */
    get seeded() {
      return !live.complete && cached !== undefined;
    },
    value: live.value,
    firstPage,
    onPage(listener) {
      seedListeners.add(listener);
      const pages = live.onPage(listener);
      return { dispose: () => (seedListeners.delete(listener), pages.dispose()) };
    },
  };
}
