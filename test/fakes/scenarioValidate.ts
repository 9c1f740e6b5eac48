// Validates a parsed scenario file: structure first, then references (a
// grant to a group that does not exist, a member cycle, a single-user
// cluster whose user is unknown). Throws one ScenarioError listing all problems.
import { KNOWN_AADSTS_CODES } from './entra/errors';
import { GUID_PATTERN } from './ids';
import {
  ACL_READABLE_BY,
  CLUSTER_LEVELS,
  CLUSTER_STATES,
  DATA_SECURITY_MODES,
  JOB_LEVELS,
  RUN_RESULT_STATES,
  RUN_TRIGGERS,
  TRANSITIVE_GROUPS_SHAPES,
  type AclEntry,
  type FaultSpec,
  type KnobOverrides,
  type Scenario,
} from './scenario';
import { Checker, ScenarioError, type Json } from './scenarioCheck';
import { checkSqlAndMl } from './scenarioSqlMl';
import { checkUnityCatalog } from './scenarioUc';
import { checkCompute } from './scenarioCompute';
import { checkWorkspaceTree } from './scenarioWorkspaceTree';

const GUID = { pattern: GUID_PATTERN, hint: 'a GUID (like 72f988bf-86f1-41af-91ab-2d7cd011db47)' };
const NUMERIC_ID = { pattern: /^\d{1,19}$/, hint: 'a numeric string id' };
const EMAIL = { pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, hint: 'a user principal name like alice@contoso.com' };
const CLUSTER_ID = { pattern: /^\d{4}-\d{6}-[a-z0-9]{4,16}$/, hint: 'a cluster id like 0123-456789-abcd1234' };
const SINGLE_PRINCIPAL_MODES = ['SINGLE_USER', 'LEGACY_SINGLE_USER', 'DATA_SECURITY_MODE_DEDICATED'];

export function validateScenario(raw: unknown, source: string): Scenario {
  const c = new Checker();
  if (!c.object('', raw, { required: ['name', 'tenant', 'users', 'workspace'], optional: ['description', 'entraGroups', 'knobs', 'generate'] })) {
    throw new ScenarioError(source, c.problems);
  }
  c.string('name', raw.name);
  checkTenant(c, raw.tenant);
  const entraGroupIds = checkEntraGroups(c, raw.entraGroups);
  const users = checkUsers(c, raw.users, entraGroupIds);
  checkWorkspace(c, raw.workspace, users);
  if (raw.knobs !== undefined) checkKnobs(c, 'knobs', raw.knobs, users);
  if (raw.generate !== undefined) checkGenerate(c, raw.generate);
  if (c.problems.length > 0) throw new ScenarioError(source, c.problems);
  return raw as unknown as Scenario;
}

function checkTenant(c: Checker, t: unknown): void {
  if (!c.object('tenant', t, { required: ['id', 'clientIds'], optional: ['displayName', 'domain', 'appName'] })) return;
  c.string('tenant.id', t.id, GUID);
  if (c.array('tenant.clientIds', t.clientIds, { nonEmpty: true })) c.stringList('tenant.clientIds', t.clientIds, GUID);
  for (const key of ['displayName', 'domain', 'appName']) if (t[key] !== undefined) c.string(`tenant.${key}`, t[key]);
}

function checkEntraGroups(c: Checker, groups: unknown): Set<string> {
  const ids = new Set<string>();
  if (groups === undefined || !c.array('entraGroups', groups)) return ids;
  for (const [i, g] of groups.entries()) {
    const at = `entraGroups[${i}]`;
    if (!c.object(at, g, { required: ['id', 'displayName'] })) continue;
    if (c.string(`${at}.id`, g.id, GUID)) ids.add(g.id.toLowerCase());
    c.string(`${at}.displayName`, g.displayName);
  }
  c.unique(groups.map((g, i) => ({ at: `entraGroups[${i}].id`, value: String((g as Json)?.id) })), 'Entra group id', lower);
  return ids;
}

interface KnownUsers {
  all: Set<string>;
  inWorkspace: Set<string>;
}

function checkUsers(c: Checker, users: unknown, entraGroupIds: Set<string>): KnownUsers {
  const known: KnownUsers = { all: new Set(), inWorkspace: new Set() };
  if (!c.array('users', users, { nonEmpty: true })) return known;
  for (const [i, u] of users.entries()) {
    const at = `users[${i}]`;
    if (!c.object(at, u, { required: ['userName', 'oid', 'displayName'], optional: ['entraGroups', 'inWorkspace', 'workspaceId', 'entitlements'] })) continue;
    if (c.string(`${at}.userName`, u.userName, EMAIL)) {
      known.all.add(lower(u.userName));
      if (u.inWorkspace !== false) known.inWorkspace.add(lower(u.userName));
    }
    c.string(`${at}.oid`, u.oid, GUID);
    c.string(`${at}.displayName`, u.displayName);
    if (u.entraGroups !== undefined && c.stringList(`${at}.entraGroups`, u.entraGroups, GUID)) {
      for (const [j, g] of u.entraGroups.entries()) {
        if (!entraGroupIds.has(lower(g))) c.fail(`${at}.entraGroups[${j}]`, `no Entra group with id "${g}" in entraGroups`);
      }
    }
    if (u.inWorkspace !== undefined) c.boolean(`${at}.inWorkspace`, u.inWorkspace);
    if (u.workspaceId !== undefined) c.string(`${at}.workspaceId`, u.workspaceId, NUMERIC_ID);
    if (u.entitlements !== undefined) c.stringList(`${at}.entitlements`, u.entitlements);
  }
  const list = users as Json[];
  c.unique(list.map((u, i) => ({ at: `users[${i}].userName`, value: String(u?.userName) })), 'userName', lower);
  c.unique(list.map((u, i) => ({ at: `users[${i}].oid`, value: String(u?.oid) })), 'oid', lower);
  return known;
}

interface KnownPrincipals {
  users: KnownUsers;
  groups: Set<string>;
  servicePrincipals: Set<string>;
}

function checkWorkspace(c: Checker, w: unknown, users: KnownUsers): void {
  if (!c.object('workspace', w, { optional: ['orgId', 'groups', 'servicePrincipals', 'federationPolicy', 'clusters', 'jobs', 'unityCatalog', 'servicePrincipalRuleSets', 'sqlAndMl', 'compute', 'workspaceTree'] })) return;
  if (w.orgId !== undefined) c.string('workspace.orgId', w.orgId, NUMERIC_ID);
  const principals: KnownPrincipals = { users, groups: new Set(['admins', 'users']), servicePrincipals: new Set() };
  if (w.servicePrincipals !== undefined && c.array('workspace.servicePrincipals', w.servicePrincipals)) {
    for (const [i, sp] of w.servicePrincipals.entries()) {
      const at = `workspace.servicePrincipals[${i}]`;
      if (!c.object(at, sp, { required: ['applicationId', 'displayName'], optional: ['workspaceId'] })) continue;
      if (c.string(`${at}.applicationId`, sp.applicationId, GUID)) principals.servicePrincipals.add(lower(sp.applicationId));
      c.string(`${at}.displayName`, sp.displayName);
      if (sp.workspaceId !== undefined) c.string(`${at}.workspaceId`, sp.workspaceId, NUMERIC_ID);
    }
  }
  if (w.groups !== undefined) checkGroups(c, w.groups, principals);
  if (w.federationPolicy !== undefined && c.object('workspace.federationPolicy', w.federationPolicy, { optional: ['issuer', 'audiences', 'subjectClaim'] })) {
    const p = w.federationPolicy;
    if (p.issuer !== undefined) c.string('workspace.federationPolicy.issuer', p.issuer, { pattern: /^https:\/\/\S+$/, hint: 'an https issuer URL' });
    if (p.audiences !== undefined) c.stringList('workspace.federationPolicy.audiences', p.audiences);
    if (p.subjectClaim !== undefined) c.oneOf('workspace.federationPolicy.subjectClaim', p.subjectClaim, ['preferred_username', 'upn', 'email', 'oid', 'sub']);
  }
  if (w.clusters !== undefined) checkClusters(c, w.clusters, principals);
  if (w.jobs !== undefined) checkJobs(c, w.jobs, principals);
  if (w.servicePrincipalRuleSets !== undefined) checkRuleSets(c, w.servicePrincipalRuleSets, principals);
  if (w.unityCatalog !== undefined) checkUnityCatalog(c, w.unityCatalog, (name) => principals.users.inWorkspace.has(lower(name)) || principals.groups.has(lower(name)) || principals.servicePrincipals.has(lower(name)));
  if (w.sqlAndMl !== undefined) checkSqlAndMl(c, w.sqlAndMl, (name) => principals.users.inWorkspace.has(lower(name)) || principals.groups.has(lower(name)) || principals.servicePrincipals.has(lower(name)));
  if (w.compute !== undefined) checkCompute(c, w.compute, (kind, name) => (kind === 'user' ? principals.users.inWorkspace : kind === 'group' ? principals.groups : principals.servicePrincipals).has(lower(name)));
  if (w.workspaceTree !== undefined) checkWorkspaceTree(c, w.workspaceTree, (name) => principals.users.inWorkspace.has(lower(name)) || principals.groups.has(lower(name)));
}

function checkGroups(c: Checker, groups: unknown, principals: KnownPrincipals): void {
  if (!c.array('workspace.groups', groups)) return;
  const list = groups as Json[];
  for (const g of list) if (typeof g?.displayName === 'string') principals.groups.add(lower(g.displayName));
  const edges = new Map<string, string[]>();
  for (const [i, g] of list.entries()) {
    const at = `workspace.groups[${i}]`;
    if (!c.object(at, g, { required: ['displayName'], optional: ['id', 'externalId', 'members', 'entitlements'] })) continue;
    c.string(`${at}.displayName`, g.displayName);
    if (g.id !== undefined) c.string(`${at}.id`, g.id, NUMERIC_ID);
    if (g.externalId !== undefined && g.externalId !== null) c.string(`${at}.externalId`, g.externalId, GUID);
    if (g.entitlements !== undefined) c.stringList(`${at}.entitlements`, g.entitlements);
    if (g.members === undefined || !c.object(`${at}.members`, g.members, { optional: ['users', 'groups', 'servicePrincipals'] })) continue;
    const m = g.members;
    if (m.users !== undefined && c.stringList(`${at}.members.users`, m.users)) {
      for (const [j, u] of m.users.entries()) {
        if (!principals.users.inWorkspace.has(lower(u))) c.fail(`${at}.members.users[${j}]`, `"${u}" is not a workspace user (unknown, or inWorkspace: false)`);
      }
    }
    if (m.groups !== undefined && c.stringList(`${at}.members.groups`, m.groups)) {
      for (const [j, child] of m.groups.entries()) {
        if (!principals.groups.has(lower(child))) c.fail(`${at}.members.groups[${j}]`, `no workspace group named "${child}"`);
      }
      edges.set(lower(String(g.displayName)), m.groups.map(lower));
    }
    if (m.servicePrincipals !== undefined && c.stringList(`${at}.members.servicePrincipals`, m.servicePrincipals)) {
      for (const [j, sp] of m.servicePrincipals.entries()) {
        if (!principals.servicePrincipals.has(lower(sp))) c.fail(`${at}.members.servicePrincipals[${j}]`, `no service principal with applicationId "${sp}"`);
      }
    }
  }
  c.unique(list.map((g, i) => ({ at: `workspace.groups[${i}].displayName`, value: String(g?.displayName) })), 'group displayName', lower);
  c.unique(list.filter((g) => g?.id !== undefined).map((g) => ({ at: `workspace.groups[id ${String(g.id)}]`, value: String(g.id) })), 'group id');
  const cycle = findCycle(edges);
  if (cycle) c.fail('workspace.groups', `group nesting has a cycle: ${cycle.join(' -> ')}`);
}

function checkClusters(c: Checker, clusters: unknown, principals: KnownPrincipals): void {
  if (!c.array('workspace.clusters', clusters)) return;
  for (const [i, cl] of clusters.entries()) {
    const at = `workspace.clusters[${i}]`;
    const optional = ['state', 'data_security_mode', 'single_user_name', 'spark_version', 'node_type_id', 'num_workers', 'acl', 'aclReadableBy'];
    if (!c.object(at, cl, { required: ['cluster_id', 'cluster_name', 'creator'], optional })) continue;
    c.string(`${at}.cluster_id`, cl.cluster_id, CLUSTER_ID);
    c.string(`${at}.cluster_name`, cl.cluster_name);
    checkUserRef(c, `${at}.creator`, cl.creator, principals);
    if (cl.state !== undefined) c.oneOf(`${at}.state`, cl.state, CLUSTER_STATES);
    if (cl.data_security_mode !== undefined && c.oneOf(`${at}.data_security_mode`, cl.data_security_mode, DATA_SECURITY_MODES)) {
      if (SINGLE_PRINCIPAL_MODES.includes(cl.data_security_mode)) {
        const name = cl.single_user_name;
        const allowGroup = cl.data_security_mode === 'DATA_SECURITY_MODE_DEDICATED';
        if (name === undefined) c.fail(`${at}.single_user_name`, `is required when data_security_mode is ${cl.data_security_mode}`);
        else if (c.string(`${at}.single_user_name`, name) && !principals.users.all.has(lower(name)) && !(allowGroup && principals.groups.has(lower(name)))) {
          c.fail(`${at}.single_user_name`, `"${name}" is not a known user${allowGroup ? ' or workspace group' : ''}`);
        }
      }
    }
    for (const key of ['spark_version', 'node_type_id']) if (cl[key] !== undefined) c.string(`${at}.${key}`, cl[key]);
    if (cl.num_workers !== undefined) c.integer(`${at}.num_workers`, cl.num_workers, { min: 0 });
    if (cl.aclReadableBy !== undefined) c.oneOf(`${at}.aclReadableBy`, cl.aclReadableBy, ACL_READABLE_BY);
    if (cl.acl !== undefined) checkAcl(c, `${at}.acl`, cl.acl, CLUSTER_LEVELS, principals);
  }
  c.unique((clusters as Json[]).map((cl, i) => ({ at: `workspace.clusters[${i}].cluster_id`, value: String(cl?.cluster_id) })), 'cluster_id');
}

function checkJobs(c: Checker, jobs: unknown, principals: KnownPrincipals): void {
  if (!c.array('workspace.jobs', jobs)) return;
  for (const [i, j] of jobs.entries()) {
    const at = `workspace.jobs[${i}]`;
    if (!c.object(at, j, { required: ['job_id', 'name', 'creator'], optional: ['owner', 'runAs', 'acl', 'aclReadableBy', 'runs'] })) continue;
    c.integer(`${at}.job_id`, j.job_id, { min: 1 });
    c.string(`${at}.name`, j.name);
    checkUserRef(c, `${at}.creator`, j.creator, principals);
    // A job owner is a user or a service principal, never a group (as in Databricks).
    for (const key of ['owner', 'runAs']) {
      const v = j[key];
      if (v !== undefined && c.string(`${at}.${key}`, v) && !principals.users.all.has(lower(v)) && !principals.servicePrincipals.has(lower(v))) {
        c.fail(`${at}.${key}`, `"${v}" is not a known user or service principal${principals.groups.has(lower(v)) ? ' (a group cannot own or run a job)' : ''}`);
      }
    }
    if (j.aclReadableBy !== undefined) c.oneOf(`${at}.aclReadableBy`, j.aclReadableBy, ACL_READABLE_BY);
    if (j.acl !== undefined) checkAcl(c, `${at}.acl`, j.acl, JOB_LEVELS.filter((l) => l !== 'IS_OWNER'), principals);
    if (j.runs !== undefined) checkRuns(c, `${at}.runs`, j.runs, principals);
  }
  c.unique((jobs as Json[]).map((j, i) => ({ at: `workspace.jobs[${i}].job_id`, value: String(j?.job_id) })), 'job_id');
}

function checkRuns(c: Checker, path: string, runs: unknown, principals: KnownPrincipals): void {
  if (!c.array(path, runs)) return;
  for (const [i, r] of runs.entries()) {
    const at = `${path}[${i}]`;
    if (!c.object(at, r, { required: ['creator', 'startedMinutesAgo'], optional: ['durationMinutes', 'resultState', 'trigger'] })) continue;
    if (c.string(`${at}.creator`, r.creator) && !principals.users.all.has(lower(r.creator)) && !principals.servicePrincipals.has(lower(r.creator))) {
      c.fail(`${at}.creator`, `"${r.creator}" is not a known user or service principal`);
    }
    c.integer(`${at}.startedMinutesAgo`, r.startedMinutesAgo, { min: 0 });
    if (r.durationMinutes !== undefined) c.integer(`${at}.durationMinutes`, r.durationMinutes, { min: 0 });
    if (r.resultState !== undefined) c.oneOf(`${at}.resultState`, r.resultState, RUN_RESULT_STATES);
    if (r.trigger !== undefined) c.oneOf(`${at}.trigger`, r.trigger, RUN_TRIGGERS);
  }
}

function checkAcl(c: Checker, path: string, acl: unknown, levels: readonly string[], principals: KnownPrincipals): void {
  if (!c.array(path, acl)) return;
  for (const [i, e] of acl.entries()) {
    const at = `${path}[${i}]`;
    if (!c.object(at, e, { required: ['level'], optional: ['user', 'group', 'servicePrincipal'] })) continue;
    const entry = e as Partial<AclEntry>;
    const kinds = (['user', 'group', 'servicePrincipal'] as const).filter((k) => entry[k] !== undefined);
    if (kinds.length !== 1) c.fail(at, 'needs exactly one of user, group, servicePrincipal');
    if (entry.level === 'IS_OWNER') c.fail(`${at}.level`, 'IS_OWNER comes from the job\'s "owner" field, not from its acl');
    else c.oneOf(`${at}.level`, entry.level, levels);
    if (entry.user !== undefined && c.string(`${at}.user`, entry.user) && !principals.users.inWorkspace.has(lower(entry.user))) {
      c.fail(`${at}.user`, `"${entry.user}" is not a workspace user`);
    }
    if (entry.group !== undefined && c.string(`${at}.group`, entry.group) && !principals.groups.has(lower(entry.group))) {
      c.fail(`${at}.group`, `no workspace group named "${entry.group}"`);
    }
    if (entry.servicePrincipal !== undefined && c.string(`${at}.servicePrincipal`, entry.servicePrincipal) && !principals.servicePrincipals.has(lower(entry.servicePrincipal))) {
      c.fail(`${at}.servicePrincipal`, `no service principal with applicationId "${entry.servicePrincipal}"`);
    }
  }
}

function checkUserRef(c: Checker, path: string, value: unknown, principals: KnownPrincipals): void {
  if (c.string(path, value) && !principals.users.all.has(lower(value))) c.fail(path, `"${value}" is not a known user`);
}

function checkKnobs(c: Checker, path: string, k: unknown, users: KnownUsers): void {
  const optional = ['latencyMs', 'http2', 'tokenLifetimeSec', 'autoApprove', 'signedInUser', 'aclReadableBy', 'listVisibility', 'faults', 'rateLimit', 'deviceCode', 'refreshTokenRotation', 'jobRunMs', 'groupsClaimIn', 'groupsOverage', 'graphConsent', 'transitiveGroupsShape'];
  if (!c.object(path, k, { optional })) return;
  if (k.latencyMs !== undefined) c.integer(`${path}.latencyMs`, k.latencyMs, { min: 0, max: 60_000 });
  if (k.tokenLifetimeSec !== undefined && c.object(`${path}.tokenLifetimeSec`, k.tokenLifetimeSec, { optional: ['entra', 'databricks', 'refreshToken'] })) {
    for (const [key, v] of Object.entries(k.tokenLifetimeSec)) if (key !== '$comment') c.integer(`${path}.tokenLifetimeSec.${key}`, v, { min: 1 });
  }
  if (k.http2 !== undefined) c.boolean(`${path}.http2`, k.http2);
  if (k.autoApprove !== undefined) c.boolean(`${path}.autoApprove`, k.autoApprove);
  if (k.signedInUser !== undefined && c.string(`${path}.signedInUser`, k.signedInUser) && !users.all.has(lower(k.signedInUser))) {
    c.fail(`${path}.signedInUser`, `"${k.signedInUser}" is not a known user`);
  }
  if (k.aclReadableBy !== undefined) c.oneOf(`${path}.aclReadableBy`, k.aclReadableBy, ACL_READABLE_BY);
  if (k.listVisibility !== undefined) c.oneOf(`${path}.listVisibility`, k.listVisibility, ['all', 'permitted']);
  if (k.transitiveGroupsShape !== undefined) c.oneOf(`${path}.transitiveGroupsShape`, k.transitiveGroupsShape, [...TRANSITIVE_GROUPS_SHAPES]);
  if (k.jobRunMs !== undefined) c.integer(`${path}.jobRunMs`, k.jobRunMs, { min: 0, max: 24 * 3600_000 });
  if (k.refreshTokenRotation !== undefined) c.oneOf(`${path}.refreshTokenRotation`, k.refreshTokenRotation, ['keep-old', 'revoke-old']);
  if (k.groupsClaimIn !== undefined) c.oneOf(`${path}.groupsClaimIn`, k.groupsClaimIn, ['access-and-id', 'id-token', 'none']);
  if (k.graphConsent !== undefined) c.boolean(`${path}.graphConsent`, k.graphConsent);
  if (k.groupsOverage !== undefined && c.array(`${path}.groupsOverage`, k.groupsOverage)) {
    for (const [i, u] of k.groupsOverage.entries()) {
      if (c.string(`${path}.groupsOverage[${i}]`, u) && !users.all.has(lower(u))) c.fail(`${path}.groupsOverage[${i}]`, `"${u}" is not a known user`);
    }
  }
  if (k.deviceCode !== undefined && c.object(`${path}.deviceCode`, k.deviceCode, { optional: ['expiresInSec', 'intervalSec'] })) {
    if (k.deviceCode.expiresInSec !== undefined) c.integer(`${path}.deviceCode.expiresInSec`, k.deviceCode.expiresInSec, { min: 1 });
    if (k.deviceCode.intervalSec !== undefined) c.integer(`${path}.deviceCode.intervalSec`, k.deviceCode.intervalSec, { min: 0 });
  }
  if (k.rateLimit !== undefined && k.rateLimit !== null && c.object(`${path}.rateLimit`, k.rateLimit, { required: ['requestsPerSecond'], optional: ['pathPrefix', 'retryAfterSec'] })) {
    c.integer(`${path}.rateLimit.requestsPerSecond`, k.rateLimit.requestsPerSecond, { min: 1 });
    if (k.rateLimit.pathPrefix !== undefined) c.string(`${path}.rateLimit.pathPrefix`, k.rateLimit.pathPrefix, { pattern: /^\//, hint: 'a path starting with /' });
    if (k.rateLimit.retryAfterSec !== undefined) c.integer(`${path}.rateLimit.retryAfterSec`, k.rateLimit.retryAfterSec, { min: 0 });
  }
  if (k.faults !== undefined && c.array(`${path}.faults`, k.faults)) for (const [i, f] of k.faults.entries()) checkFault(c, `${path}.faults[${i}]`, f);
}

function checkFault(c: Checker, at: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || !('target' in value)) {
    c.fail(at, 'expected a fault object with "target": "entra" or "workspace"');
    return;
  }
  const f = value as Json;
  const times = f.times;
  if (times !== undefined && times !== 'always') c.integer(`${at}.times`, times, { min: 1 });
  if (f.target === 'entra') {
    if (!c.object(at, f, { required: ['target', 'aadsts'], optional: ['times', 'endpoint', 'grantType', 'user'] })) return;
    if (c.integer(`${at}.aadsts`, f.aadsts) && !KNOWN_AADSTS_CODES.includes(f.aadsts)) {
      c.fail(`${at}.aadsts`, `AADSTS${f.aadsts} is not in the catalogue; known: ${KNOWN_AADSTS_CODES.join(', ')}`);
    }
    if (f.endpoint !== undefined) c.oneOf(`${at}.endpoint`, f.endpoint, ['token', 'authorize', 'devicecode']);
    if (f.grantType !== undefined) c.oneOf(`${at}.grantType`, f.grantType, ['device_code', 'authorization_code', 'refresh_token']);
    if (f.user !== undefined) c.string(`${at}.user`, f.user);
  } else if (f.target === 'workspace') {
    if (!c.object(at, f, { required: ['target', 'path', 'status'], optional: ['method', 'times', 'style', 'errorCode', 'message', 'retryAfterSec'] })) return;
    c.string(`${at}.path`, f.path, { pattern: /^\//, hint: 'a path prefix starting with /' });
    // An HTML page may come with 200: a proxy's sign-in page in front of the workspace.
    c.integer(`${at}.status`, f.status, { min: f.style === 'html' ? 200 : 400, max: 599 });
    if (f.style !== undefined) c.oneOf(`${at}.style`, f.style, ['json', 'json-numeric', 'html', 'scim', 'oauth', 'drop']);
    for (const key of ['method', 'errorCode', 'message']) if (f[key] !== undefined) c.string(`${at}.${key}`, f[key]);
    if (f.retryAfterSec !== undefined) c.integer(`${at}.retryAfterSec`, f.retryAfterSec, { min: 0 });
  } else {
    c.fail(`${at}.target`, `expected "entra" or "workspace", got ${JSON.stringify(f.target)}`);
  }
}

function checkGenerate(c: Checker, g: unknown): void {
  const optional = ['users', 'groups', 'clusters', 'jobs', 'membershipRate', 'nestingRate', 'syncedRate', 'aclEntries', 'unreadableRate'];
  if (!c.object('generate', g, { required: ['seed'], optional })) return;
  c.integer('generate.seed', g.seed);
  for (const key of ['users', 'groups', 'clusters', 'jobs']) if (g[key] !== undefined) c.integer(`generate.${key}`, g[key], { min: 0, max: 200_000 });
  for (const key of ['membershipRate', 'nestingRate', 'syncedRate', 'unreadableRate']) if (g[key] !== undefined) c.fraction(`generate.${key}`, g[key]);
  if (g.aclEntries !== undefined) {
    const range = g.aclEntries;
    if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isSafeInteger(n) && n >= 0) || range[0] > range[1]) {
      c.fail('generate.aclEntries', `expected [min, max] with 0 <= min <= max, got ${JSON.stringify(range)}`);
    }
  }
}

function findCycle(edges: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** Validates knob overrides given at runtime (control API, CLI); throws ScenarioError. */
export function validateKnobOverrides(raw: unknown, userNames: string[], source = 'knob overrides'): KnobOverrides {
  const c = new Checker();
  const known = new Set(userNames.map(lower));
  checkKnobs(c, 'knobs', raw, { all: known, inWorkspace: known });
  if (c.problems.length > 0) throw new ScenarioError(source, c.problems);
  return raw as KnobOverrides;
}

/** Validates one fault given at runtime; throws ScenarioError. */
export function validateFault(raw: unknown, source = 'fault'): FaultSpec {
  const c = new Checker();
  checkFault(c, 'fault', raw);
  if (c.problems.length > 0) throw new ScenarioError(source, c.problems);
  return raw as FaultSpec;
}

/** Service principal rule sets (workspace/servicePrincipals.ts): a known service principal each, grant rules of role + principals. */
function checkRuleSets(c: Checker, sets: unknown, principals: KnownPrincipals): void {
  if (!c.array('workspace.servicePrincipalRuleSets', sets)) return;
  for (const [i, set] of sets.entries()) {
    const at = `workspace.servicePrincipalRuleSets[${i}]`;
    if (!c.object(at, set, { required: ['applicationId', 'grantRules'], optional: ['readable', '$comment'] })) continue;
    if (c.string(`${at}.applicationId`, set.applicationId, GUID) && !principals.servicePrincipals.has(lower(set.applicationId))) c.fail(`${at}.applicationId`, `no service principal ${set.applicationId} in workspace.servicePrincipals`);
    if (set.readable !== undefined) c.boolean(`${at}.readable`, set.readable);
    if (!c.array(`${at}.grantRules`, set.grantRules)) continue;
    for (const [j, rule] of set.grantRules.entries()) {
      if (!c.object(`${at}.grantRules[${j}]`, rule, { required: ['role', 'principals'] })) continue;
      c.string(`${at}.grantRules[${j}].role`, rule.role, { pattern: /^roles\/servicePrincipal\.(user|manager)$/, hint: 'roles/servicePrincipal.user or roles/servicePrincipal.manager' });
      c.stringList(`${at}.grantRules[${j}].principals`, rule.principals);
    }
  }
}
