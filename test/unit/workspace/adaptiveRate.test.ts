import * as assert from 'node:assert/strict';
import { AdaptiveRate } from '../../../src/core/workspace/adaptiveRate';
import { HttpResponse } from '../../../src/core/net/httpsClient';
import { RequestLimiter, workspaceLimiters } from '../../../src/core/workspace/limiter';

/**
 * A discrete-event clock: sleepers wake in the order of their deadlines, and time jumps from one
 * deadline to the next once everything runnable has run. A simulated minute takes milliseconds.
 */
function eventClock() {
  let now = 0;
  let seq = 0;
  const timers: { at: number; seq: number; wake: () => void }[] = [];
  const sleep = (ms: number) => new Promise<void>((wake) => timers.push({ at: now + Math.max(0, ms), seq: seq++, wake }));
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  async function runUntil<T>(work: Promise<T>): Promise<T> {
    let finished = false;
    void work.then(() => (finished = true), () => (finished = true));
    for (;;) {
      await settle();
      if (finished) return work;
      if (timers.length === 0) throw new Error('the simulation stalled: nothing runs and no timer is set');
      let next = 0;
      for (let i = 1; i < timers.length; i++) if (timers[i]!.at < timers[next]!.at || (timers[i]!.at === timers[next]!.at && timers[i]!.seq < timers[next]!.seq)) next = i;
      const [timer] = timers.splice(next, 1);
      now = Math.max(now, timer!.at);
      timer!.wake();
    }
  }
  return { now: () => now, sleep, runUntil };
}

/**
 * The sandbox's model of a Databricks endpoint (test/fakes/workspace/rateLimiter.ts): at most
 * `limit` requests admitted in any sliding 1000 ms at the server, 429 with Retry-After: 1 beyond;
 * `latency` each way plus a few ms of jitter.
 */
function simulatedServer(clock: ReturnType<typeof eventClock>, limit: number, latency = 25, stall?: { everyMs: number; ms: number }) {
  const admitted: number[] = [];
  let served = 0;
  let throttled = 0;
  let jitter = 7;
  const send = async (): Promise<HttpResponse> => {
    jitter = (jitter * 31 + 11) % 97;
    await clock.sleep(latency + (jitter % 6));
    // A busy server (or network) stalls now and then: what arrives meanwhile is counted at once after.
    const phase = stall ? clock.now() % stall.everyMs : 0;
    if (stall && phase < stall.ms) await clock.sleep(stall.ms - phase);
    const t = clock.now();
    while (admitted.length > 0 && admitted[0]! <= t - 1000) admitted.shift();
    const ok = admitted.length < limit;
    if (ok) admitted.push(t);
    await clock.sleep(latency);
    if (ok) {
      served++;
      return { status: 200, headers: {}, body: '{}' };
    }
    throttled++;
    return { status: 429, headers: { 'retry-after': '1' }, body: '{"error_code":"REQUEST_LIMIT_EXCEEDED"}' };
  };
  return { send, stats: () => ({ served, throttled }) };
}

/** As the tree fills a list: up to `inFlight` reads at once at background priority, after a visible screenful. */
async function fill(limiter: RequestLimiter, send: () => Promise<HttpResponse>, total: number, inFlight = 64, visible = 200): Promise<void> {
  let next = visible;
  const worker = async () => {
    while (next < total) {
      next++;
      assert.equal((await limiter.run(send, 'background')).status, 200);
    }
  };
  await Promise.all([...Array.from({ length: visible }, () => limiter.run(send)), ...Array.from({ length: inFlight }, worker)]);
}

describe('AdaptiveRate', () => {
  it('starts at 50 under the ceiling, raises by half per saturated window until the first 429, then only probes', () => {
    const rate = new AdaptiveRate({ windowMs: 1000 });
    assert.equal(rate.limit, 50);
    rate.saturated(0);
    rate.saturated(500);
    assert.equal(rate.limit, 50, 'at most one raise per window');
    rate.saturated(1000);
    assert.equal(rate.limit, 75);
    rate.saturated(2000);
    assert.equal(rate.limit, 113);
    rate.throttled(1900, 104.5, 2100);
    assert.equal(rate.limit, 102, '2% under the smaller of the pace and what was achieved');
    rate.throttled(2050, 104, 2150);
    assert.equal(rate.limit, 102, 'a 429 of a request started before the decrease is the same overload');
    rate.saturated(3000);
    rate.saturated(4_000);
    assert.equal(rate.limit, 102, 'after a 429 raises wait 2 s for the overload to drain');
    rate.saturated(5_000);
    assert.equal(rate.limit, 103, 'then climb back a window at a time towards the pace the 429 came at');
    const slow = new AdaptiveRate({ windowMs: 1000, initial: 20 });
    slow.throttled(0, 20, 0);
    assert.equal(slow.limit, 19, 'at least one step down');
  });

  /** A rate whose slow start has raised it twice without a 429: 50, 75, 113. */
  function raisedTwice(): AdaptiveRate {
    const rate = new AdaptiveRate({ windowMs: 1000 });
    for (const at of [0, 1000, 2000]) rate.saturated(at);
    return rate;
  }

  it('takes slow start\'s overshoot for its own: a 429 after more than the last window\'s pace pauses no queue, one under it does', () => {
    const overshoot = raisedTwice();
    assert.equal(overshoot.limit, 113);
    // A limit of 100 refuses the pace of 113 when 100 of ours are in its second: under nine tenths of the pace, yet ours.
    assert.equal(overshoot.throttled(2500, 100, 2600), true);
    assert.equal(overshoot.limit, 98, 'our count in that second, less 2%');
    // Ours, so our count is the measure, however far under the pace: not a tenth down at most (that stays above a limit of 88).
    const far = raisedTwice();
    assert.equal(far.throttled(2500, 88, 2600), true);
    assert.equal(far.limit, 86);
    const crowded = raisedTwice();
    assert.equal(crowded.throttled(2500, 60, 2600), false, 'fewer than the 75 that passed a window before: someone else\'s load');
  });

  it('lowers once per overload: 429s of requests started within a window after the decrease do not lower it again', () => {
    const rate = new AdaptiveRate({ windowMs: 1100, initial: 101, learned: 101 });
    assert.equal(rate.throttled(1000, 101, 1060), true, 'we had started our whole pace in that second: ours');
    assert.equal(rate.limit, 98, 'a learned pace steps down 3%');
    // Started after the decrease, yet the server's second still held the overload's starts.
    for (const startedAt of [1080, 1200, 1500, 2100]) rate.throttled(startedAt, 99, startedAt + 60);
    assert.equal(rate.limit, 98, 'a burst of 429s right after a decrease is one overload');
    rate.throttled(2200, 99, 2260);
    assert.equal(rate.limit, 95, 'a window later a 429 is news');
    const other = new AdaptiveRate({ windowMs: 1100, initial: 100, learned: 100 });
    assert.equal(other.throttled(0, 40, 60), false, 'a 429 when we ran far under our pace is someone else\'s load: the queue pauses');
    assert.equal(other.limit, 88, 'and the pace goes down a tenth (and the usual step), not to the 40 of ours the server saw');
  });

  it('steps down a fixed 3% for a later 429 of ours, whatever it counted in the server\'s second (bunching is noise), then climbs back quickly to just under where the 429 came and probes above only every 60 s', () => {
    const rate = new AdaptiveRate({ windowMs: 1100, initial: 107, learned: 107 });
    rate.throttled(0, 98, 60);
    assert.equal(rate.limit, 104, 'the learned pace steps down 3%, not to the 98 counted (less 2%)');
    rate.saturated(100);
    rate.saturated(2_000);
    assert.equal(rate.limit, 104, 'the overload drains for 2 s first');
    rate.saturated(2_200);
    assert.equal(rate.limit, 105);
    rate.saturated(2_500);
    assert.equal(rate.limit, 105, 'then one a window');
    rate.saturated(3_300);
    assert.equal(rate.limit, 106, 'one below the pace the 429 came at');
    rate.saturated(4_500);
    rate.saturated(40_000);
    assert.equal(rate.limit, 106, 'at it only a probe a minute');
    rate.saturated(63_400);
    assert.equal(rate.limit, 107);
  });

  it('resumes a learned pace after a first window at the first pace: a new process does not meet the last one\'s tail with a full burst', () => {
    const rate = new AdaptiveRate({ windowMs: 1100, initial: 55, learned: 107 });
    assert.equal(rate.limit, 55);
    rate.saturated(0);
    rate.saturated(1000);
    assert.equal(rate.limit, 55);
    rate.saturated(1100);
    assert.equal(rate.limit, 107, 'the learned pace, no slow start');
    assert.equal(new AdaptiveRate({ windowMs: 1100, initial: 55, learned: 40 }).limit, 40, 'a learned pace under the first one from the start');
    const tail = new AdaptiveRate({ windowMs: 1100, initial: 55, learned: 107 });
    tail.saturated(0);
    assert.equal(tail.throttled(100, 55, 160), false, 'a 429 in the first window is the last process\'s tail: the queue waits');
    tail.saturated(1100);
    assert.equal(tail.limit, 107, 'and the learned pace stands');
  });

  it('never goes above the ceiling, nor starts above it', () => {
    const rate = new AdaptiveRate({ windowMs: 1000, ceiling: 30 });
    assert.equal(rate.limit, 30);
    for (let t = 0; t < 10_000; t += 1000) rate.saturated(t);
    assert.equal(rate.limit, 30);
    const room = new AdaptiveRate({ windowMs: 1000, ceiling: 60 });
    for (let t = 0; t < 10_000; t += 1000) room.saturated(t);
    assert.equal(room.limit, 60);
  });
});

/**
 * 12,000 reads through a fresh limiter with the shipped settings against a simulated server with a
 * limit of 100/s (and optional stalls): asserts all were served and 429s stayed under 1%; answers
 * the time as a multiple of the 120 s bound, with a message naming it, and the limiter.
 */
async function twelveThousandReads(stall?: { everyMs: number; ms: number }): Promise<{ ratio: number; said: string; limiter: RequestLimiter }> {
  const clock = eventClock();
  const server = simulatedServer(clock, 100, 25, stall);
  const limiter = new RequestLimiter({ maxConcurrent: 50, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
  await clock.runUntil(fill(limiter, server.send, 12_000));
  const { served, throttled } = server.stats();
  assert.equal(served, 12_000);
  assert.ok(throttled / (served + throttled) < 0.01, `${throttled} 429s of ${served + throttled} requests`);
  const ratio = clock.now() / 120_000;
  return { ratio, said: `12,000 reads took ${(clock.now() / 1000).toFixed(1)} s = ${ratio.toFixed(3)}× the 120 s bound, ${throttled} 429s`, limiter };
}

describe('RequestLimiter against a server limit it is not told', () => {
  it('converges on a 100/s server: 12,000 reads within 1.08× the bound, 429s under 1%', async function () {
    this.timeout(60_000);
    const { ratio, said, limiter } = await twelveThousandReads();
    assert.ok(ratio <= 1.08, said);
    assert.ok(limiter.requestsPerWindow >= 100 && limiter.requestsPerWindow <= 112, `settled at ${limiter.requestsPerWindow} per 1.1 s window`);
  });

  it('does not pause the whole queue for a 429 its own pace drew: 12,000 reads within 1.05× the bound', async function () {
    this.timeout(60_000);
    const { ratio, said } = await twelveThousandReads();
    assert.ok(ratio <= 1.05, said);
  });

  it('keeps near the limit when a busy server bunches requests: 12,000 reads within 1.08× the bound, 429s under 1%', async function () {
    this.timeout(60_000);
    // A 40 ms stall every 1.3 s: a second holding one bunches a few reads more than our even pace sent.
    const { ratio, said } = await twelveThousandReads({ everyMs: 1300, ms: 40 });
    assert.ok(ratio <= 1.08, said);
  });

  it('honours the ceiling: never more than it in a window, and no 429 below the server limit', async function () {
    this.timeout(30_000);
    const clock = eventClock();
    const server = simulatedServer(clock, 100);
    const limiter = new RequestLimiter({ maxConcurrent: 50, requestsPerSecond: 40, windowMs: 1000, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    const starts: number[] = [];
    await clock.runUntil(fill(limiter, () => (starts.push(clock.now()), server.send()), 2_000));
    assert.equal(server.stats().throttled, 0);
    assert.equal(limiter.requestsPerWindow, 40);
    for (let i = 40; i < starts.length; i++) assert.ok(starts[i]! - starts[i - 40]! >= 1000, `41 starts within a second at ${starts[i - 40]}`);
  });

  it('after a 429 pauses for Retry-After, goes on under the rate that drew it, and every read succeeds', async function () {
    this.timeout(30_000);
    const clock = eventClock();
    const server = simulatedServer(clock, 30);
    const limiter = new RequestLimiter({ maxConcurrent: 50, now: clock.now, sleep: clock.sleep, random: () => 0 });
    await clock.runUntil(fill(limiter, server.send, 1_500, 64, 0));
    const { served, throttled } = server.stats();
    assert.equal(served, 1_500);
    assert.ok(throttled > 0, 'the first pace (50) is above this server\'s 30/s');
    assert.ok(limiter.requestsPerWindow <= 33, `learned ${limiter.requestsPerWindow} per 1.1 s window for a 30/s server`);
    assert.ok(throttled / (served + throttled) < 0.02, `${throttled} 429s of ${served + throttled}`);
    // At 30/s one step of the pace is 3%, and the first pace (50) overshoots by two thirds: a looser bound than at 100/s.
    assert.ok(clock.now() / 50_000 <= 1.25, `1,500 reads at 30/s took ${(clock.now() / 1000).toFixed(1)} s`);
  });

  it('learns apart for permission reads and for lists: a 429 on one leaves the other\'s pace alone', async function () {
    this.timeout(30_000);
    const clock = eventClock();
    const limiters = workspaceLimiters(0);
    const acl = new RequestLimiter({ maxConcurrent: 50, now: clock.now, sleep: clock.sleep, random: () => 0 });
    const read = new RequestLimiter({ maxConcurrent: 50, now: clock.now, sleep: clock.sleep, random: () => 0 });
    const aclServer = simulatedServer(clock, 40);
    const readServer = simulatedServer(clock, 1000);
    await clock.runUntil(Promise.all([fill(acl, aclServer.send, 1_000, 64, 0), fill(read, readServer.send, 1_000, 64, 0)]));
    assert.ok(aclServer.stats().throttled > 0);
    assert.equal(readServer.stats().throttled, 0);
    assert.ok(acl.requestsPerWindow < 50, `permission reads learned ${acl.requestsPerWindow}`);
    assert.ok(read.requestsPerWindow > 50, `lists kept rising: ${read.requestsPerWindow}`);
    assert.notEqual(limiters.acl, limiters.read);
    assert.equal(limiters.acl.requestsPerWindow, 55, 'a workspace map\'s permission reads start without a ceiling at 55 per window');
    assert.equal(limiters.read.requestsPerWindow, 50, 'its lists and SCIM reads at 50');
  });

  it('lets a workspace map start a first screenful of 50 permission reads in the first second', async () => {
    const clock = eventClock();
    const { acl } = workspaceLimiters(0);
    const starts: number[] = [];
    // The map's own limiter, on the simulated clock: the same options the map gets, time injected.
    const limiter = new RequestLimiter({ maxConcurrent: 50, initialPerSecond: acl.requestsPerWindow, now: clock.now, sleep: clock.sleep, random: () => 0 });
    const server = simulatedServer(clock, 100);
    await clock.runUntil(Promise.all(Array.from({ length: 60 }, () => limiter.run(() => (starts.push(clock.now()), server.send())))));
    assert.equal(starts.filter((t) => t < 1000).length, 50, `started in the first second: ${starts.filter((t) => t < 1000).length}`);
  });

  it('counts the whole burst a refused request started in: a 429 early in a burst does not sink the pace', async function () {
    this.timeout(30_000);
    const clock = eventClock();
    const limiter = new RequestLimiter({ maxConcurrent: 50, initialPerSecond: 55, now: clock.now, sleep: clock.sleep, random: () => 0 });
    // The server takes a burst's requests in another order than they started (jitter): the third
    // to start is the one over its limit of 30 and gets the 429.
    let sent = 0;
    const server = simulatedServer(clock, 30);
    const send = async (): Promise<HttpResponse> => {
      if (++sent !== 3) return server.send();
      await clock.sleep(50);
      return { status: 429, headers: { 'retry-after': '1' }, body: '{"error_code":"REQUEST_LIMIT_EXCEEDED"}' };
    };
    await clock.runUntil(Promise.all(Array.from({ length: 55 }, () => limiter.run(send))));
    assert.ok(limiter.requestsPerWindow >= 30, `after one 429 in a burst of 55 the pace is ${limiter.requestsPerWindow} per window`);
  });
});
