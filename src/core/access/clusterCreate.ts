/**
 * "Can I create a cluster?" (`why cluster-create`, docs/cli.md): yes with the
 * `allow-cluster-create` entitlement, held directly or through a group (workspace
 * admins hold every entitlement), or with CAN_USE on at least one cluster policy.
 * Pure: the caller reads your entitlements, your groups', the policies with their
 * `use` verdicts and ACLs, and the instance pools with their `attach` verdicts.
 *
 * Never a silent deny: when a group's entitlements could not be read, or a policy's
 * ACL could not, and nothing else allows it, the answer is unknown (null) with the reason.
 */
import { REQUEST_PREFIX, granters } from './remedies';
import { satisfies } from './levels';
import type { AclState, Blocker, Grant, Verdict } from './types';

export const CLUSTER_CREATE_ENTITLEMENT = 'allow-cluster-create';
const REQUIRED = `${CLUSTER_CREATE_ENTITLEMENT} or CAN_USE on a cluster policy`;

export interface ClusterCreateGroup {
  readonly displayName: string;
  /** From you to the group: `user:…`, `group:…`, … */
  readonly path: readonly string[];
  readonly entitlements: readonly string[];
  /** Why the group's entitlements could not be read (groups.ts). */
  readonly entitlementsUnreadable?: string;
}

export interface ClusterCreateObject {
  readonly id: string;
  readonly name: string;
  /** The verdict of `use` on a policy, of `attach` on a pool. */
  readonly verdict: Verdict;
}

export interface ClusterCreateInput {
  readonly userName: string;
  readonly host?: string;
  /** Your direct entitlements (SCIM Me lists only these). */
  readonly entitlements: readonly string[];
  /** Every workspace group of yours, nested ones included, with its entitlements. */
  readonly groups: readonly ClusterCreateGroup[];
  /** The policies listed to you, each with its ACL for the remedies. */
  readonly policies: readonly (ClusterCreateObject & { readonly acl: AclState })[];
  readonly pools: readonly ClusterCreateObject[];
}

/** A policy you may use or a pool you may attach to, and the principal whose grant gives it (`group:…`, `user:…`). */
export interface Usable {
  readonly id: string;
  readonly name: string;
  readonly via: string | null;
}

/** The docs/cli.md `why` document for `cluster-create`, with the policies and pools you may use. */
export interface ClusterCreateVerdict extends Omit<Verdict, 'id' | 'action' | 'kind'> {
  readonly kind: 'cluster';
  readonly id: null;
  readonly action: 'create';
  /** The entitlement: held (true, false, null when unknown) and through whom. */
  readonly entitlement: { readonly name: string; readonly held: boolean | null; readonly via: string | null };
  readonly policies: readonly Usable[];
  readonly pools: readonly Usable[];
}

type EntitlementAnswer = { held: true; grant: Grant } | { held: false } | { held: null; reasons: string[] };

function entitlement(input: ClusterCreateInput): EntitlementAnswer {
  const me = `user:${input.userName}`;
  if (input.entitlements.includes(CLUSTER_CREATE_ENTITLEMENT)) return { held: true, grant: { principal: me, level: CLUSTER_CREATE_ENTITLEMENT, path: [me], inheritedFrom: null } };
  // Workspace admins hold every entitlement, whatever the admins group lists.
  const admins = input.groups.find((g) => g.displayName.toLowerCase() === 'admins');
  const group = admins ?? input.groups.find((g) => g.entitlements.includes(CLUSTER_CREATE_ENTITLEMENT));
  if (group) return { held: true, grant: { principal: `group:${group.displayName}`, level: CLUSTER_CREATE_ENTITLEMENT, path: group.path, inheritedFrom: null } };
  const unreadable = input.groups.filter((g) => g.entitlementsUnreadable !== undefined);
  if (unreadable.length > 0) return { held: null, reasons: unreadable.map((g) => `group "${g.displayName}" (${g.entitlementsUnreadable})`) };
  return { held: false };
}

/** The grant that gives the verdict its level, if any. */
function grantOf(verdict: Verdict): Grant | undefined {
  return verdict.allowed === true ? (verdict.grants.find((g) => g.level === verdict.granted) ?? verdict.grants[0]) : undefined;
}

function usable(objects: readonly ClusterCreateObject[]): Usable[] {
  return objects.filter((o) => o.verdict.allowed === true).map((o) => ({ id: o.id, name: o.name, via: grantOf(o.verdict)?.principal ?? null }));
}

/** Groups you are not in that hold CAN_USE on a policy, per policy: joining one gives a policy. */
function givingGroups(input: ClusterCreateInput): { policy: ClusterCreateObject; group: string; managers: string[] }[] {
  const yours = new Set(input.groups.map((g) => g.displayName.toLowerCase()));
  const out: { policy: ClusterCreateObject; group: string; managers: string[] }[] = [];
  for (const policy of input.policies) {
    if (policy.acl.state !== 'readable') continue;
    const managers = granters({ kind: 'policy', id: policy.id, name: policy.name, acl: policy.acl });
    for (const entry of policy.acl.entries) {
      const group = entry.principal.startsWith('group:') ? entry.principal.slice('group:'.length) : undefined;
      if (!group || group.toLowerCase() === 'admins' || yours.has(group.toLowerCase())) continue;
      if (entry.permissions.some((p) => satisfies('policy', p.level, 'CAN_USE'))) out.push({ policy, group, managers });
    }
  }
  return out;
}

const quoted = (o: { name: string; id: string }): string => `"${o.name}" (id ${o.id})`;

const unsynced = (policy: ClusterCreateObject): Blocker | undefined => policy.verdict.blockers.find((b) => b.code === 'GROUP_NOT_SYNCED');

function remediesFor(input: ClusterCreateInput, held: EntitlementAnswer): string[] {
  const remedies: string[] = [];
  // A policy whose group you are in at your identity provider, not yet in the workspace: a sync gives it, no grant needed.
  for (const policy of input.policies.filter((p) => unsynced(p))) {
    remedies.push(`Cluster policy ${quoted(policy)} is granted to a group you are already in at your identity provider, but your membership has not reached the workspace: ask whoever provisions groups into it (SCIM) to sync you; the policy then applies without any change to it.`);
  }
  const giving = givingGroups(input).filter((g) => !unsynced(g.policy));
  for (const { policy, group, managers } of giving.slice(0, 3)) {
    const who = managers.length > 0 ? `${managers.join(', ')} or a workspace admin` : 'a workspace admin';
    remedies.push(`Join group "${group}", which holds CAN_USE on cluster policy ${quoted(policy)}; the policy is managed by ${who}.`);
  }
  if (giving.length === 0) remedies.push('Ask a workspace admin (only admins manage cluster policies) to grant you CAN_USE on a cluster policy that fits your work.');
  if (held.held === null) remedies.push(`Ask a workspace admin whether you or one of your groups holds ${CLUSTER_CREATE_ENTITLEMENT}: the entitlements of ${held.reasons.join(', ')} could not be read.`);
  else remedies.push(`Or ask a workspace admin for the ${CLUSTER_CREATE_ENTITLEMENT} entitlement (unrestricted cluster creation), for you or a group of yours.`);
  const first = giving[0];
  const where = input.host ? ` in ${input.host}` : '';
  const ask = first ? `grant me CAN_USE on cluster policy ${quoted(first.policy)}, or add me to group "${first.group}", which holds it` : 'grant me CAN_USE on a cluster policy I may create clusters with';
  remedies.push(`${REQUEST_PREFIX}Hello, I (${input.userName}) cannot create clusters${where}: could you ${ask}? I need to create a cluster for my work. Thank you.`);
  return remedies;
}

function blockersFor(input: ClusterCreateInput, held: EntitlementAnswer): Blocker[] {
  const blockers: Blocker[] = [];
  if (held.held === false) blockers.push({ code: 'ENTITLEMENT_MISSING', message: `You do not hold the ${CLUSTER_CREATE_ENTITLEMENT} entitlement, directly or through any of your ${input.groups.length} groups.` });
  else if (held.held === null) blockers.push({ code: 'ENTITLEMENT_UNKNOWN', message: `You do not hold ${CLUSTER_CREATE_ENTITLEMENT} directly, and the entitlements of ${held.reasons.join(', ')} could not be read.` });
  for (const policy of input.policies) {
    const blocker = unsynced(policy);
    if (blocker) blockers.push({ code: 'GROUP_NOT_SYNCED', message: `Cluster policy ${quoted(policy)}: ${blocker.message}` });
  }
  const unknown = input.policies.filter((p) => p.verdict.allowed === null);
  if (unknown.length > 0) blockers.push({ code: 'ACL_UNREADABLE', message: `Whether you may use ${unknown.length === 1 ? 'cluster policy' : 'cluster policies'} ${unknown.slice(0, 3).map(quoted).join(', ')} is unknown: ${unknown[0]!.verdict.blockers[0]?.message ?? 'its permissions could not be read.'}` });
  const listed = input.policies.length === 0 ? 'No cluster policy is listed to you' : `None of the ${input.policies.length} cluster policies listed to you gives you CAN_USE${unknown.length > 0 ? ' as far as their permissions can be read' : ''}`;
  blockers.push({ code: 'NO_GRANT', message: `${listed} (the workspace lists only the policies you may use, unless you are an admin).` });
  return blockers;
}

export function judgeClusterCreate(input: ClusterCreateInput): ClusterCreateVerdict {
  const held = entitlement(input);
  const policies = usable(input.policies);
  const pools = usable(input.pools);
  const policyGrants = input.policies.map((p) => grantOf(p.verdict)).filter((g): g is Grant => g !== undefined);
  const grants = [...(held.held === true ? [held.grant] : []), ...policyGrants];
  const allowed = held.held === true || policies.length > 0 ? true : held.held === null || input.policies.some((p) => p.verdict.allowed === null) ? null : false;
  const granted = held.held === true ? CLUSTER_CREATE_ENTITLEMENT : policies.length > 0 ? 'CAN_USE' : null;
  const base = { kind: 'cluster', id: null, name: 'a new cluster', action: 'create', required: REQUIRED, granted, grants, entitlement: { name: CLUSTER_CREATE_ENTITLEMENT, held: held.held, via: held.held === true ? held.grant.principal : null }, policies, pools } as const;
  if (allowed === true) {
    const how = held.held === true ? `with the ${CLUSTER_CREATE_ENTITLEMENT} entitlement (${held.grant.principal === `user:${input.userName}` ? 'yours directly' : `through ${held.grant.principal}`})` : `with ${policies.length === 1 ? 'cluster policy' : 'the cluster policies'} ${policies.map((p) => `"${p.name}"`).join(', ')}`;
    return { ...base, allowed, blockers: [], remedies: [], summary: `You can create clusters ${how}.` };
  }
  const blockers = blockersFor(input, held);
  const summary = allowed === null ? 'Whether you can create clusters is unknown: nothing shown to you allows it, and part of what would could not be read.' : `You cannot create clusters: you do not hold ${CLUSTER_CREATE_ENTITLEMENT} and may use no cluster policy.`;
  return { ...base, allowed, blockers, remedies: remediesFor(input, held), summary };
}
