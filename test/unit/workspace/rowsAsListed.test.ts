import * as assert from 'node:assert/strict';
import type { Listing, Summary } from '../../../src/core/workspace/listing';
import { rowsAsListed } from '../../../src/core/workspace/rowsAsListed';

/** A listing whose pages the test hands in one at a time, as list pages arrive from a workspace. */
function manualListing() {
  const items: Summary[] = [];
  const listeners = new Set<() => void>();
  let finish: (all: readonly Summary[]) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const value = new Promise<readonly Summary[]>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const listing: Listing = {
    at: 0,
    items,
    complete: false,
    value,
    firstPage: Promise.resolve(),
    onPage: (listener) => (listeners.add(listener), { dispose: () => listeners.delete(listener) }),
  };
  return {
    listing,
    page(ids: string[]) {
      items.push(...ids.map((id) => ({ id, name: `job ${id}`, creator: undefined })));
      for (const listener of listeners) listener();
    },
    end: () => finish([...items]),
    fail,
    listeners: () => listeners.size,
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('rowsAsListed', () => {
  it('starts the reads of a page when it arrives, before the next page, and answers in list order', async () => {
    const pages = manualListing();
    const started: string[] = [];
    const finishers = new Map<string, () => void>();
    const read = (o: Summary) => {
      started.push(o.id);
      return new Promise<string>((resolve) => finishers.set(o.id, () => resolve(`row ${o.id}`)));
    };
    let listedCount = -1;
    const whole = rowsAsListed(pages.listing, read, (objects) => (listedCount = objects.length));
    pages.page(['1', '2']);
    assert.deepEqual(started, ['1', '2'], 'the first page is being read while the list goes on');
    pages.page(['3']);
    assert.deepEqual(started, ['1', '2', '3']);
    pages.end();
    await tick();
    assert.equal(listedCount, 3);
    assert.equal(pages.listeners(), 0, 'the page listener is let go once the list is complete');
    // Reads finish in reverse: the rows still come in the list's order.
    for (const id of ['3', '2', '1']) finishers.get(id)!();
    const { objects, rows } = await whole;
    assert.deepEqual(rows, ['row 1', 'row 2', 'row 3']);
    assert.deepEqual(objects.map((o) => o.id), ['1', '2', '3']);
    assert.deepEqual(started, ['1', '2', '3'], 'each object is read once');
  });

  it('reads the pages a listing already holds (a listing read earlier) at once', async () => {
    const pages = manualListing();
    pages.page(['a', 'b']);
    const started: string[] = [];
    const whole = rowsAsListed(pages.listing, async (o) => (started.push(o.id), o.id));
    assert.deepEqual(started, ['a', 'b']);
    pages.end();
    assert.deepEqual((await whole).rows, ['a', 'b']);
  });

  it('fails with the list when a later page fails, and the reads already started fail quietly', async () => {
    const pages = manualListing();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const whole = rowsAsListed(pages.listing, () => Promise.reject(new Error('403 on the ACL')));
      pages.page(['1']);
      pages.fail(new Error('the second page answered 500'));
      await assert.rejects(whole, /the second page answered 500/);
      await tick();
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
