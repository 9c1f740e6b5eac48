// The shape of a sandbox scenario: who exists in the fake Entra tenant, what
// the fake Databricks workspace holds, and the knobs that make both misbehave
// on purpose. Scenario JSON files live in test/scenarios/. Object fields that
// mirror a Databricks API field keep the API's name (cluster_id,
// data_security_mode, ...); everything else is camelCase.

import type { ScenarioUnityCatalog } from './scenarioUc';
import type { ScenarioSqlAndMl } from './scenarioSqlMl';
import type { ScenarioCompute } from './scenarioCompute';
import type { WorkspaceTreeObject } from './scenarioWorkspaceTree';

export const AZURE_DATABRICKS_RESOURCE_ID = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';

export const CLUSTER_LEVELS = ['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'] as const;
export const JOB_LEVELS = ['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE', 'IS_OWNER'] as const;
export type ClusterLevel = (typeof CLUSTER_LEVELS)[number];
export type JobLevel = (typeof JOB_LEVELS)[number];
export type PermissionLevel = ClusterLevel | JobLevel;

export const DATA_SECURITY_MODES = [
  'NONE',
  'SINGLE_USER',
  'USER_ISOLATION',
  'LEGACY_TABLE_ACL',
  'LEGACY_PASSTHROUGH',
  'LEGACY_SINGLE_USER',
  'DATA_SECURITY_MODE_AUTO',
  'DATA_SECURITY_MODE_STANDARD',
  'DATA_SECURITY_MODE_DEDICATED',
] as const;
export type DataSecurityMode = (typeof DATA_SECURITY_MODES)[number];

export const CLUSTER_STATES = ['PENDING', 'RUNNING', 'RESTARTING', 'RESIZING', 'TERMINATING', 'TERMINATED', 'ERROR', 'UNKNOWN'] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];

/**
 * What GET /api/2.0/permissions/... shows a caller who is not a manager of the object. Public
 * reports disagree, so each is a mode: `anyone` reads the whole ACL; `managers`: non-managers get
 * 403 (managers through a group included); `own`: 200 with only the entries naming the caller;
 * `empty`: 200 with an empty list. In `own` and `empty` only a direct CAN_MANAGE/IS_OWNER entry
 * shows the whole list (databrickslabs/migrate #265: managers through a group, admins included, got `[]`).
 */
export const ACL_READABLE_BY = ['anyone', 'managers', 'own', 'empty'] as const;
export type AclReadableBy = (typeof ACL_READABLE_BY)[number];

/** One grant. Exactly one of user (a userName), group (a workspace group displayName), servicePrincipal (an application id). */
export interface AclEntry {
  user?: string;
  group?: string;
  servicePrincipal?: string;
  level: PermissionLevel;
}

export interface ScenarioUser {
  /** UPN and email; also the workspace userName. */
  userName: string;
  /** Entra object id (GUID). */
  oid: string;
  displayName: string;
  /** Entra group object ids: the token's `groups` claim. */
  entraGroups?: string[];
  /** False: the user exists in Entra but was never provisioned into the workspace. Default true. */
  inWorkspace?: boolean;
  /** Workspace (SCIM) user id; derived from userName when absent. */
  workspaceId?: string;
  /** Entitlements assigned to the user directly. Default ["workspace-access"]. */
  entitlements?: string[];
}

export interface ScenarioServicePrincipal {
  applicationId: string;
  displayName: string;
  workspaceId?: string;
}

export interface ScenarioRuleSet {
  applicationId: string;
  /** Principals as the API writes them: users/<userName>, groups/<displayName>, servicePrincipals/<applicationId>. */
  grantRules: { role: string; principals: string[] }[];
  readable?: boolean;
}

export interface EntraGroup {
  id: string;
  displayName: string;
}

export interface WorkspaceGroup {
  /** SCIM group id; derived from displayName when absent. */
  id?: string;
  displayName: string;
  /** Entra group object id for groups synced by SCIM provisioning; null for workspace-local groups. */
  externalId?: string | null;
  /** Direct members: userNames, group displayNames (nesting), service principal application ids. */
  members?: { users?: string[]; groups?: string[]; servicePrincipals?: string[] };
  entitlements?: string[];
}

/** The workspace's token federation policy: which JWTs /oidc/v1/token accepts. */
export interface FederationPolicy {
  /** Default: the fake Entra issuer of the scenario's tenant (known only once it listens). */
  issuer?: string;
  /** Default: the tenant's client ids. */
  audiences?: string[];
  /** Claim that names the Databricks user. Default preferred_username. */
  subjectClaim?: 'preferred_username' | 'upn' | 'email' | 'oid' | 'sub';
}

export interface ScenarioCluster {
  cluster_id: string;
  cluster_name: string;
  state?: ClusterState;
  data_security_mode?: DataSecurityMode;
  /** A userName or, in DATA_SECURITY_MODE_DEDICATED, a group displayName. */
  single_user_name?: string;
  /** userName of the creator; the creator holds CAN_MANAGE. */
  creator: string;
  spark_version?: string;
  node_type_id?: string;
  num_workers?: number;
  acl?: AclEntry[];
  aclReadableBy?: AclReadableBy;
}

export interface ScenarioJob {
  job_id: number;
  name: string;
  creator: string;
  /** IS_OWNER; default the creator. Always a user or service principal, never a group. */
  owner?: string;
  /** run_as_user_name; default the owner. */
  runAs?: string;
  acl?: AclEntry[];
  aclReadableBy?: AclReadableBy;
  /** Historical runs for runs/list, placed relative to the sandbox's start. */
  runs?: ScenarioRun[];
}

export const RUN_RESULT_STATES = ['SUCCESS', 'FAILED', 'TIMEDOUT', 'CANCELED'] as const;
export type RunResultState = (typeof RUN_RESULT_STATES)[number];
export const RUN_TRIGGERS = ['ONE_TIME', 'PERIODIC', 'RETRY'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export interface ScenarioRun {
  /** creator_user_name: who started it (a userName, or a service principal's application id). */
  creator: string;
  startedMinutesAgo: number;
  /** Default 5. */
  durationMinutes?: number;
  /** Default SUCCESS. */
  resultState?: RunResultState;
  /** Default ONE_TIME (run now); PERIODIC for scheduled runs. */
  trigger?: RunTrigger;
}

export interface TokenLifetimes {
  /** Entra access and id tokens. */
  entra: number;
  /** Databricks OAuth tokens from /oidc/v1/token. */
  databricks: number;
  /** Entra refresh tokens (inactivity lifetime). */
  refreshToken: number;
}

export type EntraGrantType = 'device_code' | 'authorization_code' | 'refresh_token';

/** Makes Entra answer with an AADSTS error (see entra/errors.ts for the catalogue). */
export interface EntraFault {
  target: 'entra';
  aadsts: number;
  /** How many matching requests fail; default 1. */
  times?: number | 'always';
  /** Where: the token endpoint (default), the authorize page or the device code endpoint. */
  endpoint?: 'token' | 'authorize' | 'devicecode';
  grantType?: EntraGrantType;
  /** userName; only requests for this user fail. */
  user?: string;
}

/** `drop`: no answer at all, the connection is cut (a reset, as a failing load balancer does); `status` is then not sent. */
export type WorkspaceErrorStyle = 'json' | 'json-numeric' | 'html' | 'scim' | 'oauth' | 'drop';

/** Makes the workspace answer an error in one of the shapes Databricks uses. */
export interface WorkspaceFault {
  target: 'workspace';
  /** Path prefix, e.g. "/api/2.0/permissions/clusters/". */
  path: string;
  method?: string;
  times?: number | 'always';
  status: number;
  style?: WorkspaceErrorStyle;
  /** For style json: the string error_code; default derived from status. */
  errorCode?: string;
  message?: string;
  /** Adds a Retry-After header (seconds). */
  retryAfterSec?: number;
}

export type FaultSpec = EntraFault | WorkspaceFault;

export interface RateLimit {
  /** Requests per second allowed on paths starting with pathPrefix; the rest get 429. */
  requestsPerSecond: number;
  /** Default "/api/2.0/permissions/". */
  pathPrefix?: string;
  /** Retry-After header value; default 1. */
  retryAfterSec?: number;
}

export interface Knobs {
  /** Added to every request of both servers (not the control API). */
  latencyMs: number;
  /**
   * Whether the workspace offers HTTP/2 (ALPN `h2`; HTTP/1.1 is served either way). Read when the
   * sandbox starts.
   */
  http2: boolean;
  tokenLifetimeSec: TokenLifetimes;
  /** Approve device codes at once and skip the consent page, as the signed-in user. */
  autoApprove: boolean;
  /** The user auto-approval signs in as; default the first workspace user. */
  signedInUser?: string;
  aclReadableBy: AclReadableBy;
  /** "permitted": lists show only objects the caller holds a level on (visibility control). */
  listVisibility: 'all' | 'permitted';
  faults: FaultSpec[];
  rateLimit: RateLimit | null;
  deviceCode: { expiresInSec: number; intervalSec: number };
  /** Whether a refresh token stays valid after it was redeemed for a new one (Entra keeps it). */
  refreshTokenRotation: 'keep-old' | 'revoke-old';
  /** How long a run started by run-now takes from PENDING to TERMINATED (the first fifth PENDING). */
  jobRunMs: number;
  /**
   * Which tokens carry the `groups` claim: access and ID tokens (default), ID tokens only (as for
   * the first-party AzureDatabricks resource, whose token claims no customer configures), or none.
   */
  groupsClaimIn: 'access-and-id' | 'id-token' | 'none';
  /** Users in "too many" groups: their tokens carry Entra's overage marker (`_claim_names`/`_claim_sources`) instead of `groups`. */
  groupsOverage: string[];
  /** Whether the app may read Microsoft Graph for its users (delegated permission consented); false answers AADSTS65001 for Graph scopes. */
  graphConsent: boolean;
  /** Where transitive-parent-groups puts each entry's group id (see TRANSITIVE_GROUPS_SHAPES). */
  transitiveGroupsShape: TransitiveGroupsShape;
}

/**
 * The shapes of a transitive-parent-groups entry: the SDK generations disagree (`group_id`, or
 * `internal_id`, an int64 that JSON carries as a string or a number); `broken` puts the id under a
 * name no client knows, as a future rename would.
 */
export const TRANSITIVE_GROUPS_SHAPES = ['group_id', 'internal_id', 'internal_id-number', 'broken'] as const;
export type TransitiveGroupsShape = (typeof TRANSITIVE_GROUPS_SHAPES)[number];

export type KnobOverrides = Partial<Omit<Knobs, 'tokenLifetimeSec' | 'deviceCode'>> & {
  tokenLifetimeSec?: Partial<TokenLifetimes>;
  deviceCode?: Partial<Knobs['deviceCode']>;
};

/** Seeded generation of a large workspace on top of the scenario's own objects. */
export interface GenerateSpec {
  seed: number;
  users?: number;
  groups?: number;
  clusters?: number;
  jobs?: number;
  /** Chance that each scenario (non-generated) user joins each generated group. Default 0.05. */
  membershipRate?: number;
  /** Chance that a generated group is nested in an earlier one. Default 0.2. */
  nestingRate?: number;
  /** Chance that a generated group is synced from a (generated) Entra group. Default 0.5. */
  syncedRate?: number;
  /** ACL entries per generated object, [min, max]. Default [1, 4]. */
  aclEntries?: [number, number];
  /** Chance that an object's ACL is readable by managers only. Default 0. */
  unreadableRate?: number;
}

export interface Scenario {
  name: string;
  description?: string;
  tenant: { id: string; displayName?: string; domain?: string; clientIds: string[]; appName?: string };
  users: ScenarioUser[];
  entraGroups?: EntraGroup[];
  workspace: {
    /** Databricks org (workspace) id, as in "Invalid access to Org: <id>". */
    orgId?: string;
    groups?: WorkspaceGroup[];
    servicePrincipals?: ScenarioServicePrincipal[];
    federationPolicy?: FederationPolicy;
    clusters?: ScenarioCluster[];
    jobs?: ScenarioJob[];
    /** Service principal rule sets (the account access-control API): who holds servicePrincipal.user/.manager; `readable: false` answers 403. */
    servicePrincipalRuleSets?: ScenarioRuleSet[];
    /** Unity Catalog: securables, owners, grants, bindings (scenarioUc.ts). */
    unityCatalog?: ScenarioUnityCatalog;
    /** SQL warehouses, serving endpoints, experiments, registry models, pipelines (scenarioSqlMl.ts). */
    sqlAndMl?: ScenarioSqlAndMl;
    /** Cluster policies and instance pools (scenarioCompute.ts). */
    compute?: ScenarioCompute;
    /** Notebooks, folders and Git folders by path, with folder inheritance (scenarioWorkspaceTree.ts). */
    workspaceTree?: WorkspaceTreeObject[];
  };
  knobs?: KnobOverrides;
  generate?: GenerateSpec;
}

export const DEFAULT_KNOBS: Knobs = {
  latencyMs: 0,
  http2: true,
  tokenLifetimeSec: { entra: 3600, databricks: 3600, refreshToken: 90 * 24 * 3600 },
  autoApprove: false,
  aclReadableBy: 'anyone',
  listVisibility: 'all',
  faults: [],
  rateLimit: null,
  deviceCode: { expiresInSec: 900, intervalSec: 5 },
  refreshTokenRotation: 'keep-old',
  jobRunMs: 1500,
  groupsClaimIn: 'access-and-id',
  groupsOverage: [],
  graphConsent: true,
  transitiveGroupsShape: 'group_id',
};

/** Layers overrides onto knobs (nested objects merge, arrays replace). */
export function mergeKnobs(base: Knobs, ...overrides: (KnobOverrides | undefined)[]): Knobs {
  let out: Knobs = { ...base, tokenLifetimeSec: { ...base.tokenLifetimeSec }, deviceCode: { ...base.deviceCode } };
  for (const o of overrides) {
    if (!o) continue;
    const { tokenLifetimeSec, deviceCode, ...flat } = o;
    const defined = Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined)) as Partial<Knobs>;
    out = {
      ...out,
      ...defined,
      tokenLifetimeSec: { ...out.tokenLifetimeSec, ...stripUndefined(tokenLifetimeSec) },
      deviceCode: { ...out.deviceCode, ...stripUndefined(deviceCode) },
    };
  }
  return out;
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  return o ? (Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>) : {};
}
