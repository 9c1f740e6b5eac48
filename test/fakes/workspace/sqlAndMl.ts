// SQL warehouses, serving endpoints, MLflow experiments, workspace registry models and pipelines
// (scenario `workspace.sqlAndMl`): their lists, paged as Databricks pages them, a registry model's
// Databricks id, and their permissions. The owner holds IS_OWNER and the workspace `admins` group
// CAN_MANAGE inherited from the kind's root object, as Databricks shows them.
import type { Directory } from '../directory';
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import { SQL_ML_LEVELS, type SqlMlKind, type SqlMlObjectSpec } from '../scenarioSqlMl';
import type { ApiHandler, Caller, WorkspaceContext } from './context';
import { sendApiError } from './errors';
import { decodePageToken, intParam, paginate } from './paging';

/** The permissions API's object type per kind, and the object each inherits the admins' grant from. */
const PERMISSIONS_TYPE: Record<SqlMlKind, { type: string; root: string; objectType: string }> = {
  warehouses: { type: 'warehouses', root: '/sql/warehouses/', objectType: 'warehouses' },
  endpoints: { type: 'serving-endpoints', root: '/serving-endpoints/', objectType: 'serving-endpoint' },
  experiments: { type: 'experiments', root: '/experiments/', objectType: 'mlflowExperiment' },
  models: { type: 'registered-models', root: '/registered-models/', objectType: 'registered-model' },
  pipelines: { type: 'pipelines', root: '/pipelines/', objectType: 'pipelines' },
};

function objectsOf(wc: WorkspaceContext, kind: SqlMlKind): SqlMlObjectSpec[] {
  return wc.runtime.directory.scenario.workspace.sqlAndMl?.[kind] ?? [];
}

/** A paged list: `size` from the query or body, at most `max` (an error above, as Databricks answers). */
function page(ctx: RequestContext, kind: SqlMlKind, all: SqlMlObjectSpec[], size: number, token: string | null): { items: SqlMlObjectSpec[]; next?: string } | null {
  const offset = token ? decodePageToken(kind, token) : 0;
  if (offset === null) {
    sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Invalid page_token.');
    return null;
  }
  return paginate(kind, all, offset, size);
}

function sizeOf(ctx: RequestContext, raw: number | undefined, fallback: number, max: number, name: string): number | null {
  const size = raw ?? fallback;
  if (Number.isNaN(size) || size < 1 || size > max) {
    sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Invalid ${name}: must be between 1 and ${max}.`);
    return null;
  }
  return size;
}

const handleListWarehouses: ApiHandler = (wc, ctx) => {
  const size = sizeOf(ctx, intParam(ctx.url, 'page_size'), 25, 1000, 'page_size');
  const p = size === null ? null : page(ctx, 'warehouses', objectsOf(wc, 'warehouses'), size, ctx.url.searchParams.get('page_token'));
  if (!p) return;
  sendJson(ctx.res, 200, { warehouses: p.items.map((w) => ({ id: w.id, name: w.name, state: 'STOPPED', creator_name: w.owner })), ...(p.next ? { next_page_token: p.next } : {}) });
};

// No paging: the whole list in one answer.
const handleListEndpoints: ApiHandler = (wc, ctx) => {
  sendJson(ctx.res, 200, { endpoints: objectsOf(wc, 'endpoints').map((e) => ({ id: e.id, name: e.name, creator: e.owner, state: { ready: 'READY' } })) });
};

// POST with a JSON body; max_results up to 3000.
const handleSearchExperiments: ApiHandler = async (wc, ctx) => {
  const body = (await ctx.json()) as { max_results?: unknown; page_token?: unknown };
  const raw = body.max_results === undefined ? undefined : Number.isSafeInteger(body.max_results) ? (body.max_results as number) : NaN;
  const size = sizeOf(ctx, raw, 1000, 3000, 'max_results');
  const p = size === null ? null : page(ctx, 'experiments', objectsOf(wc, 'experiments'), size, typeof body.page_token === 'string' && body.page_token ? body.page_token : null);
  if (!p) return;
  sendJson(ctx.res, 200, { experiments: p.items.map((e) => ({ experiment_id: e.id, name: e.name, lifecycle_stage: 'active' })), ...(p.next ? { next_page_token: p.next } : {}) });
};

// MLflow's registered model has no id: the list gives names only.
const handleListModels: ApiHandler = (wc, ctx) => {
  const size = sizeOf(ctx, intParam(ctx.url, 'max_results'), 100, 1000, 'max_results');
  const p = size === null ? null : page(ctx, 'models', objectsOf(wc, 'models'), size, ctx.url.searchParams.get('page_token'));
  if (!p) return;
  sendJson(ctx.res, 200, { registered_models: p.items.map((m) => ({ name: m.name, user_id: m.owner })), ...(p.next ? { next_page_token: p.next } : {}) });
};

const handleGetModelDatabricks: ApiHandler = (wc, ctx, caller) => {
  const name = ctx.url.searchParams.get('name') ?? '';
  const model = objectsOf(wc, 'models').find((m) => m.name === name);
  if (!model) return sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `RegisteredModel '${name}' does not exist. It might have been deleted.`);
  const level = levelOf(wc.runtime.directory, 'models', model, caller.user.userName);
  sendJson(ctx.res, 200, { registered_model_databricks: { id: model.id, name: model.name, user_id: model.owner, ...(level ? { permission_level: level } : {}) } });
};

// max_results up to 100, an error above; the objects under `statuses`.
const handleListPipelines: ApiHandler = (wc, ctx) => {
  const size = sizeOf(ctx, intParam(ctx.url, 'max_results'), 25, 100, 'max_results');
  const p = size === null ? null : page(ctx, 'pipelines', objectsOf(wc, 'pipelines'), size, ctx.url.searchParams.get('page_token'));
  if (!p) return;
  sendJson(ctx.res, 200, { statuses: p.items.map((x) => ({ pipeline_id: x.id, name: x.name, state: 'IDLE', creator_user_name: x.owner })), ...(p.next ? { next_page_token: p.next } : {}) });
};

function aclOf(dir: Directory, kind: SqlMlKind, o: SqlMlObjectSpec): Record<string, unknown>[] {
  const entry = (principal: string, level: string, inheritedFrom?: string): Record<string, unknown> => ({
    ...principalFields(dir, principal),
    all_permissions: [{ permission_level: level, inherited: inheritedFrom !== undefined, ...(inheritedFrom ? { inherited_from_object: [inheritedFrom] } : {}) }],
  });
  return [entry(o.owner, 'IS_OWNER'), ...(o.grants ?? []).map((g) => entry(g.principal, g.level)), entry('admins', 'CAN_MANAGE', PERMISSIONS_TYPE[kind].root)];
}

function principalFields(dir: Directory, name: string): Record<string, string> {
  const user = dir.user(name);
  if (user) return { user_name: user.userName, display_name: user.displayName };
  const sp = dir.servicePrincipal(name);
  if (sp) return { service_principal_name: sp.applicationId, display_name: sp.displayName };
  return { group_name: dir.groupByName(name)?.displayName ?? name };
}

/** The highest level the user holds on the object, directly or through any group; null when none. */
export function levelOf(dir: Directory, kind: SqlMlKind, o: SqlMlObjectSpec, userName: string): string | null {
  const groups = new Set(dir.transitiveGroupsOf(userName).map((g) => g.displayName.toLowerCase()));
  const rank = (level: string) => (level === 'IS_OWNER' ? 99 : SQL_ML_LEVELS[kind].indexOf(level));
  let best: string | null = null;
  for (const e of aclOf(dir, kind, o)) {
    const reaches = (typeof e.user_name === 'string' && e.user_name.toLowerCase() === userName.toLowerCase()) || (typeof e.group_name === 'string' && groups.has(e.group_name.toLowerCase()));
    if (!reaches) continue;
    for (const p of e.all_permissions as { permission_level: string }[]) if (best === null || rank(p.permission_level) > rank(best)) best = p.permission_level;
  }
  return best;
}

function permissionsHandler(kind: SqlMlKind): ApiHandler {
  return (wc: WorkspaceContext, ctx: RequestContext, caller: Caller) => {
    const dir = wc.runtime.directory;
    const { id } = ctx.params as { id: string };
    const o = objectsOf(wc, kind).find((x) => x.id === id);
    if (!o) return sendApiError(ctx.res, 404, 'RESOURCE_DOES_NOT_EXIST', `${PERMISSIONS_TYPE[kind].objectType} ${id} does not exist.`);
    const level = levelOf(dir, kind, o, caller.user.userName);
    if (o.aclReadableBy === 'managers' && level !== 'CAN_MANAGE' && level !== 'IS_OWNER') {
      return sendApiError(ctx.res, 403, 'PERMISSION_DENIED', `${caller.user.userName} does not have Manage permissions on ${o.name}. Please contact the owner or an administrator for access.`);
    }
    sendJson(ctx.res, 200, { object_id: `${PERMISSIONS_TYPE[kind].root}${o.id}`, object_type: PERMISSIONS_TYPE[kind].objectType, access_control_list: aclOf(dir, kind, o) });
  };
}

/** [method, path, handler]: registered ahead of the generic permissions route of workspace.ts. */
export const SQL_ML_ROUTES: readonly ['GET' | 'POST', string, ApiHandler][] = [
  ['GET', '/api/2.0/sql/warehouses', handleListWarehouses],
  ['GET', '/api/2.0/serving-endpoints', handleListEndpoints],
  ['POST', '/api/2.0/mlflow/experiments/search', handleSearchExperiments],
  ['GET', '/api/2.0/mlflow/registered-models/list', handleListModels],
  ['GET', '/api/2.0/mlflow/databricks/registered-models/get', handleGetModelDatabricks],
  ['GET', '/api/2.0/pipelines', handleListPipelines],
  ...(Object.keys(PERMISSIONS_TYPE) as SqlMlKind[]).map((kind): ['GET', string, ApiHandler] => ['GET', `/api/2.0/permissions/${PERMISSIONS_TYPE[kind].type}/:id`, permissionsHandler(kind)]),
];
