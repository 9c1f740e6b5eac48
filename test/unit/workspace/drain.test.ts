import * as assert from 'node:assert/strict';
import { drainedAt } from '../../../src/core/workspace/drain';

describe('drainedAt (a 429 our own pace explains holds the queue briefly)', () => {
  // 100 starts 10 ms apart from t=0; the one at 990 was refused.
  const starts = Array.from({ length: 100 }, (_, i) => i * 10);

  it('waits until as many of the full second\'s oldest starts have aged out as were sent since the refused one, and one more', () => {
    // Sent since the refused start: 3 (1000, 1010, 1020 are not in `starts`; add them).
    const withSince = [...starts, 1000, 1010, 1020];
    assert.equal(drainedAt(withSince, 990, 1025), 1030, 'the 4th oldest (30) ages out at 1030: room for the three in flight and the next');
  });

  it('never holds the queue longer than 250 ms, nor into the past', () => {
    const busy = [...starts, ...Array.from({ length: 60 }, (_, i) => 1000 + i)];
    assert.equal(drainedAt(busy, 990, 1070), 1070 + 250, 'capped');
    assert.equal(drainedAt(starts, 990, 1500), 1500, 'already drained: go on now');
  });
});
