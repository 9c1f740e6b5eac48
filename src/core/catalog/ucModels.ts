/**
 * The typed view of the Unity Catalog answers Access Lens reads, from the Databricks SDK's
 * generated models (its `catalog` service), type-only as in workspace/apiModels.ts: the SDK is a
 * devDependency and never in a bundle. The parsers (ucParse.ts) still check every field they use.
 */
import type {
  CatalogInfo,
  EffectivePermissionsList,
  FunctionInfo,
  GetMetastoreSummaryResponse,
  GetPermissionsResponse,
  GetWorkspaceBindingsResponse,
  MetastoreAssignment,
  RegisteredModelInfo,
  SchemaInfo,
  TableInfo,
  VolumeInfo,
} from '@databricks/sdk-experimental/dist/apis/catalog/model';

/**
 * `GET /api/2.1/unity-catalog/catalogs/{name}`. Catalogs write `isolation_mode` as `ISOLATED`/`OPEN`
 * (CatalogIsolationMode); the SDK's other IsolationMode spells `ISOLATION_MODE_ISOLATED`: both are read.
 */
export type CatalogAnswer = Omit<CatalogInfo, 'isolation_mode'> & { isolation_mode?: string };
export type SchemaAnswer = SchemaInfo;
/** `GET /api/2.1/unity-catalog/tables/{full_name}`: owner, `row_filter`, `columns[].mask`. */
export type TableAnswer = TableInfo;
export type VolumeAnswer = VolumeInfo;
export type FunctionAnswer = FunctionInfo;
export type RegisteredModelAnswer = RegisteredModelInfo;

/** `GET /api/2.1/unity-catalog/effective-permissions/{type}/{full_name}?principal=`. */
export type EffectivePermissionsAnswer = EffectivePermissionsList;
/** `GET /api/2.1/unity-catalog/permissions/{type}/{full_name}`: the direct grants. */
export type PermissionsAnswer = GetPermissionsResponse;
/** `GET /api/2.1/unity-catalog/bindings/catalog/{name}` (the path that replaced `workspace-bindings/catalogs/{name}`). */
export type BindingsAnswer = GetWorkspaceBindingsResponse;
/** `GET /api/2.1/unity-catalog/current-metastore-assignment`: this workspace's id, for the bindings. */
export type MetastoreAssignmentAnswer = MetastoreAssignment;
/** `GET /api/2.1/unity-catalog/metastore_summary`: its `owner` is the metastore admin (a user or group). */
export type MetastoreSummaryAnswer = GetMetastoreSummaryResponse;
