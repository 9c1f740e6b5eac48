/**
 * The tree's change batching (src/extension/views/tree/changeBatcher.ts): while 100,000 objects
 * fill, at most one change event per interval reaches VS Code, with a fake clock.
 */
import * as assert from 'node:assert/strict';
import { BatchClock, ChangeBatcher } from '../../../src/extension/views/tree/changeBatcher';

class FakeClock implements BatchClock {
  now = 0;
  private timers: { at: number; callback: () => void; handle: number }[] = [];
  private next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.next++;
    this.timers.push({ at: this.now + ms, callback, handle });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }
  get pending(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }
}

describe('ChangeBatcher', () => {
  let clock: FakeClock;
  let fired: (string[] | undefined)[];
  let batcher: ChangeBatcher<string>;
  beforeEach(() => {
    clock = new FakeClock();
    fired = [];
    batcher = new ChangeBatcher<string>((change) => fired.push(change), 150, clock);
  });

  it('fires one event for a thousand verdicts arriving within one interval, naming each node once', () => {
    for (let i = 0; i < 1000; i++) batcher.node(`n${i % 200}`);
    assert.equal(clock.pending, 1, 'one timer for the whole burst, not one per row');
    assert.deepEqual(fired, []);
    clock.advance(150);
    assert.equal(fired.length, 1);
    assert.equal((fired[0] as string[] | undefined)?.length, 200);
  });

  it('fires at most once per interval under a steady stream of changes', () => {
    // A verdict every 2 ms for 3 s: at most 3000 / 150 = 20 events, not 1,500.
    for (let t = 0; t < 3000; t += 2) {
      batcher.node(`n${t}`);
      clock.advance(2);
    }
    clock.advance(150);
    assert.ok(fired.length <= 21, `${fired.length} events`);
    assert.equal(fired.flat().length, 1500, 'every changed node is redrawn');
  });

  it('a whole-tree change covers the nodes changed in the same interval', () => {
    batcher.node('a');
    batcher.all();
    batcher.node('b');
    clock.advance(150);
    assert.deepEqual(fired, [undefined]);
    batcher.node('c');
    clock.advance(150);
    assert.deepEqual(fired, [undefined, ['c']]);
  });

  it('cancel and dispose drop what is pending: no event after the tree is refreshed or gone', () => {
    batcher.node('a');
    batcher.cancel();
    clock.advance(500);
    assert.deepEqual(fired, []);
    batcher.all();
    batcher.dispose();
    clock.advance(500);
    assert.deepEqual(fired, []);
    assert.equal(clock.pending, 0);
  });

  describe('counts (the slow lane)', () => {
    it('redraws a count at most once per second under a steady stream, and its last value shows', () => {
      // Fill progress every 10 ms for 5 s: 5 events, not 500 (nor the fast lane's 33).
      for (let t = 0; t < 5000; t += 10) {
        batcher.count('workspace');
        clock.advance(10);
      }
      assert.equal(fired.length, 5, `${fired.length} events`);
      assert.ok(fired.every((change) => change?.length === 1 && change[0] === 'workspace'));
      batcher.count('workspace');
      clock.advance(999);
      assert.equal(fired.length, 5, 'not before the second is up');
      clock.advance(1);
      assert.equal(fired.length, 6, 'the last count is drawn');
    });

    it('rides along with a fast batch, so it never waits behind one', () => {
      batcher.node('a');
      batcher.count('workspace');
      clock.advance(150);
      assert.deepEqual(fired, [['a', 'workspace']]);
      // Count first, then a verdict: the batch 150 ms later takes both, and nothing fires at 1 s.
      batcher.count('workspace');
      clock.advance(100);
      batcher.node('b');
      clock.advance(150);
      assert.deepEqual([...(fired[1] ?? [])].sort(), ['b', 'workspace']);
      clock.advance(2000);
      assert.equal(fired.length, 2, 'no second event for the count');
      assert.equal(clock.pending, 0);
    });

    it('a whole-tree change covers a pending count; cancel drops it', () => {
      batcher.count('workspace');
      batcher.all();
      clock.advance(150);
      assert.deepEqual(fired, [undefined]);
      batcher.count('workspace');
      batcher.cancel();
      clock.advance(5000);
      assert.deepEqual(fired, [undefined]);
      assert.equal(clock.pending, 0);
    });
  });
});
