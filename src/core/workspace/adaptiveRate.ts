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
 * - on the first 429 (slow start's overshoot), set the pace just under what we actually started
 *   in the server's second that drew it, put in our window's unit (2% below it, never above the
 *   pace we had, nor more than a tenth down unless more than the window before the raise were ours
 *   in that second: then our count is the measure); on a later one our own pace explains, 3% down (a busy
 *   network bunches starts, so that count is noise then); 429s within a window of a decrease are
 *   the same overload;
 * - a pace learned before (paceMemory.ts: an earlier process or session) is resumed after a first
 *   window at the usual first pace, without slow start;
 * - below the pace the last overload came at, climb back one start per window after 2 s (we ran
 *   there before); at or above it probe by one only every 60 s of saturated demand: each probe
 *   that finds the limit costs a burst of 429s, while running one step under the limit costs about
 *   one read a second.
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
  /**
   * A pace learned from the server's 429s before (paceMemory.ts): after a first window at `initial`
   * (a new process may meet the last one's tail in the server's second) it runs at this, no slow start.
   */
  readonly learned?: number;
  /** Told each pace a 429 taught, and each probe after it (in starts per window): worth remembering. */
  readonly onLearned?: (perWindow: number) => void;
}

const INITIAL = 50;
const SLOW_START_FACTOR = 1.5;
const BACKOFF_SHARE = 0.02;
/** Above the pace an overload came at, a probe costs a 429 when the limit is still there: rarely. */
const PROBE_EVERY_MS = 60_000;
/** Below it, where we ran before that overload: back up one start per window after this hold. */
const RECOVER_AFTER_MS = 2_000;
/** What one overload our own pace explains lowers the pace by. */
const STEP_DOWN = 0.03;
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
  /** The pace the last overload came at: below it recovery is quick, at or above it probes are rare. */
  private failedAt = Number.POSITIVE_INFINITY;
  /** The learned pace to resume after the first window (constructor). */
  private resumeTo: number | undefined;
  /** Slow start raised the pace at least once: the window before ran at current / SLOW_START_FACTOR without a 429. */
  private raised = false;

  constructor(private readonly options: AdaptiveRateOptions) {
    this.ceiling = options.ceiling !== undefined && options.ceiling > 0 ? Math.max(1, Math.floor(options.ceiling)) : Number.POSITIVE_INFINITY;
    this.current = Math.min(this.ceiling, Math.max(1, Math.floor(options.initial ?? INITIAL)));
    this.throttledOnce = options.learned !== undefined;
    if (options.learned !== undefined) {
      const learned = Math.min(this.ceiling, Math.max(1, Math.floor(options.learned)));
      // The first window at most the usual first pace: the last process's tail may still fill the
      // server's second, and a full learned burst on top of it drew a cascade of 429s.
      if (learned > this.current) this.resumeTo = learned;
      else this.current = learned;
    }
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
    if (this.resumeTo !== undefined) {
      if (now - this.lastChangeAt < this.options.windowMs) return;
      this.current = this.resumeTo;
      this.resumeTo = undefined;
      this.lastChangeAt = now;
      return;
    }
    // Below the pace the last overload came at we ran fine before: back up a start per window once
    // the overload has drained. At or above it each probe may cost a 429: rarely.
    const hold = !this.throttledOnce ? this.options.windowMs : this.current < this.failedAt - 1 ? RECOVER_AFTER_MS : PROBE_EVERY_MS;
    if (now - this.lastChangeAt < hold) return;
    this.current = Math.min(this.ceiling, this.throttledOnce ? this.current + 1 : Math.ceil(this.current * SLOW_START_FACTOR));
    this.raised ||= !this.throttledOnce;
    // Recovery goes on a window at a time: the next raise counts from here, RECOVER_AFTER_MS was the hold.
    if (this.throttledOnce && this.current < this.failedAt - 1) {
      this.lastChangeAt = now - RECOVER_AFTER_MS + this.options.windowMs;
      return;
    }
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
    if (this.resumeTo !== undefined) {
      // Still the first window of a learned pace, at the first pace: the server's second held the
      // last process's tail (someone else's load for this one). The queue waits, the learned pace stands.
      this.lastDecreaseAt = now;
      this.lastExplained = false;
      return false;
    }
    const inSlowStart = !this.throttledOnce;
    this.throttledOnce = true;
    // Where quick recovery stops: a 429 well under the last overload's pace is mostly bunching (a
    // busy network or server), and taking its pace as the new mark ratcheted the pace down a step
    // per 429 (the unit simulation of a stalling server sank to 90/s): one start lower at most.
    this.failedAt = Number.isFinite(this.failedAt) ? Math.max(this.current, this.failedAt - 1) : this.current;
    // Our own pace explains the 429 when we were running at it; after a slow-start raise, when we
    // had started more than the window before it, which drew none: the raise overshot (a limit of 100
    // meets a pace of 113 at 100, under nine tenths of it, and the whole queue paused a second for it).
    const explaining = inSlowStart && this.raised ? Math.min(this.current * EXPLAINED_SHARE, this.current / SLOW_START_FACTOR) : this.current * EXPLAINED_SHARE;
    this.lastExplained = achieved >= explaining;
    if (this.lastExplained && !inSlowStart) {
      // A small fixed step: what we counted in the server's second is no measure of its limit here,
      // a busy machine or network bunches our evenly spaced starts, and following that count down
      // left the cli bench's runs at 86 reads/s for a limit of 100.
      this.current = Math.max(1, this.current - Math.max(1, Math.round(this.current * STEP_DOWN)));
    } else {
      // Slow start overshoots by up to a half: the count the server refused is the measure then. At
      // most a tenth down per overload: when far fewer of ours were in that second, the server's
      // budget went elsewhere (another client, a stalled network bunching our requests), and sinking
      // to our count left a whole run at two thirds of the limit.
      // A slow-start overshoot that is ours (above) is measured by our count alone: capped at a tenth,
      // a pace of 124 meeting a limit of 88 per window came down to 109 and stayed above it.
      const floor = inSlowStart && this.lastExplained ? 0 : this.current * (1 - MOST_STEP_DOWN);
      const reached = Math.floor(Math.min(this.current, Math.max(achieved, floor)));
      this.current = Math.max(1, reached - Math.max(1, Math.round(reached * BACKOFF_SHARE)));
    }
    this.lastDecreaseAt = now;
    this.lastChangeAt = undefined;
    this.options.onLearned?.(this.current);
    return this.lastExplained;
  }
}
