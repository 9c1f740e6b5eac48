/**
 * openid-client speaks the Fetch API; this hands its requests to our own
 * HTTPS client instead of the global fetch, which inside the VS Code
 * extension host ignores NODE_EXTRA_CA_CERTS and proxies (docs/facts.md). The same
 * CA, proxy and timeout rules then hold for the OIDC provider as for Entra
 * and the workspace.
 */
import type { CustomFetch } from 'openid-client';
import { HttpRequest, HttpsClient } from '../net/httpsClient';

/** Statuses whose Response must not carry a body (the Fetch standard's null body statuses). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
  throw new Error('A streamed request body is not supported here.');
}

export function fetchOverHttps(http: HttpsClient, onRequest?: (method: string, url: string) => void): CustomFetch {
  return async (url, options) => {
    const method = options.method.toUpperCase() as HttpRequest['method'];
    onRequest?.(method, url);
    const response = await http({ method, url, headers: { ...options.headers }, body: bodyText(options.body), signal: options.signal });
    return new Response(NULL_BODY.has(response.status) ? null : response.body, { status: response.status, headers: response.headers });
  };
}
