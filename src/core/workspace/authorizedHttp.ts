/**
 * Calls a Databricks workspace with the broker's token. A 401, or a 403 that
 * says the token is invalid or expired, gets one retry: with the token another
 * caller refreshed meanwhile, else after one forced refresh, at most one per
 * host and account every 30 s (the broker's cooldown), so a run of 401s does
 * not become a run of refreshes; within the cooldown the server's answer is
 * returned as is. Any other 403 is a real permission answer.
 */
import { HttpRequest, HttpResponse, HttpsClient } from '../net/httpsClient';
import { DatabricksToken, TokenBroker } from '../tokens/broker';

/** Databricks' wording for a rejected token, seen in real answers (docs/facts.md). */
const TOKEN_REJECTED = /invalid access token|token (?:is )?expired|expiring within|invalid token|token is not valid|credential was not sent|unauthenticated/i;

export function isTokenRejection(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  return response.status === 403 && TOKEN_REJECTED.test(response.body.slice(0, 4096));
}

export interface AuthorizedHttp {
  (request: Omit<HttpRequest, 'url'> & { path: string }): Promise<HttpResponse>;
  /** Opens up to `count` connections to the workspace ahead of a burst of requests (docs/architecture.md "First screen"). */
  readonly preconnect?: (count: number) => void;
}

export function authorizedHttp(http: HttpsClient, broker: Pick<TokenBroker, 'getDatabricksToken' | 'tokenAfterRejection'>, host: string, accountId: string, onRetry?: (status: number) => void): AuthorizedHttp {
  const call = async (request: Omit<HttpRequest, 'url'> & { path: string }): Promise<HttpResponse> => {
    const send = (token: DatabricksToken): Promise<HttpResponse> =>
      http({
        method: request.method,
        url: `${host}${request.path}`,
        headers: { accept: 'application/json', ...(request.headers ?? {}), authorization: `Bearer ${token.token.reveal()}` },
        body: request.body,
        timeoutMs: request.timeoutMs,
        signal: request.signal,
      });
    const token = await broker.getDatabricksToken(host, accountId);
    const first = await send(token);
    if (!isTokenRejection(first)) return first;
    const retryWith = await broker.tokenAfterRejection(host, accountId, token);
    if (!retryWith) return first;
    onRetry?.(first.status);
    return send(retryWith);
  };
  // Only once the broker hands out a token for this host, the same gate every request passes: a
  // host that may not receive tokens gets no connection either. The token itself is not sent.
  const preconnect = (count: number): void => {
    if (!http.preconnect) return;
    void broker.getDatabricksToken(host, accountId).then(
      () => http.preconnect?.(host, count),
      () => undefined,
    );
  };
  return Object.assign(call, { preconnect });
}
