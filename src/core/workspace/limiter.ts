/**
 * Keeps our load on a workspace polite: at most `maxConcurrent` requests in
 * flight, at most `requestsPerSecond` started per second (under the published
 * ~100/s for permission reads), and on a 429 or 503 the whole queue pauses for
 * the server's Retry-After (or an exponential backoff with jitter), not just
 * the one call. Each request is retried a bounded number of times.
 */
import { HttpResponse } from '../net/httpsClient';

export interface LimiterOptions {
  readonly maxConcurrent?: number;
  readonly requestsPerSecond?: number;
  readonly maxRetries?: number;
  /** Injectable for tests: milliseconds since the epoch, sleeping, and randomness for jitter. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly onThrottle?: (status: number, waitMs: number) => void;
}

const RETRYABLE = new Set([429, 503]);
const MAX_WAIT_MS = 60_000;

/** Retry-After in seconds or as an HTTP date; Databricks' default when absent is 1 s. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_WAIT_MS);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), MAX_WAIT_MS);
}

export class RequestLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStart = 0;
  private pausedUntil = 0;
  private readonly maxConcurrent: number;
  private readonly interval: number;
  private readonly maxRetries: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: LimiterOptions = {}) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 8);
    this.interval = 1000 / Math.max(0.1, options.requestsPerSecond ?? 30);
    this.maxRetries = options.maxRetries ?? 5;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  private async acquire(): Promise<void> {
    if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  /** Waits for the shared pause and the rate slot, so a throttle slows every caller. */
  private async awaitSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      const start = Math.max(now, this.nextStart, this.pausedUntil);
      if (start <= now) {
        this.nextStart = now + this.interval;
        return;
      }
      await this.sleep(start - now);
    }
  }

  async run(send: () => Promise<HttpResponse>): Promise<HttpResponse> {
    await this.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        await this.awaitSlot();
        const response = await send();
        if (!RETRYABLE.has(response.status) || attempt >= this.maxRetries) return response;
        const backoff = Math.min(MAX_WAIT_MS, 1000 * 2 ** attempt);
        const base = retryAfterMs(response.headers['retry-after'], this.now()) ?? backoff;
        const wait = base + Math.floor(this.random() * Math.min(1000, base / 2 + 100));
        this.pausedUntil = Math.max(this.pausedUntil, this.now() + wait);
        this.options.onThrottle?.(response.status, wait);
      }
    } finally {
      this.release();
    }
  }
}
