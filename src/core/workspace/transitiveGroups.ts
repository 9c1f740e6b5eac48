/**
 * Reads one page of `GET /api/2.0/identity/principals/{id}/transitive-parent-groups`.
 *
 * A preview API whose generated models disagree on where an entry's group id
 * sits: `group_id` in one generation, `internal_id` in another (an int64, which
 * JSON carries as a string or as a number). Every known variant is accepted;
 * anything else is "unreadable" with the reason, so that the caller walks
 * SCIM Groups instead: a group missed here would turn a grant into a silent
 * "denied" (NO_GRANT) everywhere downstream.
 */
import { describeShape, isRecord } from './answerShape';

export type TransitivePage =
  /** externalIds: per id, the group's external id, null for none (a workspace-local group), undefined when the answer's value is unusable. */
  | { readonly ok: true; readonly ids: readonly string[]; readonly externalIds: readonly (string | null | undefined)[]; readonly nextPageToken: string | undefined }
  | { readonly ok: false; readonly reason: string };

/** The id fields the SDKs' models use for a transitive parent group, newest generation last. */
const ID_FIELDS = ['group_id', 'internal_id'] as const;

/** A group id as SCIM spells it (decimal digits today), or undefined when the value is not a usable id. */
export function groupIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : undefined;
  // A number past 2^53 has already lost digits in JSON.parse: it would name another group.
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  return undefined;
}

/**
 * Quotes the id fields' bare integers in the answer's text before JSON.parse, which would round an
 * int64 past 2^53 (16-digit Databricks ids reach it) to another group's id. Linear: no nested
 * quantifiers, and the digits are bounded.
 */
export function quoteIntegerIds(text: string): string {
  return text.replace(/"(group_id|internal_id)"(\s{0,20}):(\s{0,20})(\d{1,30})(?=\s{0,20}[,}\]])/g, '"$1"$2:$3"$4"');
}

/**
 * Like SCIM, the API leaves an empty attribute out: no external_id (or an empty one) is a
 * workspace-local group. Any other value that is not a string (a number, an object) is unknown,
 * never "local": the verdicts then wait for the group's details (groups.ts, directOnly).
 */
function externalIdOf(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : undefined;
}

export function readTransitivePage(body: unknown): TransitivePage {
  if (!isRecord(body)) return { ok: false, reason: `the answer is not a JSON object (${describeShape(body)})` };
  const list = body.transitive_parent_groups;
  // Databricks leaves empty lists out: no key is "no groups", a present non-array is a new shape.
  if (list !== undefined && !Array.isArray(list)) return { ok: false, reason: `transitive_parent_groups is not a list (${describeShape(list)})` };
  const next = body.next_page_token;
  if (next !== undefined && next !== null && typeof next !== 'string') return { ok: false, reason: `next_page_token is a ${typeof next}, not a string` };
  const ids: string[] = [];
  const externalIds: (string | null | undefined)[] = [];
  for (const [index, entry] of (list ?? []).entries()) {
    const id = isRecord(entry) ? ID_FIELDS.map((field) => groupIdOf(entry[field])).find((v) => v !== undefined) : undefined;
    if (id === undefined) return { ok: false, reason: `entry ${index} has no usable group id (${describeShape(entry)}; expected ${ID_FIELDS.join(' or ')})` };
    ids.push(id);
    externalIds.push(externalIdOf(isRecord(entry) ? entry.external_id : undefined));
  }
  return { ok: true, ids, externalIds, nextPageToken: typeof next === 'string' && next !== '' ? next : undefined };
}
