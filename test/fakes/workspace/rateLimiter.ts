// Sliding one-second window: at most N requests in any 1000 ms on the
// limited paths, like the per-endpoint limits Databricks enforces (about
// 100/s on permissions). Real time, not the sandbox clock: throttling is
// about how fast the client actually calls.
export class SlidingWindowLimiter {
  private readonly stamps: number[] = [];

  /** Records the request and says whether it is within the limit. */
  allow(limitPerSecond: number, nowMs = Date.now()): boolean {
    while (this.stamps.length > 0 && this.stamps[0]! <= nowMs - 1000) this.stamps.shift();
    if (this.stamps.length >= limitPerSecond) return false;
    this.stamps.push(nowMs);
    return true;
  }
}
