/**
 * MSAL's network module on top of our HTTPS client, so sign-in trusts the same
 * extra CAs, goes through the same proxy, and times out like every other call
 * (msal-node's default fetch does none of that inside the extension host).
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { parseServerJson } from '../net/boundedJson';
import { HttpResponse, HttpsClient } from '../net/httpsClient';

export interface MsalNetworkOptions {
  readonly timeoutMs?: number;
  /** Sees every URL MSAL calls: tests use it to prove nothing leaves 127.0.0.1. */
  readonly onRequest?: (method: string, url: string) => void;
}

function toMsal<T>(response: HttpResponse): NetworkResponse<T> {
  let body: unknown;
  try {
    body = response.body === '' ? {} : parseServerJson(response.body);
  } catch {
    // MSAL reads error and error_description from the body; an HTML page from a
    // proxy or gateway becomes a readable server error instead of a parse crash.
    body = { error: 'invalid_response', error_description: `HTTP ${response.status}: ${response.body.slice(0, 200).replace(/\s+/g, ' ')}` };
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/** The last OAuth error body a token endpoint sent. */
export interface ServerErrorBody {
  readonly error: string;
  readonly description: string;
  readonly aadsts: number | undefined;
  readonly claims: string | undefined;
}

export interface RecordingNetworkModule extends INetworkModule {
  /**
   * MSAL's device code poller throws `post_request_failed` carrying only the
   * `error` field (msal-node 7.2 DeviceCodeClient), dropping the AADSTS code,
   * description and claims challenge. We keep the last error body here so the
   * failure can still be explained in plain words and re-tried with its claims.
   */
  takeLastError(): ServerErrorBody | undefined;
}

function recordError(body: unknown): ServerErrorBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { error?: unknown; error_description?: unknown; error_codes?: unknown; claims?: unknown };
  if (typeof b.error !== 'string' || b.error === 'authorization_pending' || b.error === 'slow_down') return undefined;
  const codes = Array.isArray(b.error_codes) ? b.error_codes : [];
  return {
    error: b.error,
    description: typeof b.error_description === 'string' ? b.error_description : '',
    aadsts: typeof codes[0] === 'number' ? codes[0] : undefined,
    claims: typeof b.claims === 'string' ? b.claims : undefined,
  };
}

export function msalNetworkModule(http: HttpsClient, options: MsalNetworkOptions = {}): RecordingNetworkModule {
  let lastError: ServerErrorBody | undefined;
  return {
    takeLastError() {
      const error = lastError;
      lastError = undefined;
      return error;
    },
    async sendGetRequestAsync<T>(url: string, request?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
      options.onRequest?.('GET', url);
      return toMsal<T>(await http({ method: 'GET', url, headers: request?.headers ?? {}, timeoutMs: timeout ?? options.timeoutMs }));
    },
    async sendPostRequestAsync<T>(url: string, request?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      options.onRequest?.('POST', url);
      const response = toMsal<T>(await http({ method: 'POST', url, headers: request?.headers ?? {}, body: request?.body ?? '', timeoutMs: options.timeoutMs }));
      if (response.status >= 400) lastError = recordError(response.body) ?? lastError;
      return response;
    },
  };
}
