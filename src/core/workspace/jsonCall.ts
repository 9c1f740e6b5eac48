/**
 * The one way a workspace answer's JSON is read, for REST (lists, jobs, runs)
 * and SCIM alike: a status outside 2xx is a WorkspaceApiError with the body's
 * error code, a body that is not JSON is INVALID_RESPONSE (a proxy or gateway
 * answering in HTML). Limits are the caller's: WorkspaceClient hands in a call
 * behind its limiter, SCIM reads get one already behind the map's limiter.
 */
import { AuthorizedHttp } from './authorizedHttp';
import { WorkspaceApiError, readErrorBody } from './apiError';

export type WorkspaceRequest = Parameters<AuthorizedHttp>[0];

/** `prepare` may rewrite the answer's text before it is parsed (say, to keep an int64's digits). */
export async function callJson<T>(call: AuthorizedHttp, host: string, request: WorkspaceRequest, prepare: (text: string) => string = (text) => text): Promise<T> {
  const response = await call(request);
  if (response.status < 200 || response.status >= 300) throw new WorkspaceApiError(host, request.path, readErrorBody(response));
  try {
    return JSON.parse(prepare(response.body)) as T;
  } catch {
    throw new WorkspaceApiError(host, request.path, { status: response.status, errorCode: 'INVALID_RESPONSE', message: 'The answer was not JSON. A proxy or gateway may be in the way.' });
  }
}

export function getJson<T>(call: AuthorizedHttp, host: string, path: string, prepare?: (text: string) => string): Promise<T> {
  return callJson<T>(call, host, { method: 'GET', path }, prepare);
}
