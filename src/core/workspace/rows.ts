/** The compact row of one object the tree and `ls` read, and how it is built from the full verdicts. */
import { Verdict, highest, ObjectKind } from '../access';
import type { AclState } from '../access/types';
import type { Summary } from './listing';

export interface ObjectRow {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
  readonly level: string | null;
  readonly via: string | null;
  /** Per action: allowed (true, false, or null when unknown) and the first blocker's code. Kept for every object. */
  readonly allowed: Readonly<Record<string, boolean | null>>;
  readonly blocker: Readonly<Record<string, string | undefined>>;
  /** The full verdict per action, built again when first read (only the objects someone looks at need it). */
  readonly verdicts: Readonly<Record<string, Verdict>>;
  /**
   * From the verdict cache (persisted.ts), not yet read again: `readAt` is when its ACL was read.
   * Its `verdicts` are empty; the full verdict is read live (AccessMap.explain).
   */
  readonly cached?: boolean;
  readonly readAt?: number;
}

/**
 * The row of one object from its verdicts. Twelve thousand rows of full verdicts (grants, paths,
 * messages) weigh tens of MB; the compact fields serve the tree and `ls`, and the full verdicts
 * come back (the same, from the same inputs) for the few objects someone opens.
 */
export function compactRow(kind: ObjectKind, summary: Summary, evaluateAll: () => Record<string, Verdict>): ObjectRow {
  const verdicts = evaluateAll();
  const any = Object.values(verdicts)[0];
  const level = any?.granted ?? null;
  const grant = any?.grants.find((g) => g.level === level);
  const via = grant ? (grant.principal.startsWith('group:') ? grant.principal.slice('group:'.length) : 'a direct grant') : null;
  const allowed: Record<string, boolean | null> = {};
  const blocker: Record<string, string | undefined> = {};
  for (const [action, verdict] of Object.entries(verdicts)) {
    allowed[action] = verdict.allowed;
    blocker[action] = verdict.blockers[0]?.code;
  }
  let full: Record<string, Verdict> | undefined;
  return {
    kind,
    id: summary.id,
    name: summary.name,
    level: highest(kind, level ? [level] : []),
    via,
    allowed,
    blocker,
    get verdicts() {
      return (full ??= evaluateAll());
    },
  };
}

export function aclGroups(acl: AclState & { state: 'readable' }): string[] {
  return acl.entries.filter((e) => e.principal.startsWith('group:')).map((e) => e.principal.slice('group:'.length));
}
