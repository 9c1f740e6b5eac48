/**
 * MSAL's network module on top of our HTTPS client, so sign-in trusts the same
 * extra CAs, goes through the same proxy, and times out like every other call
 * (msal-node's default fetch does none of that inside the extension host).
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { HttpResponse, HttpsClient } from '../net/httpsClient';

export interface MsalNetworkOptions {
  readonly timeoutMs?: number;
  /** Sees every URL MSAL calls: tests use it to prove nothing leaves 127.0.0.1. */
  readonly onRequest?: (method: string, url: string) => void;
}

function toMsal<T>(response: HttpResponse): NetworkResponse<T> {
  let body: unknown;
  try {
    body = response.body === '' ? {} : JSON.parse(response.body);
  } catch {
    // MSAL reads error and error_description from the body; an HTML page from a
    // proxy or gateway becomes a readable server error instead of a parse crash.
    body = { error: 'invalid_response', error_description: `HTTP ${response.status}: ${response.body.slice(0, 200).replace(/\s+/g, ' ')}` };
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

export function msalNetworkModule(http: HttpsClient, options: MsalNetworkOptions = {}): INetworkModule {
  return {
    async sendGetRequestAsync<T>(url: string, request?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
      options.onRequest?.('GET', url);
      return toMsal<T>(await http({ method: 'GET', url, headers: request?.headers ?? {}, timeoutMs: timeout ?? options.timeoutMs }));
    },
    async sendPostRequestAsync<T>(url: string, request?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      options.onRequest?.('POST', url);
      return toMsal<T>(await http({ method: 'POST', url, headers: request?.headers ?? {}, body: request?.body ?? '', timeoutMs: options.timeoutMs }));
    },
  };
}
