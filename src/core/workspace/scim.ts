/** SCIM reads: who you are in the workspace. */
import { AuthorizedHttp } from './authorizedHttp';
import { WorkspaceApiError } from './apiError';
import { getJson } from './jsonCall';
import { describeShape, idOf, invalidAnswer, isRecord, listField } from './answerShape';

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

const ME = '/api/2.0/preview/scim/v2/Me';

/** The `value`s of a SCIM multi-valued attribute (groups, entitlements); an entry without one is an error, never skipped. */
function scimValues(host: string, raw: unknown, attribute: string, read: (value: unknown) => string | undefined): { value: string; display: string | undefined }[] {
  return listField(host, ME, raw, attribute, 'SCIM Me').map((entry, index) => {
    const value = isRecord(entry) ? read(entry.value) : undefined;
    if (value === undefined) throw invalidAnswer(host, ME, `SCIM Me lists ${attribute} entry ${index} without a usable value (${describeShape(entry)}), so your ${attribute} are unknown.`);
    const display = isRecord(entry) && typeof entry.display === 'string' ? entry.display : undefined;
    return { value, display };
  });
}

export async function getMe(call: AuthorizedHttp, host: string): Promise<ScimMe> {
  const raw = await getJson<unknown>(call, host, ME);
  const id = isRecord(raw) ? idOf(raw.id) : undefined;
  if (!isRecord(raw) || id === undefined || typeof raw.userName !== 'string' || raw.userName === '') {
    throw new WorkspaceApiError(host, ME, { status: 200, errorCode: 'INVALID_RESPONSE', message: `SCIM Me answered without id or userName (${describeShape(raw)}).` });
  }
  return {
    id,
    userName: raw.userName,
    displayName: typeof raw.displayName === 'string' ? raw.displayName : undefined,
    entitlements: scimValues(host, raw, 'entitlements', (v) => (typeof v === 'string' && v !== '' ? v : undefined)).map((e) => e.value),
    groups: scimValues(host, raw, 'groups', idOf).map((g) => ({ id: g.value, displayName: g.display ?? g.value })),
  };
}
