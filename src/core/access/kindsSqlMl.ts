/**
 * Rows of the kind table (kinds.ts) for SQL warehouses, model serving endpoints, MLflow experiments,
 * workspace model registry models (not Unity Catalog's) and Lakeflow (DLT) pipelines.
 * Pure data: no I/O.
 */
import type { KindRow } from './kindRow';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

// Endpoints, paging, ids and levels as docs/kinds.md cites them (the REST reference and the SDKs' models).
// Every one takes IS_OWNER as above all levels, as the contract says (docs/verdicts.md).

const MANAGE = { name: 'manage', level: 'CAN_MANAGE', verb: 'manage' } as const;
/** MLflow experiments and registry models: the same three actions. */
const READ_EDIT_MANAGE = [{ name: 'read', level: 'CAN_READ', verb: 'read' }, { name: 'edit', level: 'CAN_EDIT', verb: 'edit' }, MANAGE] as const;

export const WAREHOUSE = {
  name: 'warehouse',
  plural: 'warehouses',
  list: { path: '/api/2.0/sql/warehouses', field: 'warehouses', sizeParam: 'page_size', pageSize: 100, paging: 'pageToken' },
  idField: 'id',
  idType: 'string',
  nameField: ['name'],
  unnamed: (id: string) => `Warehouse ${id}`,
  details: (raw: Readonly<Record<string, unknown>>) => ({ state: str(raw.state) }),
  permissionsPath: 'warehouses',
  // CAN_VIEW is the newest and lowest; whether CAN_MONITOR includes CAN_USE is not documented plainly: docs/kinds.md.
  levels: ['CAN_VIEW', 'CAN_USE', 'CAN_MONITOR', 'CAN_MANAGE'],
  ownerLevel: 'IS_OWNER',
  actions: [
    { name: 'use', level: 'CAN_USE', verb: 'use' },
    { name: 'monitor', level: 'CAN_MONITOR', verb: 'monitor' },
    MANAGE,
  ],
  defaultAction: 'use',
  icon: 'database',
} as const satisfies KindRow;

export const ENDPOINT = {
  name: 'endpoint',
  plural: 'endpoints',
  // One answer, no paging (the SDKs read `endpoints` once).
  list: { path: '/api/2.0/serving-endpoints', field: 'endpoints', paging: 'none' },
  // The permissions API takes the endpoint's system-generated `id`, not its name.
  idField: 'id',
  idType: 'string',
  nameField: ['name'],
  unnamed: (id: string) => `Endpoint ${id}`,
  permissionsPath: 'serving-endpoints',
  levels: ['CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE'],
  ownerLevel: 'IS_OWNER',
  actions: [
    { name: 'query', level: 'CAN_QUERY', verb: 'query' },
    { name: 'view', level: 'CAN_VIEW', verb: 'view' },
    MANAGE,
  ],
  defaultAction: 'query',
  icon: 'cloud',
} as const satisfies KindRow;

export const EXPERIMENT = {
  name: 'experiment',
  plural: 'experiments',
  // experiments/search is a POST in the REST reference and the SDKs (max_results ≤ 3000); experiments/list is deprecated.
  list: { path: '/api/2.0/mlflow/experiments/search', field: 'experiments', sizeParam: 'max_results', pageSize: 1000, paging: 'pageToken', method: 'POST' },
  idField: 'experiment_id',
  idType: 'string',
  nameField: ['name'],
  unnamed: (id: string) => `Experiment ${id}`,
  permissionsPath: 'experiments',
  levels: ['CAN_READ', 'CAN_EDIT', 'CAN_MANAGE'],
  ownerLevel: 'IS_OWNER',
  actions: READ_EDIT_MANAGE,
  defaultAction: 'read',
  icon: 'beaker',
} as const satisfies KindRow;

export const MODEL = {
  name: 'model',
  plural: 'models',
  list: { path: '/api/2.0/mlflow/registered-models/list', field: 'registered_models', sizeParam: 'max_results', pageSize: 1000, paging: 'pageToken' },
  // Listed by name (MLflow's Model has no id); the permissions API wants the Databricks id of databricks/registered-models/get.
  idField: 'name',
  idType: 'string',
  nameField: ['name'],
  unnamed: (id: string) => id,
  permissionsPath: 'registered-models',
  permissionsId: { path: '/api/2.0/mlflow/databricks/registered-models/get', param: 'name', field: ['registered_model_databricks', 'id'] },
  levels: ['CAN_READ', 'CAN_EDIT', 'CAN_MANAGE_STAGING_VERSIONS', 'CAN_MANAGE_PRODUCTION_VERSIONS', 'CAN_MANAGE'],
  ownerLevel: 'IS_OWNER',
  actions: READ_EDIT_MANAGE,
  defaultAction: 'read',
  icon: 'package',
} as const satisfies KindRow;

export const PIPELINE = {
  name: 'pipeline',
  plural: 'pipelines',
  // max_results ≤ 100 (an error above), the page's objects under `statuses`.
  list: { path: '/api/2.0/pipelines', field: 'statuses', sizeParam: 'max_results', pageSize: 100, paging: 'pageToken' },
  idField: 'pipeline_id',
  idType: 'string',
  nameField: ['name'],
  unnamed: (id: string) => `Pipeline ${id}`,
  details: (raw: Readonly<Record<string, unknown>>) => ({ state: str(raw.state) }),
  permissionsPath: 'pipelines',
  levels: ['CAN_VIEW', 'CAN_RUN', 'CAN_MANAGE'],
  ownerLevel: 'IS_OWNER',
  actions: [
    { name: 'view', level: 'CAN_VIEW', verb: 'view' },
    { name: 'run', level: 'CAN_RUN', verb: 'run' },
    MANAGE,
  ],
  defaultAction: 'view',
  icon: 'type-hierarchy',
} as const satisfies KindRow;
