/**
 * Keeps our load on a workspace polite: at most `maxConcurrent` requests in
 * flight, at most a learned number started in any sliding window (adaptiveRate.ts:
 * it rises while no 429 comes and settles just under the server's real limit,
 * never above the `requestsPerSecond` ceiling; a sliding window, as Databricks
 * counts, lets the first screenful go out at once), and on a 429 or 503 the
 * whole queue pauses for the server's Retry-After (or an exponential backoff
 * with jitter), not just the one call, unless our own pace explains the 429
 * (then the refused request waits, and the others only until the server's
 * second has drained: drain.ts). Each request is retried a bounded number of times.
 *
 * Requests come in two priorities. `visible` ones (what the tree shows) go
 * first, a screenful at once: a `background` request waits while any visible
 * one waits for a place or a start, so filling in thousands of objects behind
 * never delays the screenful the user looks at by more than the requests
 * already in flight. Background requests are also spaced evenly at the rate, and
 * so are visible ones that found the window full (a long visible queue, as the
 * command line's, then reaches the server as a stream, not a burst per window).
 */
import { CancelledError } from '../errors';
import { HttpResponse } from '../net/httpsClient';
import { parseRetryAfterMs } from '../net/retryAfter';
import { AdaptiveRate } from './adaptiveRate';
import { StartSpreader, processStartSpreader } from './startSpreader';
import { drainedAt } from './drain';
import type { AuthorizedHttp } from './authorizedHttp';
import type { RememberedPace } from './paceMemory';

export interface LimiterOptions {
  readonly maxConcurrent?: number;
  /** The ceiling on the learned pace, in starts per window; absent or 0, none (the server's 429s set it). */
  readonly requestsPerSecond?: number;
  /** Where the learned pace begins (starts per window); default 50. */
  readonly initialPerSecond?: number;
  /** A pace per second learned from 429s before (paceMemory.ts): runs at it after a first window at the initial pace, without a slow start. */
  readonly learnedPerSecond?: number;
  /** Told each pace per second that a 429 (or a probe after one) taught. */
  readonly onLearned?: (perSecond: number) => void;
  readonly maxRetries?: number;
  /** Injectable for tests: milliseconds since the epoch, sleeping, and randomness for jitter. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly onThrottle?: (status: number, waitMs: number) => void;
  /**
   * The window we count starts in. A little longer than the server's second: our start
   * and the server's count differ by network jitter, and bursts that straddle the
   * boundary would otherwise land in one server window. Default 1100 ms.
   */
  readonly windowMs?: number;
  /** Spreads the starts this allows over turns of the event loop (startSpreader.ts); default the process's one. */
  readonly spreader?: StartSpreader;
}

export type Priority = 'visible' | 'background';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

const RETRYABLE = new Set([429, 503]);
const MAX_WAIT_MS = 60_000;
/** How long a background request that gave way to a visible one waits before it looks again. */
const YIELD_MS = 20;
/** Starts this close after a refused one were one burst with it: the server may have counted them first. */
const SAME_BURST_MS = 5;
/** How long past the window starts are remembered: a 429 answered this late still counts its second right. */
const STARTS_KEPT_MS = 10_000;
/** How many paced starts a late timer may catch up at once. */
const PACE_SLACK = 4;

/** Retry-After in seconds or as an HTTP date, at most a minute; Databricks' default when absent is 1 s. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  return parseRetryAfterMs(header, now, MAX_WAIT_MS);
}

export class RequestLimiter {
  private active = 0;
  private readonly waiting: Record<Priority, Waiter[]> = { visible: [], background: [] };
  /** Bumped by cancelPending: requests that have not started yet see it and give up. */
  private generation = 0;
  /** Visible requests holding a place and waiting for a start: background ones hold back while there are any. */
  private visibleWaiting = 0;
  /** When the next background request may start, on the even pace. */
  private nextPaced = 0;
  /** Start times within the last window and STARTS_KEPT_MS before it, oldest first. */
  private readonly starts: number[] = [];
  private pausedUntil = 0;
  private readonly maxConcurrent: number;
  private readonly rate: AdaptiveRate;
  private readonly windowMs: number;
  private readonly maxRetries: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: LimiterOptions = {}) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 8);
    this.windowMs = options.windowMs ?? 1100;
    const learned = options.learnedPerSecond !== undefined ? Math.round((options.learnedPerSecond * this.windowMs) / 1000) : undefined;
    const onLearned = options.onLearned && ((perWindow: number) => options.onLearned?.((perWindow * 1000) / this.windowMs));
    this.rate = new AdaptiveRate({ ceiling: options.requestsPerSecond, initial: options.initialPerSecond, learned, onLearned, windowMs: this.windowMs });
    this.maxRetries = options.maxRetries ?? 5;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** How many requests it lets run at once: a burst through it needs no more connections. */
  get concurrency(): number {
    return this.maxConcurrent;
  }

  /** The learned pace: requests it starts per window now (for logs and tests). */
  get requestsPerWindow(): number {
    return this.rate.limit;
  }

  /** Requests running or waiting for a place. */
  get pending(): number {
    return this.active + this.waiting.visible.length + this.waiting.background.length;
  }

  private async acquire(priority: Priority): Promise<void> {
    if (this.active >= this.maxConcurrent) await new Promise<void>((resolve, reject) => this.waiting[priority].push({ resolve, reject }));
    else this.active++;
  }

  /**
   * Gives up every request that has not started: those waiting for a place fail at once, those
   * waiting for a start fail when they look again. Requests already sent finish. For a view that
   * was refreshed or signed out, whose queued reads nobody wants any more.
   */
  cancelPending(): void {
    this.generation++;
    const waiters = [...this.waiting.visible.splice(0), ...this.waiting.background.splice(0)];
    for (const waiter of waiters) waiter.reject(new CancelledError('The request was cancelled before it started.'));
  }

  /** Hands the place on (visible requests first) instead of freeing it, so no newcomer overtakes the queue. */
  private release(): void {
    const next = this.waiting.visible.shift() ?? this.waiting.background.shift();
    if (next) next.resolve();
    else this.active--;
  }

  /**
   * Our starts in the server's second up to a refused request's start, put in our window's unit
   * (while the pace rises, our longer window has not yet filled to the rate the server already
   * refused, and counting it would settle the pace needlessly low). Its burst included: requests
   * that started in the same few ms may reach the server before it (jitter), so counting only those
   * before it could read a handful where the server counted its whole limit, and the pace would
   * sink to that handful.
   */
  private inServerSecond(startedAt: number): number {
    let i = this.starts.length;
    while (i > 0 && (this.starts[i - 1] ?? 0) > startedAt + SAME_BURST_MS) i--;
    let j = i;
    while (j > 0 && (this.starts[j - 1] ?? 0) > startedAt - 1000) j--;
    return (i - j) * (this.windowMs / 1000);
  }

  /**
   * Waits for the shared pause and a free place in the sliding second, so a throttle slows every
   * caller. A background request also gives way while a visible one (which holds a place, so it
   * always gets on) waits for a start.
   */
  private async awaitSlot(priority: Priority, generation: number): Promise<{ startedAt: number }> {
    if (priority === 'visible') this.visibleWaiting++;
    let waited = false;
    try {
      for (;;) {
        if (generation !== this.generation) throw new CancelledError('The request was cancelled before it started.');
        const now = this.now();
        // Kept past the window while a slow answer may still be a 429 that counts them (inServerSecond).
        while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.windowMs - STARTS_KEPT_MS) this.starts.shift();
        const limit = this.rate.limit;
        // The window, and the server's own second within it: a burst after an idle spell stays
        // within the learned rate per second, not the (larger) count per window.
        const windowFreesAt = (this.starts[this.starts.length - limit] ?? now - this.windowMs) + this.windowMs;
        const secondFreesAt = (this.starts[this.starts.length - Math.ceil((limit * 1000) / this.windowMs)] ?? now - 1000) + 1000;
        // Background requests are spaced evenly: a fill of thousands then reaches the server as a
        // steady stream, not as a burst per window whose spread (by network and server load) could
        // let two bursts meet in one server second and earn a 429. Visible ones join the pace once
        // they had to wait, so a long visible queue does the same.
        const paced = priority === 'background' || waited ? this.nextPaced : now;
        const byPace = Math.max(windowFreesAt, secondFreesAt, paced);
        const start = Math.max(byPace, this.pausedUntil);
        if (start <= now && (priority === 'visible' || this.visibleWaiting === 0)) {
          this.starts.push(now);
          // The pace's own clock: a timer that fires late does not push every later start back (the
          // next ones catch up, a few at most at once); after an idle spell it starts afresh.
          const interval = this.windowMs / limit;
          this.nextPaced = Math.max(this.nextPaced + interval, now - PACE_SLACK * interval);
          return { startedAt: now };
        }
        // Demand beyond the pace (not a pause, not a background request giving way): room to learn upward.
        if (byPace > now && byPace >= this.pausedUntil) this.rate.saturated(now);
        waited = true;
        await this.sleep(Math.max(start - now, priority === 'visible' ? 0 : YIELD_MS));
      }
    } finally {
      if (priority === 'visible') this.visibleWaiting--;
    }
  }

  async run(send: () => Promise<HttpResponse>, priority: Priority = 'visible'): Promise<HttpResponse> {
    const generation = this.generation;
    await this.acquire(priority);
    try {
      for (let attempt = 0; ; attempt++) {
        const slot = await this.awaitSlot(priority, generation);
        const turn = (this.options.spreader ?? processStartSpreader).pass();
        if (turn) {
          await turn;
          // Cancelled while it waited for its turn (a refresh, a sign-out): it never goes out.
          if (generation !== this.generation) throw new CancelledError('The request was cancelled before it started.');
        }
        const response = await send();
        // Only a 429 teaches the pace: a 503 is the service's health, not our rate.
        const ours = response.status === 429 && this.rate.throttled(slot.startedAt, this.inServerSecond(slot.startedAt), this.now());
        if (!RETRYABLE.has(response.status) || attempt >= this.maxRetries) return response;
        const backoff = Math.min(MAX_WAIT_MS, 1000 * 2 ** attempt);
        const base = retryAfterMs(response.headers['retry-after'], this.now()) ?? backoff;
        const wait = base + Math.floor(this.random() * Math.min(1000, base / 2 + 100));
        this.options.onThrottle?.(response.status, wait);
        // A 429 our own pace explains: the refused request waits out Retry-After, the others pause only
        // until the server's second has room for what is already in flight, then go on at the lowered
        // pace (a queue-wide Retry-After cost about a second's reads per 429; no pause at all sent into
        // a full second, a burst of 10 to 20 429s per overload: docs/architecture.md "Request pace").
        if (ours) {
          this.pausedUntil = Math.max(this.pausedUntil, drainedAt(this.starts, slot.startedAt, this.now()));
          await this.sleep(wait);
        } else this.pausedUntil = Math.max(this.pausedUntil, this.now() + wait);
      }
    } finally {
      this.release();
    }
  }
}

/**
 * Workspace calls that go through `limiter`: its pace, and its shared pause and retry on a 429 or
 * 503. For readers that take a plain call (SCIM Me, groups, transitive-parent-groups), so one 429
 * there is waited out like one on a list, instead of failing the whole identity load.
 */
export function throughLimiter(call: AuthorizedHttp, limiter: RequestLimiter, priority: Priority = 'visible'): AuthorizedHttp {
  return (request) => limiter.run(() => call(request), priority);
}

/** The two budgets of one workspace map: lists and SCIM, and permission reads. */
export interface WorkspaceLimiters {
  readonly read: RequestLimiter;
  readonly acl: RequestLimiter;
  /** Whether invalidating the map may give up what waits in them (not when other maps share them). */
  readonly owned: boolean;
}

/**
 * A map's own limiters. 50 at a time, as the official Databricks extension checks cluster
 * permissions; the learned pace does the pacing. Databricks limits each endpoint on its own (about
 * 100/s on permissions): permission reads get their own budget and learn their own pace, so list
 * pages and SCIM lookups never eat into the one that bounds the tree, and a 429 on one never slows
 * the other. `requestsPerSecond` is the user's ceiling on both (0: none).
 */
/**
 * Where the permission reads' pace begins: 55 per 1.1 s window lets 50 start in the server's first
 * second, a first screenful at once. At 50 the sliding second let only 46 start, so the 50th
 * verdict waited a whole window (docs/architecture.md).
 */
const ACL_INITIAL_PER_WINDOW = 55;

export function workspaceLimiters(requestsPerSecond: number, remembered?: RememberedPace): WorkspaceLimiters {
  return {
    read: new RequestLimiter({ maxConcurrent: 50, requestsPerSecond }),
    // The permission reads bound the tree: their pace is the one worth carrying to the next process.
    acl: new RequestLimiter({ maxConcurrent: 50, requestsPerSecond, initialPerSecond: ACL_INITIAL_PER_WINDOW, ...remembered }),
    owned: true,
  };
}
