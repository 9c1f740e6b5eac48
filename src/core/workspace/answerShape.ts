/**
 * Checks on the shape of a workspace answer. A field that a new API version
 * renames must not read as "nothing there": an empty cluster list, a user
 * without groups, a run without an id would each become a silent wrong
 * answer ("denied", "no such object"). Known variants are read by the
 * parsers themselves; anything else becomes an INVALID_RESPONSE error that
 * names the field, so the user sees "could not read" instead of a verdict.
 */
import { WorkspaceApiError } from './apiError';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, for a message: `keys a, b` of an object, else its type. */
export function describeShape(value: unknown): string {
  if (!isRecord(value)) return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length > 0 ? `keys ${keys.slice(0, 8).join(', ')}` : 'no keys';
}

/** The error for an answer Access Lens cannot read; `what` names the field and what is wrong with it. */
export function invalidAnswer(host: string, path: string, what: string): WorkspaceApiError {
  return new WorkspaceApiError(host, path, {
    status: 200,
    errorCode: 'INVALID_RESPONSE',
    message: `${what} The API may have changed: update Access Lens, or report this with the log (Access Lens: Show Log, or the CLI with --verbose).`,
  });
}

/**
 * A list field of an object answer: absent is empty (Databricks leaves empty lists out), present
 * but not a list is an error, and so is an answer that is not an object.
 */
export function listField(host: string, path: string, body: unknown, field: string, what: string): unknown[] {
  if (!isRecord(body)) throw invalidAnswer(host, path, `${what} is not a JSON object (${describeShape(body)}).`);
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidAnswer(host, path, `${what}: "${field}" is not a list (${describeShape(value)}).`);
  return value;
}

/** An optional string field (a page token): absent or a string, else an error. */
export function optionalString(host: string, path: string, body: Record<string, unknown>, field: string, what: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidAnswer(host, path, `${what}: "${field}" is ${describeShape(value)}, not a string.`);
  return value;
}

/** An id that is a string, or a number JSON carries exactly (below 2^53). */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() !== '' ? value : undefined;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  return undefined;
}
