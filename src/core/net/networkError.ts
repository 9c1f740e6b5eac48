/** How a failed request reads: one error type for the HTTPS client and its HTTP/2 path, worded from Node's error codes. */
import { AccessLensError } from '../errors';

export class NetworkError extends AccessLensError {
  /**
   * True when the same request may well get through a moment later (a reset or refused connection,
   * a timeout, a TLS handshake cut short); false for what a retry cannot change (an untrusted
   * certificate, a name that does not resolve, a proxy's refusal, an answer too large).
   */
  readonly transient: boolean;

  /** `code`: `NETWORK`, or a more precise one such as `PROXY_AUTH_REQUIRED`. */
  constructor(message: string, options?: { cause?: unknown; code?: string; transient?: boolean }) {
    super(options?.code ?? 'NETWORK', message, ['retry', 'openLog'], options);
    this.name = 'NetworkError';
    this.transient = options?.transient ?? false;
  }
}

/** Socket errors that a fresh connection a moment later may not meet (Node's and undici's codes). */
const TRANSIENT_CODES = new Set(['ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION', 'ERR_HTTP2_STREAM_CANCEL', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'UND_ERR_SOCKET']);

/** A failed request as the user reads it: a NetworkError that says what to check, and whether a retry may help; an abort of the caller's stays as it is. */
export function networkFailure(error: Error, url: URL, timeoutMs: number, deadline: AbortSignal): Error {
  if (error instanceof NetworkError) return error;
  if (deadline.aborted) return new NetworkError(`${url.host} did not answer within ${timeoutMs / 1000} s. Check the network or proxy and retry.`, { cause: error, transient: true });
  if (error.name === 'AbortError') return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const hint =
    code === 'ENOTFOUND'
      ? 'The host name does not resolve: check the URL.'
      : code === 'ECONNREFUSED'
        ? 'Nothing listens there: check the URL and port.'
        : /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)
          ? 'Its TLS certificate is not trusted: if your company inspects TLS, add its CA to the OS trust store, or point SSL_CERT_FILE or NODE_EXTRA_CA_CERTS at the PEM file of that CA.'
          : 'Check the network or proxy and retry.';
  return new NetworkError(`Could not reach ${url.host} (${code || error.message}). ${hint}`, { cause: error, transient: TRANSIENT_CODES.has(code) });
}
