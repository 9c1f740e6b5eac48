// The Unity Catalog of a scenario (`workspace.unityCatalog`): catalogs → schemas → tables, volumes,
// functions and registered models, each with an owner and direct grants, as the fake workspace
// serves them (workspace/unityCatalog.ts). Principals are userNames, workspace group displayNames
// or service principal application ids; privileges are the API's spelling (USE_CATALOG, SELECT).
import type { Checker, Json } from './scenarioCheck';

export interface UcGrantSpec {
  principal: string;
  privileges: string[];
}

export interface UcSecurableSpec {
  name: string;
  owner: string;
  grants?: UcGrantSpec[];
  /** False: reading this securable's grants and effective permissions answers 403 (an unreadable link). */
  permissionsReadable?: boolean;
}

export interface UcTableSpec extends UcSecurableSpec {
  /** MANAGED, EXTERNAL, VIEW; default MANAGED. */
  tableType?: string;
  columns?: string[];
  /** The full name of the row filter function, when one applies. */
  rowFilter?: string;
  /** Columns that carry a column mask (by name, among `columns`). */
  maskedColumns?: string[];
}

export interface UcSchemaSpec extends UcSecurableSpec {
  tables?: UcTableSpec[];
  volumes?: UcSecurableSpec[];
  functions?: UcSecurableSpec[];
  models?: UcSecurableSpec[];
}

export interface UcCatalogSpec extends UcSecurableSpec {
  /** ISOLATED: only the workspaces in `boundWorkspaces` may use it. Default OPEN. */
  isolationMode?: 'OPEN' | 'ISOLATED';
  /** Workspace ids (numeric strings) an ISOLATED catalog is bound to. */
  boundWorkspaces?: string[];
  schemas?: UcSchemaSpec[];
}

export interface ScenarioUnityCatalog {
  /** The metastore's owner: its admin (a user or group), who may read and grant everything. */
  metastoreAdmin: string;
  /** This workspace's id for the bindings; default workspace.orgId, else 1234567890123456. */
  workspaceId?: string;
  catalogs: UcCatalogSpec[];
}

const NAME = { pattern: /^[A-Za-z0-9_-]+$/, hint: 'a securable name (letters, digits, _ and -)' };
const WORKSPACE_ID = { pattern: /^\d{1,19}$/, hint: 'a numeric workspace id' };

/** Checks the Unity Catalog of a scenario; `isPrincipal` says whether a name is a known user, group or service principal. */
export function checkUnityCatalog(c: Checker, raw: unknown, isPrincipal: (name: string) => boolean): void {
  const at = 'workspace.unityCatalog';
  if (!c.object(at, raw, { required: ['metastoreAdmin', 'catalogs'], optional: ['workspaceId'] })) return;
  if (c.string(`${at}.metastoreAdmin`, raw.metastoreAdmin) && !isPrincipal(raw.metastoreAdmin)) c.fail(`${at}.metastoreAdmin`, `"${raw.metastoreAdmin}" is not a known user, group or service principal`);
  if (raw.workspaceId !== undefined) c.string(`${at}.workspaceId`, raw.workspaceId, WORKSPACE_ID);
  if (!c.array(`${at}.catalogs`, raw.catalogs)) return;
  for (const [i, catalog] of raw.catalogs.entries()) {
    const where = `${at}.catalogs[${i}]`;
    if (!securable(c, where, catalog, isPrincipal, ['isolationMode', 'boundWorkspaces', 'schemas'])) continue;
    if (catalog.isolationMode !== undefined) c.oneOf(`${where}.isolationMode`, catalog.isolationMode, ['OPEN', 'ISOLATED']);
    if (catalog.boundWorkspaces !== undefined) c.stringList(`${where}.boundWorkspaces`, catalog.boundWorkspaces, WORKSPACE_ID);
    children(c, `${where}.schemas`, catalog.schemas, (schemaAt, schema) => {
      if (!securable(c, schemaAt, schema, isPrincipal, ['tables', 'volumes', 'functions', 'models'])) return;
      children(c, `${schemaAt}.tables`, schema.tables, (tableAt, table) => {
        if (!securable(c, tableAt, table, isPrincipal, ['tableType', 'columns', 'rowFilter', 'maskedColumns'])) return;
        if (table.columns !== undefined) c.stringList(`${tableAt}.columns`, table.columns, NAME);
        if (table.rowFilter !== undefined) c.string(`${tableAt}.rowFilter`, table.rowFilter);
        if (table.maskedColumns !== undefined && c.stringList(`${tableAt}.maskedColumns`, table.maskedColumns)) {
          for (const column of table.maskedColumns) if (!((table.columns as string[] | undefined) ?? []).includes(column)) c.fail(`${tableAt}.maskedColumns`, `"${column}" is not one of the table's columns`);
        }
      });
      for (const kind of ['volumes', 'functions', 'models']) children(c, `${schemaAt}.${kind}`, schema[kind], (itemAt, item) => securable(c, itemAt, item, isPrincipal, []));
    });
  }
}

function children(c: Checker, at: string, list: unknown, check: (at: string, item: Json) => void): void {
  if (list === undefined || !c.array(at, list)) return;
  for (const [i, item] of list.entries()) check(`${at}[${i}]`, item as Json);
  c.unique(list.map((item, i) => ({ at: `${at}[${i}].name`, value: String((item as Json)?.name) })), 'name', (s) => s.toLowerCase());
}

function securable(c: Checker, at: string, raw: unknown, isPrincipal: (name: string) => boolean, extra: string[]): raw is Json {
  if (!c.object(at, raw, { required: ['name', 'owner'], optional: ['grants', 'permissionsReadable', ...extra] })) return false;
  c.string(`${at}.name`, raw.name, NAME);
  if (c.string(`${at}.owner`, raw.owner) && !isPrincipal(raw.owner)) c.fail(`${at}.owner`, `"${raw.owner}" is not a known user, group or service principal`);
  if (raw.permissionsReadable !== undefined) c.boolean(`${at}.permissionsReadable`, raw.permissionsReadable);
  if (raw.grants !== undefined && c.array(`${at}.grants`, raw.grants)) {
    for (const [i, grant] of raw.grants.entries()) {
      if (!c.object(`${at}.grants[${i}]`, grant, { required: ['principal', 'privileges'] })) continue;
      if (c.string(`${at}.grants[${i}].principal`, grant.principal) && !isPrincipal(grant.principal)) c.fail(`${at}.grants[${i}].principal`, `"${grant.principal}" is not a known user, group or service principal`);
      c.stringList(`${at}.grants[${i}].privileges`, grant.privileges, { pattern: /^[A-Z_]+$/, hint: 'a privilege as the API writes it (USE_CATALOG, SELECT)' });
    }
  }
  return true;
}
