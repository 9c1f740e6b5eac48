// SQL warehouses, serving endpoints, MLflow experiments, workspace registry models and pipelines of a
// scenario (`workspace.sqlAndMl`), as the fake workspace serves them (workspace/sqlAndMl.ts). Each object
// has an owner (IS_OWNER) and direct grants; principals are userNames, workspace group displayNames or
// service principal application ids; levels are the permissions API's spelling (CAN_USE, CAN_QUERY).
import type { Checker, Json } from './scenarioCheck';

export type SqlMlKind = 'warehouses' | 'endpoints' | 'experiments' | 'models' | 'pipelines';
export const SQL_ML_KINDS: readonly SqlMlKind[] = ['warehouses', 'endpoints', 'experiments', 'models', 'pipelines'];

/** The levels of each kind, lowest first (IS_OWNER above them all), as docs/kinds.md cites them. */
export const SQL_ML_LEVELS: Readonly<Record<SqlMlKind, readonly string[]>> = {
  warehouses: ['CAN_VIEW', 'CAN_USE', 'CAN_MONITOR', 'CAN_MANAGE'],
  endpoints: ['CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE'],
  experiments: ['CAN_READ', 'CAN_EDIT', 'CAN_MANAGE'],
  models: ['CAN_READ', 'CAN_EDIT', 'CAN_MANAGE_STAGING_VERSIONS', 'CAN_MANAGE_PRODUCTION_VERSIONS', 'CAN_MANAGE'],
  pipelines: ['CAN_VIEW', 'CAN_RUN', 'CAN_MANAGE'],
};

export interface SqlMlGrant {
  principal: string;
  level: string;
}

export interface SqlMlObjectSpec {
  /** The id the list shows (a model's is its Databricks id, served by databricks/registered-models/get). */
  id: string;
  name: string;
  owner: string;
  grants?: SqlMlGrant[];
  /** `managers`: the permissions API answers 403 to anyone below CAN_MANAGE. Default: anyone reads it. */
  aclReadableBy?: 'anyone' | 'managers';
  /** Pipelines only: an explicit run-as (a userName or a service principal's application id); default the owner. */
  runAs?: string;
}

export type ScenarioSqlAndMl = Partial<Record<SqlMlKind, SqlMlObjectSpec[]>>;

export function checkSqlAndMl(c: Checker, raw: unknown, isPrincipal: (name: string) => boolean): void {
  const at = 'workspace.sqlAndMl';
  if (!c.object(at, raw, { optional: [...SQL_ML_KINDS] })) return;
  for (const kind of SQL_ML_KINDS) {
    const list = raw[kind];
    if (list === undefined || !c.array(`${at}.${kind}`, list)) continue;
    for (const [i, item] of list.entries()) checkObject(c, `${at}.${kind}[${i}]`, item, SQL_ML_LEVELS[kind], isPrincipal, kind === 'pipelines');
    c.unique(list.map((item, i) => ({ at: `${at}.${kind}[${i}].id`, value: String((item as Json)?.id) })), 'id');
  }
}

function checkObject(c: Checker, at: string, o: unknown, levels: readonly string[], isPrincipal: (name: string) => boolean, runs: boolean): void {
  if (!c.object(at, o, { required: ['id', 'name', 'owner'], optional: ['grants', 'aclReadableBy', ...(runs ? ['runAs'] : [])] })) return;
  if (o.runAs !== undefined && c.string(`${at}.runAs`, o.runAs) && !isPrincipal(o.runAs)) c.fail(`${at}.runAs`, `"${o.runAs}" is not a known user or service principal`);
  c.string(`${at}.id`, o.id);
  c.string(`${at}.name`, o.name);
  if (c.string(`${at}.owner`, o.owner) && !isPrincipal(o.owner)) c.fail(`${at}.owner`, `"${o.owner}" is not a known user or service principal`);
  if (o.aclReadableBy !== undefined) c.oneOf(`${at}.aclReadableBy`, o.aclReadableBy, ['anyone', 'managers']);
  if (o.grants === undefined || !c.array(`${at}.grants`, o.grants)) return;
  for (const [j, g] of o.grants.entries()) {
    const gAt = `${at}.grants[${j}]`;
    if (!c.object(gAt, g, { required: ['principal', 'level'] })) continue;
    if (c.string(`${gAt}.principal`, g.principal) && !isPrincipal(g.principal)) c.fail(`${gAt}.principal`, `"${g.principal}" is not a known user, group or service principal`);
    c.oneOf(`${gAt}.level`, g.level, levels);
  }
}
