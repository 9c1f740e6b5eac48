// Unity Catalog API 2.1 as the fake workspace serves it: metadata of catalogs, schemas, tables,
// volumes, functions and registered models (lists paged with max_results / page_token), direct
// grants (`permissions`), effective permissions computed from the grants, group membership
// (nested) and inheritance, workspace bindings, the metastore assignment and summary. Answers
// follow the SDK's generated models (CatalogInfo, TableInfo, EffectivePermissionsList, ...).
import type { RequestContext } from '../http/router';
import { sendJson, sendJsonText } from '../http/respond';
import type { UcCatalogSpec, UcSchemaSpec, UcSecurableSpec, UcTableSpec } from '../scenarioUc';
import type { Caller, WorkspaceContext } from './context';
import { sendApiError } from './errors';
import { decodePageToken, intParam, paginate } from './paging';

type Kind = 'catalog' | 'schema' | 'table' | 'volume' | 'function' | 'registered_model';

interface Node {
  kind: Kind;
  fullName: string;
  spec: UcSecurableSpec;
  /** Catalog first, this node last. */
  chain: Node[];
  catalog: UcCatalogSpec;
}

const DEFAULT_WORKSPACE_ID = '1234567890123456';
const METASTORE_ID = '11111111-2222-3333-4444-555555555555';
const MAX_PAGE = 50;
/** Privileges that hold every other one on their securable (docs/cli.md, "Unity Catalog"). */
const HOLDS_ALL = ['ALL_PRIVILEGES', 'MANAGE'];
const CHILD_LISTS: Record<string, { kind: Kind; field: keyof UcSchemaSpec; answer: string }> = {
  tables: { kind: 'table', field: 'tables', answer: 'tables' },
  volumes: { kind: 'volume', field: 'volumes', answer: 'volumes' },
  functions: { kind: 'function', field: 'functions', answer: 'functions' },
  models: { kind: 'registered_model', field: 'models', answer: 'registered_models' },
};

function ucOf(wc: WorkspaceContext) {
  return wc.runtime.directory.scenario.workspace.unityCatalog;
}

export function workspaceIdOf(wc: WorkspaceContext): string {
  return ucOf(wc)?.workspaceId ?? wc.runtime.directory.scenario.workspace.orgId ?? DEFAULT_WORKSPACE_ID;
}

/** Every securable by kind and lower-cased full name. */
function index(wc: WorkspaceContext): Map<string, Node> {
  const nodes = new Map<string, Node>();
  const add = (kind: Kind, spec: UcSecurableSpec, parent: Node | undefined, catalog: UcCatalogSpec): Node => {
    const fullName = parent ? `${parent.fullName}.${spec.name}` : spec.name;
    const node: Node = { kind, fullName, spec, catalog, chain: [] };
    node.chain = [...(parent?.chain ?? []), node];
    nodes.set(`${kind}:${fullName.toLowerCase()}`, node);
    return node;
  };
  for (const catalog of ucOf(wc)?.catalogs ?? []) {
    const c = add('catalog', catalog, undefined, catalog);
    for (const schema of catalog.schemas ?? []) {
      const s = add('schema', schema, c, catalog);
      for (const list of Object.values(CHILD_LISTS)) for (const item of (schema[list.field] as UcSecurableSpec[] | undefined) ?? []) add(list.kind, item, s, catalog);
    }
  }
  return nodes;
}

/** The caller and every group they are in (nesting included), lower-cased. */
function principalsOf(wc: WorkspaceContext, caller: Caller): Set<string> {
  return new Set([caller.user.userName, ...wc.runtime.directory.transitiveGroupsOf(caller.user.userName).map((g) => g.displayName)].map((p) => p.toLowerCase()));
}

function isAdmin(wc: WorkspaceContext, principals: Set<string>): boolean {
  return principals.has((ucOf(wc)?.metastoreAdmin ?? '').toLowerCase());
}

/** What the principals hold on `node`, granted there or above it (inheritance). */
function effective(node: Node, principals: Set<string>): { privilege: string; from: Node | null; principal: string }[] {
  return node.chain.flatMap((level) =>
    (level.spec.grants ?? []).filter((g) => principals.has(g.principal.toLowerCase())).flatMap((g) => g.privileges.map((privilege) => ({ privilege, from: level === node ? null : level, principal: g.principal }))),
  );
}

function holds(wc: WorkspaceContext, node: Node, privilege: string, principals: Set<string>): boolean {
  if (isAdmin(wc, principals) || principals.has(node.spec.owner.toLowerCase())) return true;
  return effective(node, principals).some((e) => e.privilege === privilege || HOLDS_ALL.includes(e.privilege));
}

const LABEL: Record<Kind, string> = { catalog: 'Catalog', schema: 'Schema', table: 'Table', volume: 'Volume', function: 'Function', registered_model: 'Function' };
const USE_PRIVILEGE: Partial<Record<Kind, string>> = { catalog: 'USE_CATALOG', schema: 'USE_SCHEMA' };

/**
 * Whether the caller may see `node`'s metadata: this workspace may use its catalog, they hold USE_CATALOG and USE_SCHEMA
 * on the levels above, and some privilege (or ownership) on the node itself. Else the 403 Databricks gives, with its text.
 */
function refusal(wc: WorkspaceContext, node: Node, principals: Set<string>): string | null {
  const catalog = node.catalog;
  if (node.kind !== 'catalog' && catalog.isolationMode === 'ISOLATED' && !(catalog.boundWorkspaces ?? []).includes(workspaceIdOf(wc))) return `Catalog '${catalog.name}' is not accessible in current workspace.`;
  for (const level of node.chain.slice(0, -1)) {
    const privilege = USE_PRIVILEGE[level.kind]!;
    if (!holds(wc, level, privilege, principals)) return `User does not have ${privilege.replace('_', ' ')} on ${LABEL[level.kind]} '${level.fullName}'.`;
  }
  // A catalog or schema needs its own USE privilege; an object any privilege of its own (the USE ones it inherits do not count).
  const own = USE_PRIVILEGE[node.kind];
  if (own ? holds(wc, node, own, principals) : isAdmin(wc, principals) || principals.has(node.spec.owner.toLowerCase()) || effective(node, principals).some((e) => !Object.values(USE_PRIVILEGE).includes(e.privilege))) return null;
  return `User does not have ${own?.replace('_', ' ') ?? 'any privilege'} on ${LABEL[node.kind]} '${node.fullName}'.`;
}

function find(wc: WorkspaceContext, ctx: RequestContext, kind: Kind, fullName: string): Node | undefined {
  const node = index(wc).get(`${kind}:${fullName.toLowerCase()}`);
  if (!node) sendApiError(ctx.res, 404, `${kind.toUpperCase()}_DOES_NOT_EXIST`, `${LABEL[kind]} '${fullName}' does not exist.`);
  return node;
}

function info(node: Node): Record<string, unknown> {
  const names = node.fullName.split('.');
  const common = { name: node.spec.name, full_name: node.fullName, owner: node.spec.owner, metastore_id: METASTORE_ID, created_by: node.spec.owner, created_at: 1_750_000_000_000 };
  if (node.kind === 'catalog') {
    const isolation = node.catalog.isolationMode ?? 'OPEN';
    return { ...common, full_name: undefined, catalog_type: 'MANAGED_CATALOG', isolation_mode: isolation, securable_type: 'CATALOG', browse_only: false };
  }
  const parent = { catalog_name: names[0], ...(node.kind === 'schema' ? {} : { schema_name: names[1] }) };
  if (node.kind !== 'table') return { ...common, ...parent };
  const table = node.spec as UcTableSpec;
  return {
    ...common,
    ...parent,
    table_type: table.tableType ?? 'MANAGED',
    data_source_format: 'DELTA',
    columns: (table.columns ?? ['id']).map((column, position) => ({
      name: column,
      type_name: 'STRING',
      type_text: 'string',
      position,
      nullable: true,
      ...((table.maskedColumns ?? []).includes(column) ? { mask: { function_name: `${names[0]}.${names[1]}.mask_${column}`, using_column_names: [] } } : {}),
    })),
    ...(table.rowFilter ? { row_filter: { function_name: table.rowFilter, input_column_names: [table.columns?.[0] ?? 'id'] } } : {}),
  };
}

/** GET /api/2.1/unity-catalog/{catalogs|schemas|tables|volumes|functions|models}/{full_name} */
export function handleGetSecurable(kind: Kind) {
  return (wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void => {
    const node = find(wc, ctx, kind, ctx.params.name ?? '');
    if (!node) return;
    const refused = refusal(wc, node, principalsOf(wc, caller));
    if (refused) return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', refused);
    sendJson(ctx.res, 200, info(node));
  };
}

/** The node a grants path names; registered models are `function` there, as on Databricks. */
function securableAt(wc: WorkspaceContext, ctx: RequestContext): Node | undefined {
  const type = (ctx.params.type ?? '').toLowerCase();
  const fullName = ctx.params.name ?? '';
  if (!['catalog', 'schema', 'table', 'volume', 'function'].includes(type)) {
    sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Invalid securable type: ${ctx.params.type}`);
    return undefined;
  }
  const nodes = index(wc);
  const node = nodes.get(`${type}:${fullName.toLowerCase()}`) ?? (type === 'function' ? nodes.get(`registered_model:${fullName.toLowerCase()}`) : undefined);
  if (!node) sendApiError(ctx.res, 404, `${type.toUpperCase()}_DOES_NOT_EXIST`, `${LABEL[type as Kind]} '${fullName}' does not exist.`);
  else if (node.spec.permissionsReadable === false) {
    sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `User does not have MANAGE on ${LABEL[node.kind]} '${node.fullName}'.`);
    return undefined;
  }
  return node;
}

/** GET /api/2.1/unity-catalog/permissions/{type}/{full_name}: the direct grants, all principals. */
export function handleGetGrants(wc: WorkspaceContext, ctx: RequestContext): void {
  const node = securableAt(wc, ctx);
  if (!node) return;
  const grants = node.spec.grants ?? [];
  sendJson(ctx.res, 200, grants.length > 0 ? { privilege_assignments: grants.map((g) => ({ principal: g.principal, privileges: g.privileges })) } : {});
}

/**
 * GET /api/2.1/unity-catalog/effective-permissions/{type}/{full_name}?principal=: with a principal,
 * its row only, holding what it has directly, through its groups (nested) and from above.
 */
export function handleGetEffective(wc: WorkspaceContext, ctx: RequestContext): void {
  const node = securableAt(wc, ctx);
  if (!node) return;
  const principal = ctx.url.searchParams.get('principal');
  const user = principal ? wc.runtime.directory.workspaceUser(principal) : undefined;
  const rows = user
    ? [{ principal: user.userName, privileges: effective(node, principalsOf(wc, { user, via: 'federation' })) }]
    : (node.spec.grants ?? []).map((g) => ({ principal: g.principal, privileges: effective(node, new Set([g.principal.toLowerCase()])) }));
  const assignments = rows
    .filter((row) => row.privileges.length > 0)
    .map((row) => ({ principal: row.principal, privileges: row.privileges.map((e) => ({ privilege: e.privilege, ...(e.from ? { inherited_from_type: e.from.kind.toUpperCase(), inherited_from_name: e.from.fullName } : {}) })) }));
  sendJson(ctx.res, 200, assignments.length > 0 ? { privilege_assignments: assignments } : {});
}

/** GET /api/2.1/unity-catalog/{catalogs|schemas|tables|...}?catalog_name=&schema_name=&max_results=&page_token= */
export function handleList(list: 'catalogs' | 'schemas' | keyof typeof CHILD_LISTS) {
  return (wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void => {
    const max = intParam(ctx.url, 'max_results') ?? 0;
    if (Number.isNaN(max)) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'max_results must be a non-negative integer.');
    const token = ctx.url.searchParams.get('page_token');
    const offset = token ? decodePageToken(`uc-${list}`, token) : 0;
    if (offset === null) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Invalid page_token.');
    const principals = principalsOf(wc, caller);
    const kind: Kind = list === 'catalogs' ? 'catalog' : list === 'schemas' ? 'schema' : CHILD_LISTS[list]!.kind;
    const parentName = [ctx.url.searchParams.get('catalog_name'), kind === 'schema' ? null : ctx.url.searchParams.get('schema_name')].filter(Boolean).join('.');
    if (kind !== 'catalog') {
      const parent = find(wc, ctx, kind === 'schema' ? 'catalog' : 'schema', parentName);
      if (!parent) return;
      // Listing what a securable holds needs what reading it needs, and USE on it.
      const refused = refusal(wc, parent, principals) ?? (holds(wc, parent, USE_PRIVILEGE[parent.kind]!, principals) ? null : `User does not have ${USE_PRIVILEGE[parent.kind]!.replace('_', ' ')} on ${LABEL[parent.kind]} '${parent.fullName}'.`);
      if (refused) return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', refused);
    }
    const prefix = parentName ? `${parentName.toLowerCase()}.` : '';
    const visible = [...index(wc).values()].filter((n) => n.kind === kind && n.fullName.toLowerCase().startsWith(prefix) && n.chain.length === (kind === 'catalog' ? 1 : kind === 'schema' ? 2 : 3) && refusal(wc, n, principals) === null);
    const page = paginate(`uc-${list}`, visible, offset, max === 0 ? MAX_PAGE : Math.min(max, MAX_PAGE));
    const field = list === 'catalogs' || list === 'schemas' ? list : CHILD_LISTS[list]!.answer;
    sendJson(ctx.res, 200, { ...(page.items.length > 0 ? { [field]: page.items.map((n) => info(n)) } : {}), ...(page.next ? { next_page_token: page.next } : {}) });
  };
}

/** GET /api/2.1/unity-catalog/bindings/{type}/{name}, and the deprecated workspace-bindings/catalogs/{name}. */
export function handleGetBindings(legacy: boolean) {
  return (wc: WorkspaceContext, ctx: RequestContext): void => {
    if (!legacy && ctx.params.type !== 'catalog') return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Securable type ${ctx.params.type} is not supported by this sandbox.`);
    const node = find(wc, ctx, 'catalog', ctx.params.name ?? '');
    if (!node) return;
    const ids = node.catalog.isolationMode === 'ISOLATED' ? (node.catalog.boundWorkspaces ?? []) : [];
    if (legacy) return sendInt64(ctx, ids.length > 0 ? { workspaces: ids.map(int64) } : {});
    sendInt64(ctx, ids.length > 0 ? { bindings: ids.map((id) => ({ workspace_id: int64(id), binding_type: 'BINDING_TYPE_READ_WRITE' })) } : {});
  };
}

/** Workspace ids are int64 and may pass 2^53: sent as bare digits, as the service does, never rounded through a JS number. */
const int64 = (digits: string): string => `\u0000int64:${digits}`;
function sendInt64(ctx: RequestContext, body: unknown): void {
  sendJsonText(ctx.res, 200, JSON.stringify(body).replace(/"\\u0000int64:(\d+)"/g, '$1'));
}

export function handleMetastoreAssignment(wc: WorkspaceContext, ctx: RequestContext): void {
  sendInt64(ctx, { workspace_id: int64(workspaceIdOf(wc)), metastore_id: METASTORE_ID, default_catalog_name: ucOf(wc)?.catalogs[0]?.name ?? 'main' });
}

export function handleMetastoreSummary(wc: WorkspaceContext, ctx: RequestContext): void {
  sendJson(ctx.res, 200, { metastore_id: METASTORE_ID, name: 'sandbox-metastore', owner: ucOf(wc)?.metastoreAdmin ?? 'admins', privilege_model_version: '1.0', region: 'westeurope', cloud: 'azure' });
}

/** The routes, for the workspace's router. */
export const UC_ROUTES: [string, (wc: WorkspaceContext, ctx: RequestContext, caller: Caller) => void][] = [
  ['/api/2.1/unity-catalog/catalogs', handleList('catalogs')],
  ['/api/2.1/unity-catalog/catalogs/:name', handleGetSecurable('catalog')],
  ['/api/2.1/unity-catalog/schemas', handleList('schemas')],
  ['/api/2.1/unity-catalog/schemas/:name', handleGetSecurable('schema')],
  ['/api/2.1/unity-catalog/tables', handleList('tables')],
  ['/api/2.1/unity-catalog/tables/:name', handleGetSecurable('table')],
  ['/api/2.1/unity-catalog/volumes', handleList('volumes')],
  ['/api/2.1/unity-catalog/volumes/:name', handleGetSecurable('volume')],
  ['/api/2.1/unity-catalog/functions', handleList('functions')],
  ['/api/2.1/unity-catalog/functions/:name', handleGetSecurable('function')],
  ['/api/2.1/unity-catalog/models', handleList('models')],
  ['/api/2.1/unity-catalog/models/:name', handleGetSecurable('registered_model')],
  ['/api/2.1/unity-catalog/permissions/:type/:name', handleGetGrants],
  ['/api/2.1/unity-catalog/effective-permissions/:type/:name', handleGetEffective],
  ['/api/2.1/unity-catalog/bindings/:type/:name', handleGetBindings(false)],
  ['/api/2.1/unity-catalog/workspace-bindings/catalogs/:name', handleGetBindings(true)],
  ['/api/2.1/unity-catalog/current-metastore-assignment', handleMetastoreAssignment],
  ['/api/2.1/unity-catalog/metastore_summary', handleMetastoreSummary],
];
