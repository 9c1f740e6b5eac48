/**
 * How many requests a limiter may start per window, learned from the server (docs/settings.md,
 * `accessLens.maxRequestsPerSecond`). Databricks counts each endpoint per workspace in a
 * one-second window and answers 429 beyond it (about 100/s for permission reads, less or more
 * elsewhere and per workspace), so no fixed pace fits: a fixed 50 wastes half of it, a fixed 95
 * still meets 429s when the real limit is lower or the network bunches requests.
 *
 * The scheme, in the limiter's own unit (starts per window):
 * - start at 50 (the old fixed pace: safe everywhere we know of, and a first screenful at once);
 * - while demand exceeds the pace and no 429 has come yet, raise by half once per window:
 *   50, 75, 113, so the published ~100/s is reached in the third window, overshooting by a few
 *   percent only (a handful of 429s, once);
 * - on a 429, set the pace just under what we actually started in the server's second that
 *   drew it, put in our window's unit (2% below it, at least one, and never above the pace we had,
 *   nor more than a tenth down); 429s within a window of that decrease are the same overload;
 * - a pace learned before (paceMemory.ts: an earlier process or session) starts without slow start;
 * - then probe upward by one start per window only every 30 s of saturated demand without a
 *   429. A 429 our own pace explains delays only the refused request (limiter.ts), yet each
 *   costs retries and a dip while the server's second drains, while running one step under the
 *   limit costs about one read a second: so the step down is small and the probe slow, and the
 *   sawtooth meets a 429 about once a minute.
 * The ceiling (the user's setting) caps everything; 429s on other limiters teach nothing here,
 * as each limiter counts one budget (permission reads apart from lists and SCIM).
 */
export interface AdaptiveRateOptions {
  /** The most starts per window ever: the user's setting; absent or 0, none. */
  readonly ceiling?: number;
  /** Where to begin; default 50, capped by the ceiling. */
  readonly initial?: number;
  /** The limiter's window in ms: raises are at most one per window. */
  readonly windowMs: number;
  /** `initial` was learned from the server's 429s before (paceMemory.ts): no slow start, only probes. */
  readonly learned?: boolean;
  /** Told each pace a 429 taught, and each probe after it (in starts per window): worth remembering. */
  readonly onLearned?: (perWindow: number) => void;
}

const INITIAL = 50;
const SLOW_START_FACTOR = 1.5;
const BACKOFF_SHARE = 0.02;
const PROBE_EVERY_MS = 30_000;
/** A 429 when we had started at least this share of our pace in its second is ours: no queue-wide pause. */
const EXPLAINED_SHARE = 0.9;
/** The most one overload lowers the pace by. */
const MOST_STEP_DOWN = 0.1;

export class AdaptiveRate {
  private current: number;
  private readonly ceiling: number;
  /** Set by the first 429: from then on raises are slow probes. */
  private throttledOnce: boolean;
  /** When the pace last changed, or demand first met it since a 429: raises count from here. */
  private lastChangeAt: number | undefined;
  /** When the last 429 lowered the pace: throttles of requests started before it were already answered. */
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  /** Whether the last decrease was explained by our own pace (throttled's answer for the same overload). */
  private lastExplained = false;

  constructor(private readonly options: AdaptiveRateOptions) {
    this.ceiling = options.ceiling !== undefined && options.ceiling > 0 ? Math.max(1, Math.floor(options.ceiling)) : Number.POSITIVE_INFINITY;
    this.current = Math.min(this.ceiling, Math.max(1, Math.floor(options.initial ?? INITIAL)));
    this.throttledOnce = options.learned === true;
  }

  /** Starts allowed per window now. */
  get limit(): number {
    return this.current;
  }

  /**
   * A request had to wait for the pace (not for a pause): demand exceeds the limit. Raises it when
   * it has held long enough without a 429: a window in slow start, PROBE_EVERY_MS after a 429.
   */
  saturated(now: number): void {
    if (this.current >= this.ceiling) return;
    if (this.lastChangeAt === undefined) {
      this.lastChangeAt = now;
      return;
    }
    const hold = this.throttledOnce ? PROBE_EVERY_MS : this.options.windowMs;
    if (now - this.lastChangeAt < hold) return;
    this.current = Math.min(this.ceiling, this.throttledOnce ? this.current + 1 : Math.ceil(this.current * SLOW_START_FACTOR));
    this.lastChangeAt = now;
    if (this.throttledOnce) this.options.onLearned?.(this.current);
  }

  /**
   * A 429 answered a request started at `startedAt`, when we had started `achieved` requests in
   * the second up to it (scaled to starts per window). Requests that started before the last decrease,
   * or within a window after it, are the same overload, already answered: they do not lower the pace again. True when our own pace explains the 429 (we had
   * started about as many as it allows): the lower pace suffices and the queue need not pause; false
   * when something else spent the server's budget (another client), so the whole queue waits.
   */
  throttled(startedAt: number, achieved: number, now: number): boolean {
    // Within a window of the decrease the server's second still counts the overload's starts (and a
    // new process's cold connections bunch): lowering again for each 429 there sank the pace to half.
    if (startedAt < this.lastDecreaseAt + this.options.windowMs) return this.lastExplained;
    this.throttledOnce = true;
    // Our own pace explains the 429 when we were running at it: the lower pace is the whole fix, and
    // the window's count of those starts holds the next ones back until the server's second drains.
    this.lastExplained = achieved >= this.current * EXPLAINED_SHARE;
    // At most a tenth down per overload: when far fewer of ours were in that second, the server's
    // budget went elsewhere (another client, a stalled network bunching our requests), and sinking to
    // our count left a whole run at two thirds of the limit, probing back one a window per 30 s.
    const reached = Math.floor(Math.min(this.current, Math.max(achieved, this.current * (1 - MOST_STEP_DOWN))));
    this.current = Math.max(1, reached - Math.max(1, Math.round(reached * BACKOFF_SHARE)));
    this.lastDecreaseAt = now;
    this.lastChangeAt = undefined;
    this.options.onLearned?.(this.current);
    return this.lastExplained;
  }
}
