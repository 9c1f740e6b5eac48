/**
 * What the access map keeps per object once loaded (src/core/workspace/cache.ts): the result, not
 * the promise, so 100,000 objects do not hold 200,000 settled promises (docs/architecture.md,
 * "100,000 objects"); the answers stay the same.
 */
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RowMemo, cachedOrLoad, keepsNoPromise } from '../../../src/core/workspace/cache';

const options = { force: false, ttl: 1000, now: () => 0, forget: () => undefined };

describe('cachedOrLoad', () => {
  it('keeps a settled load as its result and still answers it', async () => {
    const entry = cachedOrLoad(undefined, () => Promise.resolve({ state: 'notFound' }), options);
    assert.deepEqual(await entry.value, { state: 'notFound' });
    assert.equal(keepsNoPromise(entry), true);
    const first = await entry.value;
    assert.equal(await entry.value, first, 'the same result every time');
    assert.equal(cachedOrLoad(entry, () => Promise.reject(new Error('not asked')), options), entry, 'fresh: not loaded again');
  });

  it('keeps a failed load failing, and forgets it', async () => {
    let forgotten = false;
    const entry = cachedOrLoad(undefined, () => Promise.reject(new Error('boom')), { ...options, forget: () => (forgotten = true) });
    await assert.rejects(entry.value, /boom/);
    assert.equal(forgotten, true);
    assert.equal(keepsNoPromise(entry), false);
  });
});

describe('RowMemo', () => {
  it('keeps a built row without its promise, and answers it from built() and settled()', async () => {
    const memo = new RowMemo<string, string, { id: string }>();
    const identity = cachedOrLoad(undefined, () => Promise.resolve('me'), options);
    const acl = cachedOrLoad(undefined, () => Promise.resolve('acl'), options);
    const row = { id: 'c-1' };
    memo.remember('cluster', 'c-1', identity, acl, Promise.resolve(row));
    assert.equal(await memo.built('cluster', 'c-1', identity, acl), row);
    assert.equal(memo.keepsNoPromise('cluster', 'c-1'), true);
    assert.equal(await memo.built('cluster', 'c-1', identity, acl), row);
    assert.equal(memo.settled('cluster', 'c-1', identity, acl, () => true), row);
    assert.equal(memo.built('cluster', 'c-1', identity, cachedOrLoad(undefined, () => Promise.resolve('other'), options)), undefined);
  });

  it('answers no settled row while it is being built', () => {
    const memo = new RowMemo<string, string, { id: string }>();
    const identity = cachedOrLoad(undefined, () => Promise.resolve('me'), options);
    const acl = cachedOrLoad(undefined, () => Promise.resolve('acl'), options);
    memo.remember('cluster', 'k', identity, acl, new Promise(() => undefined));
    assert.equal(memo.settled('cluster', 'k', identity, acl, () => true), undefined);
    assert.equal(memo.keepsNoPromise('cluster', 'k'), false);
  });
});

describe('cachedOrLoad size', () => {
  it('keeps a settled entry, with its Date.now() time, in about 50 bytes: the time is no 16-byte number box of its own', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const result = {};
    const count = 50_000;
    const clock = { force: false, ttl: 1000, now: () => Date.now(), forget: () => undefined };
    gc();
    const before = process.memoryUsage().heapUsed;
    const entries = new Array<unknown>(count);
    for (let i = 0; i < count; i++) entries[i] = cachedOrLoad(undefined, () => Promise.resolve(result), clock);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const perEntry = (process.memoryUsage().heapUsed - before) / count;
    assert.equal(entries.length, count);
    // Measured: about 60 bytes with the time kept inline, 74 with a boxed time (16 bytes more); the bound is between.
    assert.ok(perEntry < 66, `${perEntry.toFixed(1)} bytes per entry`);
    const entry = cachedOrLoad(undefined, () => Promise.resolve(result), { ...clock, now: () => 1_700_000_000_123 });
    assert.equal(entry.at, 1_700_000_000_123);
  });
});
