/**
 * When a readable ACL can be trusted to be the whole ACL, and what else shows
 * a level you hold. Public reports disagree on what the permissions API gives
 * a caller without CAN_MANAGE: a 403, or a 200 with the list cut down to the
 * caller's own entries or even to `[]` (databrickslabs/migrate #265 saw empty
 * lists on clusters its caller managed only through a group). A cut-down list
 * would silently turn a grant through a group into NO_GRANT, so a list counts
 * as complete only when it shows something a cut-down list never would.
 */
import { managerLevel } from './kinds';
import { ObjectKind, highest, kindRow, rank } from './levels';
import { Membership } from './principals';
import { AccessObject, AclEntry } from './types';

/**
 * Known complete when the list shows an entry that does not reach you (another user, a group you
 * are not in, a service principal, or the `admins` group's inherited CAN_MANAGE): a list cut down
 * for you would not name others. Or when the entries that reach you give you CAN_MANAGE (or
 * IS_OWNER): a manager reads the whole ACL. An empty list, or one with only your own entries
 * below manager level, is not known complete: the missing part could hold a grant to a group of yours.
 */
export function aclKnownComplete(kind: ObjectKind, membership: Membership, entries: readonly AclEntry[]): boolean {
  const yours: string[] = [];
  for (const entry of entries) {
    if (!membership.pathTo(entry.principal)) return true;
    for (const permission of entry.permissions) yours.push(permission.level);
  }
  // The level that lets you manage the object: whoever holds it is shown the whole ACL.
  return rank(kind, highest(kind, yours)) >= rank(kind, managerLevel(kindRow(kind)));
}

/** The lowest level of a kind (CAN_ATTACH_TO, CAN_VIEW): what seeing the object can prove at most. */
export function lowestLevel(kind: ObjectKind): string {
  return kindRow(kind).levels[0] ?? '';
}

/**
 * The level the evidence proves, or null. An object listed to you proves the lowest level only
 * under visibility control (the workspace hides objects you hold nothing on); without it, or
 * when that is not known, every user sees every object and the listing proves nothing.
 */
export function evidenceLevel(object: AccessObject): string | null {
  const evidence = object.evidence;
  return evidence?.listed && evidence.visibilityControl === true ? lowestLevel(object.kind) : null;
}

/** Words for the summary: where the evidence's level comes from. */
export function evidenceText(object: AccessObject): string {
  return `the ${object.kind} is listed to you under ${object.kind} visibility control, which shows it only to users who hold at least ${lowestLevel(object.kind)}`;
}
