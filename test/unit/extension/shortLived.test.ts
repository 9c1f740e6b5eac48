/**
 * The settings kept between change events (src/extension/shortLived.ts, used by settings.ts
 * ConfigWatcher): read once however many getChildren ask within the keeping time, read again
 * after it or when a change event makes it forget, with a fake clock.
 */
import * as assert from 'node:assert/strict';
import { ShortLived } from '../../../src/extension/shortLived';

describe('ShortLived: the settings read once per second, and again on a change event', () => {
  let now: number;
  let reads: number;
  const kept = () => new ShortLived(() => ++reads, 1000, () => now);
  beforeEach(() => {
    now = 0;
    reads = 0;
  });

  it('reads nothing until asked, then once for every use within the keeping time', () => {
    const value = kept();
    assert.equal(reads, 0, 'no read at construction (activation stays cheap)');
    for (let i = 0; i < 500; i++) {
      assert.equal(value.value, 1);
      now += 1;
    }
    assert.equal(reads, 1, '500 uses over 0.5 s: one read');
  });

  it('reads again once the keeping time has passed, so a value replaced without an event is served for a second at most', () => {
    const value = kept();
    assert.equal(value.value, 1);
    now = 999;
    assert.equal(value.value, 1);
    now = 1000;
    assert.equal(value.value, 2);
    assert.equal(reads, 2);
  });

  it('reads again at the next use after forget (a configuration or trust event), then keeps that value', () => {
    const value = kept();
    assert.equal(value.value, 1);
    value.forget();
    assert.equal(reads, 1, 'forgetting reads nothing by itself');
    assert.equal(value.value, 2);
    assert.equal(value.value, 2);
    assert.equal(reads, 2);
  });
});
