/**
 * Retries idempotent requests (GET, HEAD) that met a passing fault: a
 * connection reset or refused, a timeout, a TLS handshake cut short
 * (NetworkError.transient), or a gateway's 502 or 504. Bounded: at most
 * `maxAttempts` tries and at most `budgetMs` of waiting between them, with
 * exponential backoff and jitter, or the server's Retry-After when it sends one
 * (a Retry-After past the budget ends the retries: the answer is returned as
 * it is). Never after the caller's AbortSignal fired.
 *
 * 429 and 503 are not retried here: the workspace limiter pauses its whole
 * queue on them (one throttle slows every caller), and a second retry loop
 * below it would multiply the attempts. Certificate errors and 4xx are answers
 * a retry cannot change; POST and the like may have taken effect.
 */
import { HttpRequest, HttpResponse, HttpsClient, NetworkError } from './httpsClient';
import { parseRetryAfterMs } from './retryAfter';

export interface TransientRetryOptions {
  /** Tries in all, the first included; default 3. */
  readonly maxAttempts?: number;
  /** Most time spent waiting between tries; default 10 s. */
  readonly budgetMs?: number;
  /** The first backoff; doubled for each later try; default 500 ms. */
  readonly baseDelayMs?: number;
  /** Injectable for tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Told before each retry: the request, why (an HTTP status or the network error), the wait and the try to come. */
  readonly onRetry?: (request: HttpRequest, reason: string, waitMs: number, attempt: number) => void;
}

const IDEMPOTENT = new Set<HttpRequest['method']>(['GET', 'HEAD']);
const GATEWAY_STATUSES = new Set([502, 504]);

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** A sleep that ends early, with the signal's reason, when the caller aborts. */
function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

type Outcome = { readonly response: HttpResponse } | { readonly error: NetworkError };

export function withTransientRetries(http: HttpsClient, options: TransientRetryOptions = {}): HttpsClient {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const budgetMs = options.budgetMs ?? 10_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  const retrying = async (request: HttpRequest): Promise<HttpResponse> => {
    if (!IDEMPOTENT.has(request.method)) return http(request);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      let outcome: Outcome;
      try {
        const response = await http(request);
        if (!GATEWAY_STATUSES.has(response.status)) return response;
        outcome = { response };
      } catch (error) {
        if (!(error instanceof NetworkError) || !error.transient) throw error;
        outcome = { error };
      }
      const giveUp = (): HttpResponse => {
        if ('error' in outcome) throw outcome.error;
        return outcome.response;
      };
      if (attempt >= maxAttempts || request.signal?.aborted) return giveUp();
      const backoff = baseDelayMs * 2 ** (attempt - 1);
      const told = 'response' in outcome ? parseRetryAfterMs(outcome.response.headers['retry-after'], now()) : undefined;
      const wait = told ?? backoff + Math.floor(random() * (backoff / 2));
      if (waited + wait > budgetMs) return giveUp();
      waited += wait;
      options.onRetry?.(request, 'response' in outcome ? `HTTP ${outcome.response.status}` : outcome.error.message, wait, attempt + 1);
      await sleep(wait, request.signal);
    }
  };
  // Warming connections is no request: nothing to retry, so it passes through as it is.
  return http.preconnect ? Object.assign(retrying, { preconnect: http.preconnect }) : retrying;
}
