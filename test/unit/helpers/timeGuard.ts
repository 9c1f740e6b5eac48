import * as assert from 'node:assert/strict';

/** How many times a run over its guard is timed in all before the guard fails it. */
const TRIES = 3;

/**
 * A guard against catastrophic backtracking, not a benchmark (`npm run bench` measures speed):
 * `run` must finish within `guardMs`. A run over the guard is timed again, up to three runs in
 * all, and the fastest counts. A collection or a loaded machine pauses one run and not the next;
 * a parser that backtracks is as slow every time. Returns what the last run returned.
 */
export function withinGuard<T>(run: () => T, guardMs: number, what: (ms: number) => string): T {
  let fastest = Infinity;
  let result!: T;
  for (let i = 0; i < TRIES && fastest >= guardMs; i++) {
    const started = performance.now();
    result = run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  assert.ok(fastest < guardMs, `${what(fastest)} (the fastest of ${TRIES} runs; the guard is ${guardMs} ms)`);
  return result;
}
