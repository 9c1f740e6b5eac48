/**
 * What a tree row shows of `evaluate`'s verdicts (allowed and the first blocker's code per action,
 * the level you hold and through whom), decided the same way without writing a verdict: no
 * summaries, messages, sorted grant copies or remedy closures. Filling 100,000 objects built about
 * 5 KB of full verdicts per object only to keep those few fields, and that garbage was most of
 * what the old generation grew by (docs/architecture.md, "100,000 objects"). The full verdict is
 * still `evaluate`'s, built when someone opens the object; test/unit/access/outcome.test.ts
 * checks that both agree.
 */
import { Action, highest, requiredLevel, satisfies } from './levels';
import { aclKnownComplete, evidenceLevel } from './completeness';
import { CERTAIN_BLOCKERS, grantsReaching, membershipOf, standingBlockers, unsyncedGroups } from './evaluate';
import type { AccessObject, Directory, Grant, Subject } from './types';

export interface ActionOutcome {
  readonly allowed: boolean | null;
  /** The code of the verdict's first blocker, if any. */
  readonly blocker: string | undefined;
}

export interface RowOutcome {
  /** The first action's verdict's `granted` (another action's differs only on an ACL not known complete). */
  readonly granted: string | null;
  /** The principal of the grant the verdicts name for `granted` (their sorted grants' first at that level), if any. */
  readonly viaPrincipal: string | null;
  readonly actions: Readonly<Record<string, ActionOutcome>>;
}

/** `evaluate(subject, object, action, directory)`'s allowed and first blocker for each action, and its granted level and via. */
export function rowOutcome(subject: Subject, object: AccessObject, actions: readonly Action[], directory: Directory = () => undefined): RowOutcome {
  const { kind } = object;
  if (object.acl.state === 'notFound') {
    const result: Record<string, ActionOutcome> = {};
    for (const action of actions) result[action] = { allowed: false, blocker: 'NOT_FOUND' };
    return { granted: null, viaPrincipal: null, actions: result };
  }
  const membership = membershipOf(subject);
  const grants = grantsReaching(membership, object);
  const fromAcl = highest(kind, grants.map((g) => g.level));
  const complete = object.acl.state === 'readable' && aclKnownComplete(kind, membership, object.acl.entries);
  // Where the ACL is not the whole story the verdicts hold the level proven so far, the evidence's included.
  const fromEvidence = evidenceLevel(object);
  const proven = highest(kind, [...grants.map((g) => g.level), ...(fromEvidence ? [fromEvidence] : [])]);
  const result: Record<string, ActionOutcome> = {};
  let granted: string | null | undefined;
  for (const action of actions) {
    const required = requiredLevel(kind, action);
    const standing = standingBlockers(subject, membership, object, action);
    const first = standing[0]?.code;
    const aclAllows = object.acl.state === 'readable' && satisfies(kind, fromAcl, required);
    if (aclAllows) {
      if (granted === undefined) granted = fromAcl;
      result[action] = { allowed: standing.length === 0, blocker: first };
    } else if (object.acl.state === 'unreadable' || !complete) {
      if (granted === undefined) granted = proven;
      const certain = standing.some((b) => CERTAIN_BLOCKERS.has(b.code));
      if (satisfies(kind, proven, required)) result[action] = { allowed: standing.length === 0, blocker: first };
      else result[action] = { allowed: certain ? false : null, blocker: first ?? (object.acl.state === 'unreadable' ? 'ACL_UNREADABLE' : 'ACL_PARTIAL') };
    } else {
      if (granted === undefined) granted = fromAcl;
      const unsynced = unsyncedGroups(kind, subject, membership, object, required, directory).length > 0;
      result[action] = { allowed: false, blocker: first ?? (unsynced ? 'GROUP_NOT_SYNCED' : grants.length === 0 ? 'NO_GRANT' : 'LEVEL_TOO_LOW') };
    }
  }
  return { granted: granted ?? null, viaPrincipal: viaPrincipal(grants, granted ?? null), actions: result };
}

/** As the verdicts' grants are sorted (highest level first, then the shortest path), the first at `level`. */
function viaPrincipal(grants: readonly Grant[], level: string | null): string | null {
  let best: Grant | undefined;
  for (const grant of grants) if (grant.level === level && (!best || grant.path.length < best.path.length)) best = grant;
  return best?.principal ?? null;
}
