/**
 * The row of one object: its verdicts in the compact form the tree and `ls` read, kept for every
 * object of a workspace. Twelve thousand rows of full verdicts (grants, paths, messages) weigh
 * tens of MB; the full verdicts come back (the same, from the same inputs) for the few objects
 * someone opens. A class, not an object literal with a getter: V8 keeps literals with accessors
 * as dictionaries, about 430 bytes each, which at 100,000 objects was 43 MB
 * (docs/architecture.md, "100,000 objects").
 */
import { ObjectKind, Verdict, highest } from '../access';
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

/** allowed and blocker by their content, shared by every row with the same (both are readonly). */
const SHARED = new Map<string, readonly [Readonly<Record<string, boolean | null>>, Readonly<Record<string, string | undefined>>]>();
const SHARED_LIMIT = 1000;

/** Builds an object's full verdicts again from what its row keeps (rowEvaluator.ts: one per identity, shared by every row). */
export interface RowEvaluator {
  all(kind: ObjectKind, summary: Summary, acl: AclState): Record<string, Verdict>;
}

abstract class CompactRow implements ObjectRow {
  readonly level: string | null;
  readonly via: string | null;
  readonly allowed: Readonly<Record<string, boolean | null>>;
  readonly blocker: Readonly<Record<string, string | undefined>>;
  private full: Record<string, Verdict> | undefined;

  constructor(
    readonly kind: ObjectKind,
    readonly id: string,
    readonly name: string,
    verdicts: Record<string, Verdict>,
  ) {
    const any = Object.values(verdicts)[0];
    const level = any?.granted ?? null;
    const grant = any?.grants.find((g) => g.level === level);
    this.via = grant ? (grant.principal.startsWith('group:') ? grant.principal.slice('group:'.length) : 'a direct grant') : null;
    this.level = highest(kind, level ? [level] : []);
    const allowed: Record<string, boolean | null> = {};
    const blocker: Record<string, string | undefined> = {};
    let key = kind;
    for (const [action, verdict] of Object.entries(verdicts)) {
      allowed[action] = verdict.allowed;
      blocker[action] = verdict.blockers[0]?.code;
      key += `\u0000${action}\u0001${verdict.allowed}\u0001${blocker[action] ?? ''}`;
    }
    // A workspace's rows have a few dozen combinations of these between them: share them.
    const known = SHARED.get(key);
    if (known) [this.allowed, this.blocker] = known;
    else {
      [this.allowed, this.blocker] = [allowed, blocker];
      if (SHARED.size < SHARED_LIMIT) SHARED.set(key, [allowed, blocker]);
    }
  }

  get verdicts(): Record<string, Verdict> {
    return (this.full ??= this.evaluateAll());
  }

  protected abstract evaluateAll(): Record<string, Verdict>;
}

class ClosureRow extends CompactRow {
  constructor(kind: ObjectKind, summary: Summary, private readonly again: () => Record<string, Verdict>) {
    super(kind, summary.id, summary.name, again());
  }

  protected evaluateAll(): Record<string, Verdict> {
    return this.again();
  }
}

/**
 * A row that keeps its inputs (the listed summary, the ACL, often shared with other objects, and
 * the identity's shared evaluator) rather than a closure per row: a closure kept the object
 * model, its context and the function, about 200 bytes per object at 100,000 objects.
 */
class EvaluatedRow extends CompactRow {
  constructor(
    kind: ObjectKind,
    private readonly summary: Summary,
    private readonly acl: AclState,
    private readonly evaluator: RowEvaluator,
  ) {
    super(kind, summary.id, summary.name, evaluator.all(kind, summary, acl));
  }

  protected evaluateAll(): Record<string, Verdict> {
    return this.evaluator.all(this.kind, this.summary, this.acl);
  }
}

/** The compact row of one object, from `evaluateAll` (called now, and again when the full verdicts are read). */
export function compactRow(kind: ObjectKind, summary: Summary, evaluateAll: () => Record<string, Verdict>): ObjectRow {
  return new ClosureRow(kind, summary, evaluateAll);
}

/** The compact row of one object, evaluated by `evaluator` now and again when the full verdicts are read. */
export function evaluatedRow(kind: ObjectKind, summary: Summary, acl: AclState, evaluator: RowEvaluator): ObjectRow {
  return new EvaluatedRow(kind, summary, acl, evaluator);
}
