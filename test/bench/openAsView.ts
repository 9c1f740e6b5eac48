/**
 * How a view opens a kind, for the scale benches (scale.ts, scaleKinds.ts): it lists the kind, asks
 * verdicts for what it shows (the first page's objects at once, then later pages up to a screenful)
 * and fills in the rest behind; `firstFifty()` is when the 50th verdict of any kind arrived.
 */
import { performance } from 'node:perf_hooks';
import type { ObjectKind } from '../../src/core/access';
import type { AccessMap } from '../../src/core/workspace/accessMap';

export function viewOpener(map: AccessMap, started: number, visible: number): { open(kind: ObjectKind): Promise<number>; firstFifty(): number } {
  let rowsDone = 0;
  let firstFifty = 0;
  const countRow = () => {
    if (++rowsDone === 50) firstFifty = performance.now() - started;
  };
  return {
    async open(kind) {
      const listing = map.listing(kind);
      await listing.firstPage;
      const shown = listing.items.slice(0, visible);
      const first = Promise.all(shown.map((o) => map.row(kind, o).then(countRow)));
      const list = await listing.value;
      // Pages after the first fill the rest of the screen.
      await Promise.all([first, ...list.slice(shown.length, visible).map((o) => map.row(kind, o).then(countRow))]);
      await map.fillIn(kind, list);
      return list.length;
    },
    firstFifty: () => firstFifty,
  };
}
