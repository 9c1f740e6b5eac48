import * as assert from 'node:assert/strict';
import { RequestLimiter } from '../../../src/core/workspace/limiter';
import { StartSpreader } from '../../../src/core/workspace/startSpreader';

/** A hand-turned event loop: `turn()` runs what was deferred to the next turn, then lets the microtasks run. */
function manualTurns() {
  let next: Array<() => void> = [];
  return {
    defer: (fn: () => void) => void next.push(fn),
    async turn(): Promise<void> {
      const due = next;
      next = [];
      for (const fn of due) fn();
      await microtasks();
    },
  };
}

describe('StartSpreader', () => {
  it('lets at most perTurn requests start in one turn, the rest in order on the turns after', async () => {
    const loop = manualTurns();
    const spreader = new StartSpreader({ perTurn: 3, defer: loop.defer });
    const started: number[] = [];
    for (let i = 0; i < 8; i++) void later(spreader.pass()).then(() => started.push(i));
    await microtasks(); // this turn only: nothing deferred has run yet
    assert.deepEqual(started, [0, 1, 2]);
    assert.equal(spreader.queued, 5);
    await loop.turn();
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
    await loop.turn();
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(spreader.queued, 0);
  });

  it('counts a turn afresh: a newcomer after a quiet turn starts at once, one during a full turn waits behind the queue', async () => {
    const loop = manualTurns();
    const spreader = new StartSpreader({ perTurn: 2, defer: loop.defer });
    const started: string[] = [];
    void later(spreader.pass()).then(() => started.push('a'));
    void later(spreader.pass()).then(() => started.push('b'));
    void later(spreader.pass()).then(() => started.push('c'));
    await loop.turn(); // c starts; this turn is now at 1 of 2
    void later(spreader.pass()).then(() => started.push('d')); // room left in this turn
    void later(spreader.pass()).then(() => started.push('e')); // turn full: waits
    await microtasks();
    assert.deepEqual(started, ['a', 'b', 'c', 'd']);
    await loop.turn();
    assert.deepEqual(started, ['a', 'b', 'c', 'd', 'e']);
    await loop.turn(); // nothing started in the turn before: counting stops until the next pass
    await loop.turn();
    void later(spreader.pass()).then(() => started.push('f'));
    await microtasks();
    assert.deepEqual(started, ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('with real setImmediate, 50 requests the limiter allows at once reach send() over turns, never more than perTurn in one', async () => {
    const spreader = new StartSpreader({ perTurn: 4 });
    const limiter = new RequestLimiter({ maxConcurrent: 50, initialPerSecond: 55, spreader });
    let turn = 0;
    let ticking = true;
    const tick = (): void => void setImmediate(() => {
      turn++;
      if (ticking) tick();
    });
    tick();
    const perTurn = new Map<number, number>();
    const calls = Array.from({ length: 50 }, () =>
      limiter.run(async () => {
        perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
        return { status: 200, headers: {}, body: '' };
      }),
    );
    await Promise.all(calls);
    ticking = false;
    assert.equal([...perTurn.values()].reduce((a, b) => a + b, 0), 50);
    assert.ok(Math.max(...perTurn.values()) <= 4, `starts per turn: ${JSON.stringify([...perTurn])}`);
  });
});

/** pass() as a promise either way, to record the order things start in. */
function later(turn: Promise<void> | undefined): Promise<void> {
  return turn ?? Promise.resolve();
}

async function microtasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
