/**
 * The access model: from you, an object and an action, the verdict an admin
 * would trust. Pure: no I/O, no clock. Unknown stays unknown (`allowed: null`)
 * instead of becoming a guess.
 */
import { Action, ObjectKind, dedicatedModeApplies, highest, rank, requiredLevel, satisfies } from './levels';
import { aclKnownComplete, evidenceLevel, evidenceText } from './completeness';
import { Membership, parsePrincipal } from './principals';
import { RemedyInput, remediesFor } from './remedies';
import { GroupTwin, describeTwin, groupClaimsOf } from './symmetry';
import { syncUncheckedBlocker } from './syncUnchecked';
import { AccessObject, Blocker, Directory, Grant, Subject, Verdict } from './types';

// Callers find it here; it lives in types.ts so that remedies.ts need not import this file (a cycle).
export type { Directory } from './types';

const DEDICATED_MODES = new Set(['SINGLE_USER', 'DATA_SECURITY_MODE_DEDICATED']);

export function grantsReaching(membership: Membership, object: AccessObject): Grant[] {
  if (object.acl.state !== 'readable') return [];
  const grants: Grant[] = [];
  for (const entry of object.acl.entries) {
    const path = membership.pathTo(entry.principal);
    if (!path) continue;
    for (const permission of entry.permissions) {
      grants.push({ principal: entry.principal, level: permission.level, path, inheritedFrom: permission.inheritedFrom });
    }
  }
  return grants;
}

/** Grants to workspace groups you are not in but whose twin at the identity provider you are in: a partial SCIM sync. */
export function unsyncedGroups(kind: ObjectKind, subject: Subject, membership: Membership, object: AccessObject, required: string, directory: Directory): { group: string; twin: GroupTwin; level: string }[] {
  if (object.acl.state !== 'readable') return [];
  const claims = groupClaimsOf(subject);
  const found: { group: string; twin: GroupTwin; level: string }[] = [];
  for (const entry of object.acl.entries) {
    const { type, name } = parsePrincipal(entry.principal);
    if (type !== 'group' || membership.pathTo(entry.principal)) continue;
    const level = highest(kind, entry.permissions.map((p) => p.level));
    if (!level || !satisfies(kind, level, required)) continue;
    const twin = claims.twinOf({ displayName: name, externalId: directory(name)?.externalId ?? null });
    if (twin) found.push({ group: name, twin, level });
  }
  return found;
}

function describeObject(object: AccessObject): string {
  return `${object.kind} "${object.name}" (${object.id})`;
}

/** One Membership per subject: the tree evaluates thousands of objects for the same person. */
const memberships = new WeakMap<Subject, Membership>();
export function membershipOf(subject: Subject): Membership {
  let membership = memberships.get(subject);
  if (!membership) {
    membership = new Membership(subject);
    memberships.set(subject, membership);
  }
  return membership;
}

/** The blockers that hold whatever the ACL says, in the order verdicts list them: the entitlement, then dedicated access mode. */
export function standingBlockers(subject: Subject, membership: Membership, object: AccessObject, action: Action): Blocker[] {
  const blockers: Blocker[] = [];
  if (subject.entitlements && !membership.isAdmin && !subject.entitlements.includes('workspace-access')) {
    blockers.push({ code: 'ENTITLEMENT_MISSING', message: 'You do not have the workspace-access entitlement, which every action in the workspace needs.' });
  }
  if (dedicatedModeApplies(object.kind, action) && object.dataSecurityMode && DEDICATED_MODES.has(object.dataSecurityMode)) {
    const owner = object.singleUserName ?? 'another principal';
    if (!object.singleUserName || !membership.isMeOrMyGroup(object.singleUserName)) {
      blockers.push({ code: 'SINGLE_USER_CLUSTER', message: `The cluster is in dedicated (single-user) access mode for ${owner}; only that principal can attach, whatever the ACL says.` });
    }
  }
  return blockers;
}

export function evaluate(subject: Subject, object: AccessObject, action: Action, directory: Directory = () => undefined): Verdict {
  const { kind } = object;
  const required = requiredLevel(kind, action);
  const membership = membershipOf(subject);
  const base = { kind, id: object.id, name: object.name, action, required };

  if (object.acl.state === 'notFound') {
    const blockers: Blocker[] = [{ code: 'NOT_FOUND', message: `No ${kind} with id ${object.id} exists, or you are not allowed to see it.` }];
    return lazyRemedies({ ...base, allowed: false, granted: null, grants: [], blockers, remedies: NONE, summary: `You cannot ${action} ${kind} ${object.id}: it does not exist or is not visible to you.` }, { subject, object, action, required, blockers, directory, granted: null });
  }

  const grants = grantsReaching(membership, object);
  const granted = highest(kind, grants.map((g) => g.level));
  const blockers = standingBlockers(subject, membership, object, action);

  if (object.acl.state === 'unreadable') return incompleteAclVerdict({ subject, object, action, required, blockers, directory, grants, granted: null });

  const aclAllows = satisfies(kind, granted, required);
  // A list cut down for a non-manager must not turn a grant through a group into NO_GRANT.
  if (!aclAllows && !aclKnownComplete(kind, membership, object.acl.entries)) return incompleteAclVerdict({ subject, object, action, required, blockers, directory, grants, granted });
  if (!aclAllows) {
    const unsynced = unsyncedGroups(kind, subject, membership, object, required, directory);
    for (const u of unsynced) {
      blockers.push({
        code: 'GROUP_NOT_SYNCED',
        message: `Group "${u.group}" holds ${u.level}, and it ${describeTwin(u.twin, subject.provider)}, but the workspace group does not list you: a partial SCIM sync.`,
      });
    }
    if (unsynced.length === 0) {
      blockers.push(
        grants.length === 0
          ? { code: 'NO_GRANT', message: `No permission on this ${kind} reaches you, directly or through any of your groups.` }
          : { code: 'LEVEL_TOO_LOW', message: `You hold ${granted} (via ${viaText(grants, granted)}), but ${action} needs ${required}.` },
      );
      // Your provider groups unknown: say the partial-sync check could not run, rather than imply it found nothing.
      const unchecked = syncUncheckedBlocker(kind, subject, membership, object, required, directory);
      if (unchecked) blockers.push(unchecked);
    }
  }

  const allowed = aclAllows && blockers.length === 0;
  const via = granted ? ` (${granted} via ${viaText(grants, granted)})` : '';
  const summary = allowed ? `You can ${action} ${describeObject(object)}${via}.` : `You cannot ${action} ${describeObject(object)}: ${blockers[0]?.message ?? ''}`;
  return lazyRemedies({ ...base, allowed, granted, grants: sortGrants(kind, grants), blockers, remedies: NONE, summary }, allowed ? undefined : { subject, object, action, required, blockers, directory, granted });
}

const NONE: readonly string[] = Object.freeze([]);

/** Blockers that hold whatever the ACL says: only these turn an unknown into a "no". */
export const CERTAIN_BLOCKERS: ReadonlySet<string> = new Set(['SINGLE_USER_CLUSTER', 'ENTITLEMENT_MISSING']);

/**
 * The verdict on an ACL that is not the whole story: refused (ACL_UNREADABLE) or readable but not
 * known complete (ACL_PARTIAL, see completeness.ts). What the visible entries and the evidence
 * (listed to you under visibility control) prove still counts, so a grant they show is kept;
 * the rest is unknown (`allowed: null`), never NO_GRANT or LEVEL_TOO_LOW. `granted` is the
 * level proven so far: a lower bound.
 */
function incompleteAclVerdict(input: RemedyInput & { grants: Grant[] }): Verdict {
  const { object, action, required, grants } = input;
  const { kind } = object;
  const fromEvidence = evidenceLevel(object);
  const proven = highest(kind, [...grants.map((g) => g.level), ...(fromEvidence ? [fromEvidence] : [])]);
  const blockers = [...input.blockers];
  const base = { kind, id: object.id, name: object.name, action, required, granted: proven, grants: sortGrants(kind, grants), remedies: NONE };
  const remedyInput: RemedyInput = { ...input, blockers, granted: proven };
  if (satisfies(kind, proven, required)) {
    if (blockers.length > 0) return lazyRemedies({ ...base, allowed: false, blockers, summary: `You cannot ${action} ${describeObject(object)}: ${blockers[0]?.message}` }, remedyInput);
    const fromAcl = grants.some((g) => g.level === proven);
    const via = fromAcl ? `${proven} via ${viaText(grants, proven)}` : `at least ${proven}: ${evidenceText(object)}`;
    return { ...base, allowed: true, blockers, summary: `You can ${action} ${describeObject(object)} (${via}).` };
  }
  const unreadable = object.acl.state === 'unreadable';
  const shown = proven ? `it shows you ${proven}` : object.acl.state === 'readable' && object.acl.entries.length === 0 ? 'the list came back empty' : 'it shows no entry that reaches you';
  blockers.push(
    object.acl.state === 'unreadable'
      ? { code: 'ACL_UNREADABLE', message: `The permissions of this ${kind} could not be read (${object.acl.reason}), so whether you hold ${required} is unknown.` }
      : { code: 'ACL_PARTIAL', message: `Only part of this ${kind}'s permissions is visible to you (${shown}); the hidden part could grant ${required} to you or a group of yours, so whether you hold it is unknown.` },
  );
  const certain = blockers.some((b) => CERTAIN_BLOCKERS.has(b.code));
  const summary = certain
    ? `You cannot ${action} ${describeObject(object)}: ${blockers[0]?.message}`
    : `Unknown whether you can ${action} ${describeObject(object)}: its permissions are ${unreadable ? 'not readable' : 'only partly readable'} to you.`;
  return lazyRemedies({ ...base, allowed: certain ? false : null, blockers, summary }, remedyInput);
}

/**
 * The remedies are written when first read: a tree of thousands of objects keeps every verdict
 * for its icons and tooltips, and only the few opened in the why view (or printed) need them.
 * The property stays enumerable and in its place, so JSON and spreads still carry it.
 */
function lazyRemedies(verdict: Verdict, input: RemedyInput | undefined): Verdict {
  if (!input) return verdict;
  let remedies: readonly string[] | undefined;
  return Object.defineProperty(verdict, 'remedies', { enumerable: true, configurable: true, get: () => (remedies ??= remediesFor(input)) });
}

/** "ml-engineers" or "direct grant": the principal that gives the level you hold. */
export function viaText(grants: readonly Grant[], level: string | null): string {
  const grant = grants.find((g) => g.level === level);
  if (!grant) return 'nothing';
  const { type, name } = parsePrincipal(grant.principal);
  return type === 'user' ? 'a direct grant' : name;
}

function sortGrants(kind: ObjectKind, grants: Grant[]): Grant[] {
  return [...grants].sort((a, b) => rank(kind, b.level) - rank(kind, a.level) || a.path.length - b.path.length);
}
