/**
 * What each Unity Catalog action needs, as data: one row per securable kind, the privileges of each
 * action in chain order (catalog, then schema, then the object), and how SQL names the kind in a
 * GRANT. The chain model (chain.ts) reads this table instead of branching on the kind, as the
 * workspace model reads access/kinds.ts. Privileges are written as the API writes them
 * (docs/verdicts.md, "Unity Catalog").
 */
import { orList } from '../access/kinds';
import { SecurableRef, UC_KINDS, UcKind } from './types';

/** Where in the chain a privilege is checked: the catalog, the schema, or the object asked about. */
export type ChainLevel = 'catalog' | 'schema' | 'object';

export interface UcRequirement {
  readonly on: ChainLevel;
  readonly privilege: string;
}

export interface UcAction {
  readonly name: string;
  /** "select from", "use": for "You cannot … table main.x.y". */
  readonly verb: string;
  /** Every privilege the action needs, catalog first; the last is the object's own (`required`). */
  readonly needs: readonly UcRequirement[];
}

export interface UcKindRow {
  readonly kind: UcKind;
  /** The securable type in `GRANT … ON <type> <name>` (Databricks SQL reference, "GRANT"). */
  readonly sqlType: string;
  /** How many levels above it: 0 for a catalog, 1 for a schema, 2 for what a schema holds. */
  readonly depth: 0 | 1 | 2;
  readonly actions: readonly UcAction[];
  readonly defaultAction: string;
}

const USE_CATALOG: UcRequirement = { on: 'catalog', privilege: 'USE_CATALOG' };
const USE_SCHEMA: UcRequirement = { on: 'schema', privilege: 'USE_SCHEMA' };
const inSchema = (privilege: string): readonly UcRequirement[] => [USE_CATALOG, USE_SCHEMA, { on: 'object', privilege }];

export const UC_REQUIREMENTS: Readonly<Record<UcKind, UcKindRow>> = {
  catalog: { kind: 'catalog', sqlType: 'CATALOG', depth: 0, defaultAction: 'use', actions: [{ name: 'use', verb: 'use', needs: [USE_CATALOG] }] },
  schema: {
    kind: 'schema',
    sqlType: 'SCHEMA',
    depth: 1,
    defaultAction: 'use',
    actions: [
      { name: 'use', verb: 'use', needs: [USE_CATALOG, USE_SCHEMA] },
      { name: 'create-table', verb: 'create a table in', needs: [USE_CATALOG, USE_SCHEMA, { on: 'schema', privilege: 'CREATE_TABLE' }] },
    ],
  },
  table: {
    kind: 'table',
    sqlType: 'TABLE',
    depth: 2,
    defaultAction: 'select',
    actions: [
      { name: 'select', verb: 'select from', needs: inSchema('SELECT') },
      { name: 'modify', verb: 'modify', needs: inSchema('MODIFY') },
    ],
  },
  volume: {
    kind: 'volume',
    sqlType: 'VOLUME',
    depth: 2,
    defaultAction: 'read',
    actions: [
      { name: 'read', verb: 'read', needs: inSchema('READ_VOLUME') },
      { name: 'write', verb: 'write to', needs: inSchema('WRITE_VOLUME') },
    ],
  },
  function: { kind: 'function', sqlType: 'FUNCTION', depth: 2, defaultAction: 'execute', actions: [{ name: 'execute', verb: 'execute', needs: inSchema('EXECUTE') }] },
  // SQL's securable list has no MODEL: a registered model's privileges are granted ON FUNCTION (docs/verdicts.md).
  'registered-model': { kind: 'registered-model', sqlType: 'FUNCTION', depth: 2, defaultAction: 'execute', actions: [{ name: 'execute', verb: 'execute', needs: inSchema('EXECUTE') }] },
};

/** The row of a kind; a clear error naming the valid kinds for anything else. */
export function ucKindRow(kind: string): UcKindRow {
  const row = (UC_REQUIREMENTS as Readonly<Record<string, UcKindRow>>)[kind];
  if (!row) throw new Error(`${kind} is not a Unity Catalog kind; use one of ${orList([...UC_KINDS])}.`);
  return row;
}

/** The action of a kind; a clear error naming the kind's actions for anything else. */
export function ucAction(kind: string, action: string): UcAction {
  const row = ucKindRow(kind);
  const found = row.actions.find((a) => a.name === action);
  if (!found) throw new Error(`${action} is not an action on a ${kind}; use ${orList(row.actions.map((a) => a.name))}.`);
  return found;
}

/**
 * The action a privilege named in an error text is needed for: the kind's action whose own (last)
 * privilege it is (SELECT → select, USE_SCHEMA on a schema → use, CREATE_TABLE → create-table),
 * else the kind's default action (USE_SCHEMA named on a table: its read needs it too).
 */
export function actionForPrivilege(kind: UcKind, privilege: string | null): string {
  const row = ucKindRow(kind);
  return row.actions.find((a) => a.needs[a.needs.length - 1]?.privilege === privilege)?.name ?? row.defaultAction;
}

/** The index in `ChainFacts.steps` a requirement is checked at. */
export function stepIndex(row: UcKindRow, on: ChainLevel): number {
  return on === 'catalog' ? 0 : on === 'schema' ? 1 : row.depth;
}

/** `USE_SCHEMA` → `USE SCHEMA`: how SQL and error texts write a privilege. */
export function sqlPrivilege(privilege: string): string {
  return privilege.replace(/_/g, ' ');
}

const FORMS = ['catalog', 'catalog.schema', 'catalog.schema.name'] as const;

/** How to write a kind's full name, for a usage message: `catalog.schema.name` for a table. */
export function fullNameForm(kind: string): string {
  return FORMS[ucKindRow(kind).depth];
}

/**
 * The securables of the chain for an object, catalog first and the object last: what the workspace
 * side reads and `ChainFacts.steps` holds. A table, volume, function or model name may hold a dot
 * in its last part; a catalog or schema name with the wrong number of parts is an error that
 * shows the form to write.
 */
export function chainRefs(object: SecurableRef): SecurableRef[] {
  const row = ucKindRow(object.kind);
  const parts = object.fullName.split('.');
  const count = row.depth === 2 ? parts.length >= 3 : parts.length === row.depth + 1;
  if (!count || parts.slice(0, row.depth + 1).some((p) => p === '')) {
    throw new Error(`${object.fullName || '""'} is not the full name of a ${object.kind}: write ${FORMS[row.depth]}.`);
  }
  const above: SecurableRef[] = [
    { kind: 'catalog', fullName: parts[0] as string },
    { kind: 'schema', fullName: `${parts[0]}.${parts[1]}` },
  ];
  return [...above.slice(0, row.depth), { kind: object.kind, fullName: object.fullName }];
}
