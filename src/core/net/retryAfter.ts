/** Retry-After in seconds or as an HTTP date, in ms and at most `maxMs`; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | undefined, now: number, maxMs = Number.POSITIVE_INFINITY): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, maxMs);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), maxMs);
}
