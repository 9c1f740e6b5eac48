/** Permission levels, their order, and which level each action needs (docs/cli.md, docs/facts.md). */
export type ObjectKind = 'cluster' | 'job';
export type ClusterAction = 'attach' | 'restart' | 'manage';
export type JobAction = 'view' | 'run' | 'manage';
export type Action = ClusterAction | JobAction;

export const ACTIONS: Record<ObjectKind, readonly Action[]> = {
  cluster: ['attach', 'restart', 'manage'],
  job: ['view', 'run', 'manage'],
};

const RANKS: Record<ObjectKind, Record<string, number>> = {
  cluster: { CAN_ATTACH_TO: 1, CAN_RESTART: 2, CAN_MANAGE: 3 },
  // One owner per job, never a group; the owner can do all a manager can.
  job: { CAN_VIEW: 1, CAN_MANAGE_RUN: 2, CAN_MANAGE: 3, IS_OWNER: 4 },
};

const REQUIRED: Record<ObjectKind, Record<string, string>> = {
  cluster: { attach: 'CAN_ATTACH_TO', restart: 'CAN_RESTART', manage: 'CAN_MANAGE' },
  job: { view: 'CAN_VIEW', run: 'CAN_MANAGE_RUN', manage: 'CAN_MANAGE' },
};

/** Verbs for sentences: "attach to", "run", … */
export const ACTION_VERBS: Record<Action, string> = {
  attach: 'attach to',
  restart: 'start, restart or terminate',
  manage: 'manage',
  view: 'view',
  run: 'run',
};

export function isAction(kind: ObjectKind, action: string): action is Action {
  return (ACTIONS[kind] as readonly string[]).includes(action);
}

export function requiredLevel(kind: ObjectKind, action: Action): string {
  const level = REQUIRED[kind][action];
  if (!level) throw new Error(`${action} is not an action on a ${kind}; use one of ${ACTIONS[kind].join(', ')}`);
  return level;
}

/** 0 for levels that mean nothing on this kind of object. */
export function rank(kind: ObjectKind, level: string | null | undefined): number {
  return level ? (RANKS[kind][level] ?? 0) : 0;
}

export function satisfies(kind: ObjectKind, held: string | null | undefined, required: string): boolean {
  return rank(kind, held) >= rank(kind, required) && rank(kind, held) > 0;
}

export function highest(kind: ObjectKind, levels: readonly string[]): string | null {
  let best: string | null = null;
  for (const level of levels) if (rank(kind, level) > rank(kind, best)) best = level;
  return best;
}
