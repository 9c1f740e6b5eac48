/**
 * Permission levels, their order, and which level each action needs: read from the kind table
 * (kinds.ts), never from a branch on the kind. docs/verdicts.md gives the levels per kind.
 */
import { Action, KindRow, isKind, kindRow } from './kinds';

export { ACTIONS, ACTION_VERBS, actionForPermission, actionVerb, isKind, kindNamed, kindRow, kindRows, orList, registerKind } from './kinds';
export type { Action, KindRow, ObjectKind } from './kinds';

function actionOf(row: KindRow, action: string) {
  return row.actions.find((a) => a.name === action);
}

export function isAction(kind: string, action: string): action is Action {
  return isKind(kind) && actionOf(kindRow(kind), action) !== undefined;
}

export function requiredLevel(kind: string, action: string): string {
  const row = kindRow(kind);
  const found = actionOf(row, action);
  if (!found) throw new Error(`${action} is not an action on a ${kind}; use one of ${row.actions.map((a) => a.name).join(', ')}`);
  return found.level;
}

/** The levels of a kind, lowest 1; an owner above them all. 0 for levels that mean nothing on this kind of object. */
export function rank(kind: string, level: string | null | undefined): number {
  if (!level) return 0;
  const row = kindRow(kind);
  if (row.ownerLevel !== undefined && level === row.ownerLevel) return row.levels.length + 1;
  return row.levels.indexOf(level) + 1;
}

/** Whether a cluster's dedicated (single-user) access mode decides this action, whatever the ACL says. */
export function dedicatedModeApplies(kind: string, action: string): boolean {
  return actionOf(kindRow(kind), action)?.dedicatedModeApplies === true;
}

export function satisfies(kind: string, held: string | null | undefined, required: string): boolean {
  return rank(kind, held) >= rank(kind, required) && rank(kind, held) > 0;
}

export function highest(kind: string, levels: readonly string[]): string | null {
  let best: string | null = null;
  for (const level of levels) if (rank(kind, level) > rank(kind, best)) best = level;
  return best;
}
