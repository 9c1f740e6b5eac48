/**
 * Calls a Databricks workspace with the broker's token. A 401, or a 403 that
 * says the token is invalid or expired, gets exactly one forced refresh and
 * one retry; any other 403 is a real permission answer and is returned as is.
 */
import { HttpRequest, HttpResponse, HttpsClient } from '../net/httpsClient';
import { TokenBroker } from '../tokens/broker';

/** Databricks' wording for a rejected token, seen in real answers (FACTS.md). */
const TOKEN_REJECTED = /invalid access token|token (?:is )?expired|expiring within|invalid token|token is not valid|credential was not sent|unauthenticated/i;

export function isTokenRejection(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  return response.status === 403 && TOKEN_REJECTED.test(response.body.slice(0, 4096));
}

export interface AuthorizedHttp {
  (request: Omit<HttpRequest, 'url'> & { path: string }): Promise<HttpResponse>;
}

export function authorizedHttp(http: HttpsClient, broker: TokenBroker, host: string, accountId: string, onRetry?: (status: number) => void): AuthorizedHttp {
  return async (request) => {
    const send = async (forceRefresh: boolean): Promise<HttpResponse> => {
      const token = await broker.getDatabricksToken(host, accountId, { forceRefresh });
      return http({
        method: request.method,
        url: `${host}${request.path}`,
        headers: { accept: 'application/json', ...(request.headers ?? {}), authorization: `Bearer ${token.token.reveal()}` },
        body: request.body,
        timeoutMs: request.timeoutMs,
        signal: request.signal,
      });
    };
    const first = await send(false);
    if (!isTokenRejection(first)) return first;
    onRetry?.(first.status);
    return send(true);
  };
}
