/**
 * Reads Unity Catalog answers into the facts the chain model judges (catalog/types.ts). Shapes are
 * the SDK's generated models (ucModels.ts), checked here at run time: a renamed or mistyped field is
 * an INVALID_RESPONSE naming it (workspace/answerShape.ts), never an empty list that would read as
 * "you hold nothing". Known variants are accepted and say why (docs/facts.md, "Unity Catalog").
 */
import { describeShape, idOf, invalidAnswer, isRecord, listField, optionalString } from '../workspace/answerShape';
import type { EffectivePrivilege, SecurableRef, UcGrant, UcKind } from './types';

/** Where one answer came from, for the error that names the field. */
export interface AnswerAt {
  readonly host: string;
  readonly path: string;
}

/**
 * The securable type in the grants and effective-permissions paths. Registered models have none of
 * their own there: Databricks' docs say to use `function` for them (docs/facts.md).
 */
export function securableTypeOf(kind: UcKind): string {
  return kind === 'registered-model' ? 'function' : kind;
}

/** A page of a list answer: its entries and the token of the next page. */
export interface Page<T> {
  readonly items: T[];
  readonly next: string | undefined;
}

function stringField(at: AnswerAt, entry: Record<string, unknown>, field: string, what: string): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidAnswer(at.host, at.path, `${what}: "${field}" is ${describeShape(value)}, not a string.`);
  return value;
}

/** `inherited_from_type` as the model writes it (`CATALOG`, `SCHEMA`); lower case is accepted too. */
function inheritedFrom(at: AnswerAt, privilege: Record<string, unknown>): SecurableRef | null | 'elsewhere' {
  const type = stringField(at, privilege, 'inherited_from_type', 'An effective privilege');
  const name = stringField(at, privilege, 'inherited_from_name', 'An effective privilege');
  if (type === undefined && name === undefined) return null;
  if (type === undefined || name === undefined) throw invalidAnswer(at.host, at.path, `An effective privilege names only one of inherited_from_type and inherited_from_name (${describeShape(privilege)}).`);
  const kind = type.toLowerCase();
  if (kind === 'catalog' || kind === 'schema') return { kind, fullName: name };
  // Inherited from the metastore: a metastore privilege (CREATE_CATALOG, …), never a link of a chain.
  if (kind === 'metastore') return 'elsewhere';
  throw invalidAnswer(at.host, at.path, `An effective privilege is inherited from a securable of type "${type}", which Access Lens does not know.`);
}

/**
 * Your effective privileges on one securable, one entry per privilege and principal. Each keeps the
 * principal of its assignment: whether the API answers `?principal=<you>` with your groups' grants
 * folded into your row or as rows of their own is not confirmed, so both read right.
 */
export function parseEffective(at: AnswerAt, body: unknown): Page<EffectivePrivilege> {
  const items: EffectivePrivilege[] = [];
  const assignments = listField(at.host, at.path, body, 'privilege_assignments', 'The effective permissions');
  for (const [index, assignment] of assignments.entries()) {
    if (!isRecord(assignment)) throw invalidAnswer(at.host, at.path, `The effective permissions: assignment ${index} is ${describeShape(assignment)}.`);
    const principal = stringField(at, assignment, 'principal', 'An effective privilege assignment');
    if (principal === undefined) throw invalidAnswer(at.host, at.path, `The effective permissions: assignment ${index} names no principal (${describeShape(assignment)}).`);
    for (const privilege of listField(at.host, at.path, assignment, 'privileges', `The effective permissions of ${principal}`)) {
      if (!isRecord(privilege)) throw invalidAnswer(at.host, at.path, `The effective permissions of ${principal}: an entry is ${describeShape(privilege)}.`);
      const name = stringField(at, privilege, 'privilege', `An effective privilege of ${principal}`);
      if (name === undefined) throw invalidAnswer(at.host, at.path, `An effective privilege of ${principal} has no "privilege" (${describeShape(privilege)}).`);
      const from = inheritedFrom(at, privilege);
      if (from !== 'elsewhere') items.push({ privilege: name, inheritedFrom: from, principal });
    }
  }
  return { items, next: optionalString(at.host, at.path, body as Record<string, unknown>, 'next_page_token', 'The effective permissions') };
}

/** The direct grants on one securable. A deleted principal comes with an empty `principal` (and a `principal_id`): it grants no one anything. */
export function parseGrants(at: AnswerAt, body: unknown): Page<UcGrant> {
  const items: UcGrant[] = [];
  for (const [index, assignment] of listField(at.host, at.path, body, 'privilege_assignments', 'The grants').entries()) {
    if (!isRecord(assignment)) throw invalidAnswer(at.host, at.path, `The grants: assignment ${index} is ${describeShape(assignment)}.`);
    const principal = stringField(at, assignment, 'principal', 'A grant');
    const privileges = listField(at.host, at.path, assignment, 'privileges', `The grants of ${principal ?? `assignment ${index}`}`);
    if (privileges.some((p) => typeof p !== 'string')) throw invalidAnswer(at.host, at.path, `The grants of ${principal ?? `assignment ${index}`}: "privileges" holds something other than privilege names.`);
    if (principal !== undefined) items.push({ principal, privileges: privileges as string[] });
  }
  return { items, next: optionalString(at.host, at.path, body as Record<string, unknown>, 'next_page_token', 'The grants') };
}

/** A securable's metadata answer as an object, or INVALID_RESPONSE. */
function record(at: AnswerAt, body: unknown, what: string): Record<string, unknown> {
  if (!isRecord(body)) throw invalidAnswer(at.host, at.path, `${what} is not a JSON object (${describeShape(body)}).`);
  return body;
}

/** The owner of a securable; null when the answer has none (a browse-only view leaves it out). */
export function parseOwner(at: AnswerAt, body: unknown, what: string): string | null {
  return stringField(at, record(at, body, what), 'owner', what) ?? null;
}

export type IsolationMode = 'ISOLATED' | 'OPEN';

/** A catalog's isolation mode: absent is OPEN (the default); both spellings of the SDK's models are read. */
export function parseIsolationMode(at: AnswerAt, body: unknown): IsolationMode {
  const mode = stringField(at, record(at, body, 'The catalog'), 'isolation_mode', 'The catalog');
  if (mode === undefined || mode === 'OPEN' || mode === 'ISOLATION_MODE_OPEN') return 'OPEN';
  if (mode === 'ISOLATED' || mode === 'ISOLATION_MODE_ISOLATED') return 'ISOLATED';
  throw invalidAnswer(at.host, at.path, `The catalog's isolation_mode is "${mode}", which Access Lens does not know.`);
}

/** The workspace ids a catalog is bound to (ids are int64: numbers or strings). */
export function parseBindings(at: AnswerAt, body: unknown): Page<string> {
  const items = listField(at.host, at.path, body, 'bindings', 'The workspace bindings').map((binding, index) => {
    const id = isRecord(binding) ? idOf(binding.workspace_id) : undefined;
    if (id === undefined) throw invalidAnswer(at.host, at.path, `The workspace bindings: entry ${index} has no usable workspace_id (${describeShape(binding)}).`);
    return id;
  });
  return { items, next: optionalString(at.host, at.path, body as Record<string, unknown>, 'next_page_token', 'The workspace bindings') };
}

/**
 * Workspace ids are int64 and Azure's run to 16 digits, past what a JSON number keeps exactly
 * (2^53): quoted before parsing, so a binding is compared digit for digit (as transitiveGroups.ts does for group ids).
 */
export function quoteWorkspaceIds(text: string): string {
  return text.replace(/"workspace_id"(\s{0,20}):(\s{0,20})(\d{1,30})(?=\s{0,20}[,}\]])/g, '"workspace_id"$1:$2"$3"');
}

/** This workspace's id from its metastore assignment. */
export function parseWorkspaceId(at: AnswerAt, body: unknown): string {
  const id = idOf(record(at, body, 'The metastore assignment').workspace_id);
  if (id === undefined) throw invalidAnswer(at.host, at.path, `The metastore assignment has no usable workspace_id (${describeShape(body)}).`);
  return id;
}

/** A table's row filter and column masks: you may read it, but filtered. */
export function parseTableFilters(at: AnswerAt, body: unknown): { rowFilter: boolean; columnMasks: boolean } {
  const table = record(at, body, 'The table');
  const filter = table.row_filter;
  if (filter !== undefined && filter !== null && !isRecord(filter)) throw invalidAnswer(at.host, at.path, `The table's row_filter is ${describeShape(filter)}, not an object.`);
  const columns = listField(at.host, at.path, table, 'columns', 'The table');
  const columnMasks = columns.some((column) => isRecord(column) && isRecord(column.mask) && typeof column.mask.function_name === 'string' && column.mask.function_name !== '');
  return { rowFilter: isRecord(filter) && typeof filter.function_name === 'string' && filter.function_name !== '', columnMasks };
}

/** One entry of a Catalog list, for a view: its full name and owner. */
export interface UcSummary {
  readonly kind: UcKind;
  readonly fullName: string;
  readonly name: string;
  readonly owner: string | null;
}

/** A list entry: catalogs carry only `name`; the rest `full_name` (else catalog_name.schema_name.name). */
export function toUcSummary(at: AnswerAt, kind: UcKind, entry: unknown, index: number): UcSummary {
  if (!isRecord(entry)) throw invalidAnswer(at.host, at.path, `The ${kind} list: entry ${index} is ${describeShape(entry)}.`);
  const what = `The ${kind} list, entry ${index}`;
  const name = stringField(at, entry, 'name', what);
  const parts = [stringField(at, entry, 'catalog_name', what), stringField(at, entry, 'schema_name', what), name];
  const composed = kind === 'catalog' ? name : kind === 'schema' ? (parts[0] && name ? `${parts[0]}.${name}` : undefined) : parts.every(Boolean) ? parts.join('.') : undefined;
  const fullName = stringField(at, entry, 'full_name', what) ?? composed;
  if (!name || !fullName) throw invalidAnswer(at.host, at.path, `${what} has no usable name or full_name (${describeShape(entry)}).`);
  return { kind, fullName, name, owner: stringField(at, entry, 'owner', what) ?? null };
}
