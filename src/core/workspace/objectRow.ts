/**
 * The row of one object: its verdicts in the compact form the tree and `ls` read, kept for every
 * object of a workspace. Twelve thousand rows of full verdicts (grants, paths, messages) weigh
 * tens of MB; the full verdicts come back (the same, from the same inputs) for the few objects
 * someone opens. A class, not an object literal with a getter: V8 keeps literals with accessors
 * as dictionaries, about 430 bytes each, which at 100,000 objects was 43 MB
 * (docs/architecture.md, "100,000 objects").
 */
import { ObjectKind, Verdict, highest } from '../access';
import type { RowOutcome } from '../access/outcome';
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
 * What a row shows (level, via, allowed and blocker per action), shared by every row with the
 * same content (all readonly): a workspace's rows have a few hundred combinations between them.
 */
interface Outcome {
  readonly level: string | null;
  readonly via: string | null;
  readonly allowed: Readonly<Record<string, boolean | null>>;
  readonly blocker: Readonly<Record<string, string | undefined>>;
}
const SHARED = new Map<string, Outcome>();
const SHARED_LIMIT = 5000;

/** The full verdicts of the rows someone read them on: a field per row would cost 8 bytes on each of 100,000 rows. */
const FULL = new WeakMap<CompactRow, Record<string, Verdict>>();

/** Builds an object's full verdicts again from what its row keeps (rowEvaluator.ts: one per identity, shared by every row). */
export interface RowEvaluator {
  all(kind: ObjectKind, summary: Summary, acl: AclState): Record<string, Verdict>;
  /** What the row keeps of `all`'s verdicts, without writing them (access/outcome.ts). */
  outcome(kind: ObjectKind, summary: Summary, acl: AclState): RowOutcome;
}

/** What a row keeps of full verdicts (rows built from a closure have only those). */
function outcomeOfVerdicts(verdicts: Record<string, Verdict>): RowOutcome {
  const any = Object.values(verdicts)[0];
  const granted = any?.granted ?? null;
  const actions: Record<string, { allowed: boolean | null; blocker: string | undefined }> = {};
  for (const [action, verdict] of Object.entries(verdicts)) actions[action] = { allowed: verdict.allowed, blocker: verdict.blockers[0]?.code };
  return { granted, viaPrincipal: any?.grants.find((g) => g.level === granted)?.principal ?? null, actions };
}

/**
 * Keeps the kind, the listed summary and one shared outcome: id and name are read from the
 * summary and the rest from the outcome through getters on the prototype (docs/architecture.md,
 * "100,000 objects": six fields less per row).
 */
abstract class CompactRow implements ObjectRow {
  private readonly outcome: Outcome;

  constructor(
    readonly kind: ObjectKind,
    protected readonly summary: Summary,
    shown: RowOutcome,
  ) {
    const granted = shown.granted;
    const principal = shown.viaPrincipal;
    const via = principal ? (principal.startsWith('group:') ? principal.slice('group:'.length) : 'a direct grant') : null;
    const level = highest(kind, granted ? [granted] : []);
    const allowed: Record<string, boolean | null> = {};
    const blocker: Record<string, string | undefined> = {};
    let key = `${kind}\u0000${level ?? '\u0002'}\u0000${via ?? '\u0002'}`;
    for (const [action, outcome] of Object.entries(shown.actions)) {
      allowed[action] = outcome.allowed;
      blocker[action] = outcome.blocker;
      key += `\u0000${action}\u0001${outcome.allowed}\u0001${outcome.blocker ?? ''}`;
    }
    const known = SHARED.get(key);
    if (known) this.outcome = known;
    else {
      this.outcome = { level, via, allowed, blocker };
      if (SHARED.size < SHARED_LIMIT) SHARED.set(key, this.outcome);
    }
  }

  get id(): string {
    return this.summary.id;
  }

  get name(): string {
    return this.summary.name;
  }

  get level(): string | null {
    return this.outcome.level;
  }

  get via(): string | null {
    return this.outcome.via;
  }

  get allowed(): Readonly<Record<string, boolean | null>> {
    return this.outcome.allowed;
  }

  get blocker(): Readonly<Record<string, string | undefined>> {
    return this.outcome.blocker;
  }

  get verdicts(): Record<string, Verdict> {
    let full = FULL.get(this);
    if (!full) FULL.set(this, (full = this.evaluateAll()));
    return full;
  }

  protected abstract evaluateAll(): Record<string, Verdict>;
}

class ClosureRow extends CompactRow {
  constructor(kind: ObjectKind, summary: Summary, private readonly again: () => Record<string, Verdict>) {
    super(kind, summary, outcomeOfVerdicts(again()));
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
    summary: Summary,
    private readonly acl: AclState,
    private readonly evaluator: RowEvaluator,
  ) {
    // Only what the row shows: the full verdicts are built when someone reads them (access/outcome.ts).
    super(kind, summary, evaluator.outcome(kind, summary, acl));
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
