// A large workspace for the Workspace view's kinds (issue 16's scale bench, test/bench/scaleKinds.ts):
// the `large` scenario's tenant, users and generated groups, no clusters or jobs, and `count` SQL
// warehouses, serving endpoints and MLflow experiments, each owned by a workspace user with one to
// three grants, mostly to groups, and one in twenty readable by managers only. Deterministic: the
// same count gives the same workspace.
import { SQL_ML_LEVELS, type SqlMlKind, type SqlMlObjectSpec } from './scenarioSqlMl';
import type { KnobOverrides, Scenario } from './scenario';
import { expandGenerated } from './scenarioGenerate';
import { largeScenario } from './sandboxClient';

const KINDS = ['warehouses', 'endpoints', 'experiments'] as const satisfies readonly SqlMlKind[];

/** The object's id as each list gives it: 16 hex digits, 32 hex digits, digits. */
function idOf(kind: (typeof KINDS)[number], i: number): string {
  if (kind === 'warehouses') return (0x5a1e00000000 + i).toString(16).padStart(16, '0');
  if (kind === 'endpoints') return `e9a1${i.toString(16).padStart(28, '0')}`;
  return String(4_000_000_000_000 + i);
}

function nameOf(kind: (typeof KINDS)[number], i: number): string {
  const n = String(i).padStart(5, '0');
  return kind === 'warehouses' ? `warehouse-${n}` : kind === 'endpoints' ? `endpoint-${n}` : `/Shared/experiments/exp-${n}`;
}

export function largeKindsScenario(name: string, count: number, knobs: KnobOverrides = {}): Scenario {
  // Users and groups as `large` generates them; no clusters or jobs, so every permission read is one of these kinds.
  const base = expandGenerated(largeScenario(name, { clusters: 0, jobs: 0 }, knobs));
  const users = base.users.filter((u) => u.inWorkspace !== false).map((u) => u.userName);
  const groups = (base.workspace.groups ?? []).map((g) => g.displayName);
  const sqlAndMl: Partial<Record<SqlMlKind, SqlMlObjectSpec[]>> = {};
  for (const kind of KINDS) {
    const levels = SQL_ML_LEVELS[kind];
    sqlAndMl[kind] = Array.from({ length: count }, (_, i) => ({
      id: idOf(kind, i + 1),
      name: nameOf(kind, i + 1),
      owner: users[(i * 13) % users.length]!,
      grants: Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        principal: (i + k) % 5 === 0 ? users[(i * 7 + k) % users.length]! : groups[(i * 31 + k * 17) % groups.length]!,
        level: levels[(i + k) % levels.length]!,
      })),
      ...(i % 20 === 7 ? { aclReadableBy: 'managers' as const } : {}),
    }));
  }
  return { ...base, workspace: { ...base.workspace, sqlAndMl } };
}
