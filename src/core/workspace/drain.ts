/**
 * How long a 429 our own pace explains holds the whole queue (limiter.ts, docs/architecture.md
 * "Request pace"). The server counts each endpoint in a sliding second: when it refused a request
 * started at `refusedAt`, the second before that start was full, and every request we started
 * since (in flight when the 429 came back) lands in that full second too. Sending on at once earns
 * a 429 per request until the second's oldest starts age out (10 to 20 per overload in the cli
 * bench); waiting Retry-After (a second and more) leaves a second empty. So wait until as many of
 * that second's oldest starts have aged out as we started since the refused one (each frees the
 * room one of them needs), and never longer than MOST_MS.
 */
const MOST_MS = 250;

/** When the queue may go on: `starts` are our start times, oldest first (the refused one among them). */
export function drainedAt(starts: readonly number[], refusedAt: number, now: number): number {
  let first = 0;
  while (first < starts.length && (starts[first] ?? 0) <= refusedAt - 1000) first++;
  const since = starts.filter((t) => t > refusedAt).length;
  const ages = starts[Math.min(first + since, starts.length - 1)];
  const until = ages === undefined ? now : ages + 1000;
  return Math.min(now + MOST_MS, Math.max(now, until));
}
