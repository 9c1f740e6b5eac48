/**
 * The object kinds, as data: one row per kind says where its objects are
 * listed, where their permissions are read, its permission levels in order,
 * which level each action needs, and how the views, the command line and the
 * reference finder name it. The model (levels.ts, evaluate.ts), the workspace
 * client, the tree, the CLI and findReferences.ts read this table instead of
 * branching on the kind, so a new kind is a new row plus its tests.
 *
 * Pure: no I/O. Endpoints, paging and levels as docs/verdicts.md and the
 * Databricks REST reference give them (clusters 2.1, jobs 2.2, permissions 2.0).
 */

import type { KindRow } from './kindRow';
import { ENDPOINT, EXPERIMENT, MODEL, PIPELINE, WAREHOUSE } from './kindsSqlMl';

export type { KindAction, KindList, KindPermissionsId, KindReferences, KindRow, Paging } from './kindRow';

const str = (value: unknown): string | undefined => value as string | undefined;

const CLUSTER = {
  name: 'cluster',
  plural: 'clusters',
  list: { path: '/api/2.1/clusters/list', field: 'clusters', sizeParam: 'page_size', pageSize: 100, paging: 'pageToken' },
  idField: 'cluster_id',
  idType: 'string',
  nameField: ['cluster_name'],
  unnamed: (id: string) => id,
  details: (raw: Readonly<Record<string, unknown>>) => ({ state: str(raw.state), dataSecurityMode: str(raw.data_security_mode), singleUserName: str(raw.single_user_name) }),
  permissionsPath: 'clusters',
  levels: ['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'],
  actions: [
    { name: 'attach', level: 'CAN_ATTACH_TO', verb: 'attach to', dedicatedModeApplies: true },
    { name: 'restart', level: 'CAN_RESTART', verb: 'start, restart or terminate' },
    { name: 'manage', level: 'CAN_MANAGE', verb: 'manage' },
  ],
  defaultAction: 'attach',
  icon: 'server-process',
  references: {
    // cluster_id, existing_cluster_id, clusterId, --cluster-id, DATABRICKS_CLUSTER_ID
    key: '(?:existing[_-]?)?cluster[_-]?id',
    // Databricks cluster ids: 4 digits, 6 digits, then letters and digits (0412-093011-gpu7x4k2).
    id: /^\d{4}-\d{6}-[A-Za-z0-9]{4,20}/,
    numeric: false,
    verbs: {
      get: 'attach', attach: 'attach', remote: 'attach', clusterid: 'attach',
      start: 'restart', restart: 'restart', delete: 'restart', terminate: 'restart', ensure_cluster_is_running: 'restart',
      edit: 'manage', resize: 'manage', permanent_delete: 'manage', 'permanent-delete': 'manage', pin: 'manage', unpin: 'manage', set_permissions: 'manage', update_permissions: 'manage', change_owner: 'manage',
    },
  },
} as const satisfies KindRow;

const JOB = {
  name: 'job',
  plural: 'jobs',
  list: { path: '/api/2.2/jobs/list', field: 'jobs', sizeParam: 'limit', pageSize: 100, paging: 'hasMore' },
  idField: 'job_id',
  idType: 'number',
  nameField: ['settings', 'name'],
  unnamed: (id: string) => `Job ${id}`,
  permissionsPath: 'jobs',
  levels: ['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE'],
  // One owner per job, never a group; the owner can do all a manager can.
  ownerLevel: 'IS_OWNER',
  actions: [
    { name: 'view', level: 'CAN_VIEW', verb: 'view' },
    { name: 'run', level: 'CAN_MANAGE_RUN', verb: 'run' },
    { name: 'manage', level: 'CAN_MANAGE', verb: 'manage' },
  ],
  defaultAction: 'run',
  icon: 'run-all',
  runs: true,
  references: {
    // job_id, jobId, --job-id
    key: 'job[_-]?id',
    id: /^\d{1,19}/,
    numeric: true,
    verbs: {
      get: 'view', list_runs: 'view', 'list-runs': 'view', get_run: 'view', get_permissions: 'view', export_run: 'view',
      run_now: 'run', 'run-now': 'run', run_job_task: 'run', cancel_all_runs: 'run', 'cancel-all-runs': 'run', repair_run: 'run', 'repair-run': 'run',
      reset: 'manage', update: 'manage', delete: 'manage', set_permissions: 'manage', update_permissions: 'manage',
    },
  },
} as const satisfies KindRow;

// Cluster policies and instance pools (docs/kinds.md): lists without paging, one answer each
// (compute/model.d.ts: ListPoliciesResponse.policies, ListInstancePools.instance_pools).
const POLICY = {
  name: 'policy',
  plural: 'policies',
  // "Returns a list of policies accessible by the requesting user": a policy missing here may exist.
  list: { path: '/api/2.0/policies/clusters/list', field: 'policies', paging: 'none' },
  idField: 'policy_id',
  idType: 'string',
  nameField: ['name'],
  unnamed: (id: string) => `Policy ${id}`,
  permissionsPath: 'cluster-policies',
  // ClusterPolicyPermissionLevel is CAN_USE alone; only workspace admins edit policies and their ACLs.
  // CAN_MANAGE ranks above it so that an admin entry reads as a manager's and a CAN_USE holder is
  // never named as the one who grants.
  levels: ['CAN_USE', 'CAN_MANAGE'],
  actions: [{ name: 'use', level: 'CAN_USE', verb: 'create clusters with' }],
  defaultAction: 'use',
  icon: 'law',
  references: {
    // policy_id, policyId, --policy-id (a job cluster's or a bundle's new_cluster.policy_id)
    key: 'policy[_-]?id',
    // Policy ids are 16 hexadecimal characters (E0631F5C0D0006D5).
    id: /^[0-9A-Fa-f]{16}/,
    numeric: false,
    verbs: {},
  },
} as const satisfies KindRow;

const POOL = {
  name: 'pool',
  plural: 'pools',
  list: { path: '/api/2.0/instance-pools/list', field: 'instance_pools', paging: 'none' },
  idField: 'instance_pool_id',
  idType: 'string',
  nameField: ['instance_pool_name'],
  unnamed: (id: string) => id,
  permissionsPath: 'instance-pools',
  levels: ['CAN_ATTACH_TO', 'CAN_MANAGE'],
  actions: [
    { name: 'attach', level: 'CAN_ATTACH_TO', verb: 'attach to' },
    { name: 'manage', level: 'CAN_MANAGE', verb: 'manage' },
  ],
  defaultAction: 'attach',
  icon: 'layers',
  references: {
    // instance_pool_id, driver_instance_pool_id, instancePoolId, --instance-pool-id
    key: '(?:driver[_-]?)?instance[_-]?pool[_-]?id',
    // Instance pool ids: 4 digits, 6 digits, a word, then letters and digits (0101-120000-brick1-pool-ABCD1234).
    id: /^\d{4}-\d{6}-[A-Za-z0-9]+-pool-[A-Za-z0-9]{4,20}/,
    numeric: false,
    verbs: { edit: 'manage', delete: 'manage', set_permissions: 'manage', update_permissions: 'manage' },
  },
} as const satisfies KindRow;

// Workspace objects (docs/kinds.md): one folder's list holds all three; a notebook, a folder or a
// Git folder inherits the permissions of the folders above it (the ACL marks those entries
// `inherited`, `inherited_from_object: ["/directories/<id>"]`). Levels as the workspace service's
// WorkspaceObjectPermissionLevel and RepoPermissionLevel, in the order of the access-control docs.
const WORKSPACE_LEVELS = ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'] as const;
const WORKSPACE_ACTIONS = [
  { name: 'read', level: 'CAN_READ', verb: 'read' },
  { name: 'run', level: 'CAN_RUN', verb: 'run' },
  { name: 'edit', level: 'CAN_EDIT', verb: 'edit' },
  { name: 'manage', level: 'CAN_MANAGE', verb: 'manage' },
] as const;
const workspaceObject = <N extends string>(name: N, plural: string, objectType: string, permissionsPath: string, defaultAction: string, icon: string) =>
  ({
    name,
    plural,
    list: { path: '/api/2.0/workspace/list', field: 'objects', paging: 'none', folderObjectType: objectType },
    idField: 'object_id',
    idType: 'number',
    nameField: ['path'],
    unnamed: (id: string) => `${name} ${id}`,
    permissionsPath,
    levels: WORKSPACE_LEVELS,
    actions: WORKSPACE_ACTIONS,
    defaultAction,
    icon,
  }) as const satisfies KindRow;
const NOTEBOOK = workspaceObject('notebook', 'notebooks', 'NOTEBOOK', 'notebooks', 'run', 'notebook');
const DIRECTORY = workspaceObject('directory', 'directories', 'DIRECTORY', 'directories', 'read', 'folder');
const REPO = workspaceObject('repo', 'repos', 'REPO', 'repos', 'read', 'repo');

const BUILT_IN = [CLUSTER, JOB, WAREHOUSE, ENDPOINT, EXPERIMENT, MODEL, PIPELINE, POLICY, POOL, NOTEBOOK, DIRECTORY, REPO] as const;

/** The kinds the code names; a new row in BUILT_IN adds its name here. */
export type ObjectKind = (typeof BUILT_IN)[number]['name'];
export type Action = (typeof BUILT_IN)[number]['actions'][number]['name'];

const rows = new Map<string, KindRow>(BUILT_IN.map((row) => [row.name, row]));

/** Action names per kind, kept in step with the table (registerKind adds to it). */
export const ACTIONS = {} as Readonly<Record<ObjectKind, readonly Action[]>>;
/** Verbs for sentences, per action name: "attach to", "run", … */
export const ACTION_VERBS = {} as Readonly<Record<Action, string>>;

function index(row: KindRow): void {
  (ACTIONS as Record<string, readonly string[]>)[row.name] = row.actions.map((a) => a.name);
  for (const action of row.actions) (ACTION_VERBS as Record<string, string>)[action.name] ??= action.verb;
}
for (const row of BUILT_IN) index(row);

/** The words for `action` on `kind` ("create clusters with" a policy, "use" a warehouse): ACTION_VERBS keeps only the first kind's. */
export function actionVerb(kind: string, action: string): string {
  return rows.get(kind)?.actions.find((a) => a.name === action)?.verb ?? (ACTION_VERBS as Record<string, string>)[action] ?? action;
}

/**
 * Adds a kind at run time: the tests prove on a made-up row that the model, the client and the
 * CLI need nothing but the row. Product kinds belong in BUILT_IN, where they join ObjectKind.
 */
export function registerKind(row: KindRow): { dispose(): void } {
  if (rows.has(row.name)) throw new Error(`The kind ${row.name} is already in the table.`);
  rows.set(row.name, row);
  index(row);
  return {
    dispose: () => {
      rows.delete(row.name);
      delete (ACTIONS as Record<string, unknown>)[row.name];
    },
  };
}

/** Every kind, in table order. */
export function kindRows(): KindRow[] {
  return [...rows.values()];
}

export function isKind(name: string): name is ObjectKind {
  return rows.has(name);
}

export function kindRow(kind: string): KindRow {
  const row = rows.get(kind);
  if (!row) throw new Error(`${kind} is not a kind of object Access Lens knows; use one of ${[...rows.keys()].join(', ')}.`);
  return row;
}

/** The kind a word names, singular or plural (`cluster`, `clusters`), else undefined. */
export function kindNamed(word: string | undefined): ObjectKind | undefined {
  return word === undefined ? undefined : (kindRows().find((row) => row.name === word || row.plural === word)?.name as ObjectKind | undefined);
}

/** "a", "a or b", "a, b or c": the kinds (or their actions) in a sentence. */
export function orList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** The action to ask `why` about for a permission an error text names: the one it unlocks, else the kind's default. */
export function actionForPermission(kind: string, permission: string | null): string | undefined {
  const row = rows.get(kind);
  if (!row) return undefined;
  // An owner (IS_OWNER, or "Owner permissions" in an error text) can do all a manager can.
  const level = permission === 'IS_OWNER' || (permission !== null && permission === row.ownerLevel) ? managerLevel(row) : permission;
  return row.actions.find((a) => a.level === level)?.name ?? row.defaultAction;
}

/** The level that lets you manage the object (the highest below an owner): whoever holds it reads the whole ACL. */
export function managerLevel(row: KindRow): string {
  return row.levels[row.levels.length - 1] ?? '';
}
