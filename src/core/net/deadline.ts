/**
 * A request's deadline that is cleared when the request ends. `AbortSignal.timeout` keeps its
 * timer, a WeakRef and a finalization record for the whole timeout (30 s) after the answer came:
 * at hundreds of requests a second that was tens of thousands of live timers, all moved to the old
 * generation and collected there (docs/architecture.md, "100,000 objects"). Aborts with the same
 * reason as `AbortSignal.timeout`.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Stops the timer: call when the request settled, either way. */
  clear(): void;
}

export function deadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  // Like AbortSignal.timeout: a pending request keeps the process alive, not its deadline.
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** What an aborted request fails with, as Node's own abort of a request: an AbortError with the signal's reason as cause. */
export function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted.'), { name: 'AbortError', code: 'ABORT_ERR', cause: signal.reason });
}

/** `promise`, or the abort (the caller's, or the deadline's) as the request would have failed with it. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, fail: (error: Error) => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(fail(abortError(signal)));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
