/** SCIM reads: who you are in the workspace. */
import { AuthorizedHttp } from './authorizedHttp';
import { WorkspaceApiError, readErrorBody } from './apiError';

export interface ScimMe {
  readonly id: string;
  readonly userName: string;
  readonly displayName: string | undefined;
  readonly entitlements: readonly string[];
  /** Direct memberships as SCIM Me lists them. */
  readonly groups: readonly { id: string; displayName: string }[];
}

/** A SCIM filter term `attribute eq "value"`, with the value's quotes and backslashes escaped. */
export function scimEquals(attribute: string, value: string): string {
  return `${attribute} eq "${value.replace(/["\\]/g, '\\$&')}"`;
}

/** `prepare` may rewrite the answer's text before it is parsed (say, to keep an int64's digits). */
export async function getJson<T>(call: AuthorizedHttp, host: string, path: string, prepare: (text: string) => string = (text) => text): Promise<T> {
  const response = await call({ method: 'GET', path });
  if (response.status < 200 || response.status >= 300) throw new WorkspaceApiError(host, path, readErrorBody(response));
  try {
    return JSON.parse(prepare(response.body)) as T;
  } catch {
    throw new WorkspaceApiError(host, path, { status: response.status, errorCode: 'INVALID_RESPONSE', message: 'The answer was not JSON. A proxy or gateway may be in the way.' });
  }
}

interface RawMe {
  id?: string;
  userName?: string;
  displayName?: string;
  entitlements?: { value?: string }[];
  groups?: { value?: string; display?: string }[];
}

export async function getMe(call: AuthorizedHttp, host: string): Promise<ScimMe> {
  const raw = await getJson<RawMe>(call, host, '/api/2.0/preview/scim/v2/Me');
  if (typeof raw.id !== 'string' || typeof raw.userName !== 'string') {
    throw new WorkspaceApiError(host, '/api/2.0/preview/scim/v2/Me', { status: 200, errorCode: 'INVALID_RESPONSE', message: 'SCIM Me answered without id or userName.' });
  }
  return {
    id: raw.id,
    userName: raw.userName,
    displayName: raw.displayName,
    entitlements: (raw.entitlements ?? []).map((e) => e.value).filter((v): v is string => typeof v === 'string'),
    groups: (raw.groups ?? []).filter((g) => typeof g.value === 'string').map((g) => ({ id: g.value as string, displayName: g.display ?? (g.value as string) })),
  };
}
