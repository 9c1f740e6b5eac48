import * as assert from 'node:assert/strict';
import { HttpResponse } from '../../../src/core/net/httpsClient';
import { RequestLimiter, retryAfterMs } from '../../../src/core/workspace/limiter';
import { StartSpreader } from '../../../src/core/workspace/startSpreader';

/**
 * A virtual clock: sleeping advances time instantly, so the test measures the schedule, not the
 * machine. No spreading over real event-loop turns (startSpreader.test.ts covers that): those would
 * let virtual time run on between a start and its send.
 */
function virtualClock() {
  let now = 0;
  return {
    spreader: new StartSpreader({ perTurn: Infinity }),
    now: () => now,
    sleep: async (ms: number) => {
      const target = now + ms;
      await Promise.resolve();
      now = Math.max(now, target);
    },
  };
}

const ok: HttpResponse = { status: 200, headers: {}, body: '{}' };

describe('RequestLimiter', () => {
  it('reads Retry-After as seconds or a date, capped', () => {
    assert.equal(retryAfterMs('2', 0), 2000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
    assert.equal(retryAfterMs('9999', 0), 60_000);
    assert.equal(retryAfterMs('soon', 0), undefined);
    assert.equal(retryAfterMs(undefined, 0), undefined);
  });

  it('never has more than maxConcurrent requests in flight', async () => {
    const limiter = new RequestLimiter({ maxConcurrent: 3, requestsPerSecond: 1_000_000 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 20 }, () => limiter.run(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return ok;
    })));
    assert.equal(peak, 3);
  });

  it('starts at most requestsPerSecond requests in any sliding second, the first ones at once', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({ maxConcurrent: 50, requestsPerSecond: 10, ...clock, random: () => 0 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 30 }, () => limiter.run(async () => { starts.push(clock.now()); return ok; })));
    assert.equal(starts.length, 30);
    assert.equal(starts.filter((t) => t === 0).length, 10, 'the first second\'s worth goes out at once');
    assert.ok(Math.max(...starts) >= 2000, `30 requests at 10/s need ≥ 2 s of windows, took ${Math.max(...starts)}`);
    for (const t of starts) assert.ok(starts.filter((u) => u >= t && u < t + 1000).length <= 10, `window at ${t}`);
  });

  it('pauses the whole queue for Retry-After after a 429 and then succeeds', async () => {
    const clock = virtualClock();
    const throttles: number[] = [];
    const limiter = new RequestLimiter({ maxConcurrent: 4, requestsPerSecond: 1000, ...clock, random: () => 0, onThrottle: (_s, wait) => throttles.push(wait) });
    let calls = 0;
    const starts: number[] = [];
    const results = await Promise.all(Array.from({ length: 5 }, () => limiter.run(async () => {
      calls++;
      starts.push(clock.now());
      return calls === 1 ? { status: 429, headers: { 'retry-after': '2' }, body: '{"error_code":"REQUEST_LIMIT_EXCEEDED"}' } : ok;
    })));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.deepEqual(throttles, [2000]);
    assert.ok(starts.slice(-1)[0]! >= 2000, 'the retried request waited for Retry-After');
  });

  it('backs off exponentially on 503 without Retry-After and gives up after maxRetries', async () => {
    const clock = virtualClock();
    const waits: number[] = [];
    const limiter = new RequestLimiter({ maxRetries: 3, ...clock, random: () => 0, onThrottle: (_s, w) => waits.push(w) });
    const response = await limiter.run(async () => ({ status: 503, headers: {}, body: 'unavailable' }));
    assert.equal(response.status, 503);
    assert.deepEqual(waits, [1000, 2000, 4000]);
  });

  it('lets a visible request overtake background ones waiting for a place and for the rate window', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({ maxConcurrent: 2, requestsPerSecond: 5, ...clock, random: () => 0 });
    const order: string[] = [];
    const request = (name: string) => async () => {
      order.push(name);
      await clock.sleep(50);
      return ok;
    };
    const background = Array.from({ length: 20 }, (_, i) => limiter.run(request(`b${i}`), 'background'));
    // Asked after 20 background requests: it must not wait behind them.
    const visible = limiter.run(request('visible'));
    await Promise.all([...background, visible]);
    assert.equal(order.length, 21);
    assert.ok(order.indexOf('visible') <= 2, `the visible request started as soon as a place was free, at ${order.indexOf('visible')}: ${order.slice(0, 5).join(' ')}`);
  });

  it('keeps the rate with both priorities together', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({ maxConcurrent: 50, requestsPerSecond: 10, ...clock, random: () => 0 });
    const starts: number[] = [];
    const record = async () => {
      starts.push(clock.now());
      return ok;
    };
    await Promise.all([
      ...Array.from({ length: 25 }, () => limiter.run(record, 'background')),
      ...Array.from({ length: 15 }, () => limiter.run(record)),
    ]);
    assert.equal(starts.length, 40);
    for (const t of starts) assert.ok(starts.filter((u) => u >= t && u < t + 1000).length <= 10, `window at ${t}`);
  });

  it('spaces background requests evenly at the rate instead of a burst per window', async () => {
    const clock = virtualClock();
    const limiter = new RequestLimiter({ maxConcurrent: 50, requestsPerSecond: 10, windowMs: 1000, ...clock, random: () => 0 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 30 }, () => limiter.run(async () => (starts.push(clock.now()), ok), 'background')));
    const sameInstant = Math.max(...starts.map((t) => starts.filter((u) => u === t).length));
    assert.ok(sameInstant <= 5, `at most a small catch-up burst starts at once, not a window's worth: ${sameInstant}`);
    const late = starts.slice(5);
    for (let i = 1; i < late.length; i++) assert.ok(late[i]! - late[i - 1]! >= 99, `evenly spaced: ${late.slice(0, 8).join(', ')}`);
    for (const t of starts) assert.ok(starts.filter((u) => u >= t && u < t + 1000).length <= 10, `window at ${t}`);
  });

  it('gives up a request cancelled while it waits for its turn of the event loop', async () => {
    // Turns by hand: the spreader lets 1 request start per turn, and the next turn comes when the test says.
    const turns: Array<() => void> = [];
    const limiter = new RequestLimiter({ maxConcurrent: 10, requestsPerSecond: 1_000_000, spreader: new StartSpreader({ perTurn: 1, defer: (next) => turns.push(next) }) });
    let sent = 0;
    const send = async () => (sent++, ok);
    const requests = Array.from({ length: 3 }, () => limiter.run(send));
    await new Promise((r) => setImmediate(r));
    assert.equal(sent, 1, 'one starts in this turn, two wait for later turns');
    limiter.cancelPending();
    while (turns.length > 0) turns.shift()!();
    const outcomes = await Promise.allSettled(requests);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'rejected']);
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /cancelled before it started/);
    assert.equal(sent, 1, 'nothing cancelled went out');
    assert.equal(limiter.pending, 0, 'their places are given back');
  });

  it('gives up the requests that have not started when cancelled, and goes on with new ones', async () => {
    const limiter = new RequestLimiter({ maxConcurrent: 2, requestsPerSecond: 1_000_000 });
    let sent = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const send = async () => {
      sent++;
      await gate;
      return ok;
    };
    const running = [limiter.run(send), limiter.run(send)];
    const queued = Array.from({ length: 5 }, () => limiter.run(send, 'background'));
    await new Promise((r) => setTimeout(r, 10));
    limiter.cancelPending();
    const outcomes = await Promise.allSettled(queued);
    assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    assert.match(String((outcomes[0] as PromiseRejectedResult).reason), /cancelled before it started/);
    release();
    assert.deepEqual((await Promise.all(running)).map((r) => r.status), [200, 200], 'what was sent finishes');
    assert.equal((await limiter.run(send)).status, 200, 'a new request after the cancel goes out');
    assert.equal(sent, 3);
    assert.equal(limiter.pending, 0);
  });
});
