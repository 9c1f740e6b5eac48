// Seeded, deterministic expansion of a scenario into a large workspace
// (thousands of clusters and jobs, hundreds of groups) for paging tests and
// benchmarks. Same seed, same workspace: ids, names, members and ACLs.
import { stableGuid, stableNumericId } from './ids';
import {
  CLUSTER_LEVELS,
  type AclEntry,
  type DataSecurityMode,
  type EntraGroup,
  type GenerateSpec,
  type Scenario,
  type ScenarioCluster,
  type ScenarioJob,
  type ScenarioUser,
  type WorkspaceGroup,
} from './scenario';

const TEAMS = ['ml', 'data', 'platform', 'analytics', 'finance', 'marketing', 'risk', 'search', 'ads', 'infra', 'growth', 'vision'];
const ROLES = ['engineers', 'scientists', 'analysts', 'ops', 'readers', 'oncall', 'leads'];
const WORKLOADS = ['etl', 'train', 'feature', 'report', 'score', 'ingest', 'backfill', 'eval', 'serve', 'sync'];
const JOB_LEVELS_GRANTABLE = ['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE'] as const;

/** Returns a new scenario with the generated users, groups, clusters and jobs appended. */
export function expandGenerated(base: Scenario): Scenario {
  const spec = base.generate;
  if (!spec) return base;
  const rng = new Rng(spec.seed);
  const tag = `gen:${spec.seed}`;
  const domain = base.tenant.domain ?? base.users[0]!.userName.split('@')[1]!;

  const users: ScenarioUser[] = base.users.map((u) => ({ ...u, entraGroups: [...(u.entraGroups ?? [])] }));
  const entraGroups: EntraGroup[] = [...(base.entraGroups ?? [])];
  const groups: WorkspaceGroup[] = (base.workspace.groups ?? []).map((g) => ({ ...g, members: cloneMembers(g.members) }));

  const generatedUsers: ScenarioUser[] = [];
  for (let i = 1; i <= (spec.users ?? 0); i++) {
    const n = pad(i, 5);
    generatedUsers.push({ userName: `user${n}@${domain}`, oid: stableGuid(`${tag}:user:${i}`), displayName: `User ${n}`, entraGroups: [] });
  }
  users.push(...generatedUsers);

  const generatedGroups = generateGroups(spec, rng, tag, entraGroups);
  for (const [i, group] of generatedGroups.entries()) {
    // Nest into an earlier group only, so nesting never forms a cycle.
    if (i > 0 && rng.chance(spec.nestingRate ?? 0.2)) generatedGroups[rng.int(0, i - 1)]!.members!.groups!.push(group.displayName);
  }
  const join = (user: ScenarioUser, group: WorkspaceGroup): void => {
    group.members!.users!.push(user.userName);
    // A synced group mirrors Entra membership, so the token's groups claim agrees with the workspace.
    if (group.externalId) user.entraGroups!.push(group.externalId);
  };
  if (generatedGroups.length > 0) {
    for (const user of generatedUsers) {
      for (const index of rng.distinct(rng.int(1, 3), generatedGroups.length)) join(user, generatedGroups[index]!);
    }
    for (const user of users.slice(0, base.users.length).filter((u) => u.inWorkspace !== false)) {
      for (const group of generatedGroups) if (rng.chance(spec.membershipRate ?? 0.05)) join(user, group);
    }
  }
  groups.push(...generatedGroups);

  const workspaceUsers = users.filter((u) => u.inWorkspace !== false).map((u) => u.userName);
  const granteeGroups = groups.map((g) => g.displayName);
  const acl = (levels: readonly string[]): AclEntry[] => {
    const [min, max] = spec.aclEntries ?? [1, 4];
    const entries: AclEntry[] = [];
    for (let k = rng.int(min, max); k > 0; k--) {
      const level = rng.pick(levels) as AclEntry['level'];
      const useGroup = granteeGroups.length > 0 && rng.chance(0.8);
      entries.push(useGroup ? { group: rng.pick(granteeGroups), level } : { user: rng.pick(workspaceUsers), level });
    }
    return entries;
  };
  const readability = (): { aclReadableBy?: 'managers' } => (rng.chance(spec.unreadableRate ?? 0) ? { aclReadableBy: 'managers' } : {});

  const clusters: ScenarioCluster[] = [...(base.workspace.clusters ?? [])];
  const clusterIds = new Set(clusters.map((c) => c.cluster_id));
  for (let i = 1; i <= (spec.clusters ?? 0); i++) {
    let id: string;
    do id = `${pad(rng.int(101, 1231), 4)}-${pad(rng.int(0, 999_999), 6)}-${rng.alnum(8)}`;
    while (clusterIds.has(id));
    clusterIds.add(id);
    const mode = rng.pick<DataSecurityMode>(['USER_ISOLATION', 'USER_ISOLATION', 'SINGLE_USER', 'DATA_SECURITY_MODE_DEDICATED', 'NONE']);
    const singleUser = mode === 'SINGLE_USER' || mode === 'DATA_SECURITY_MODE_DEDICATED' ? { single_user_name: rng.pick(workspaceUsers) } : {};
    clusters.push({
      cluster_id: id,
      cluster_name: `${rng.pick(TEAMS)}-${rng.pick(WORKLOADS)}-${pad(i, 5)}`,
      state: rng.pick(['RUNNING', 'TERMINATED', 'TERMINATED', 'PENDING']),
      data_security_mode: mode,
      ...singleUser,
      creator: rng.pick(workspaceUsers),
      num_workers: rng.int(0, 16),
      acl: acl(CLUSTER_LEVELS),
      ...readability(),
    });
  }

  const jobs: ScenarioJob[] = [...(base.workspace.jobs ?? [])];
  const jobIds = new Set(jobs.map((j) => j.job_id));
  let nextJobId = 100_000_000_000_000 + (spec.seed % 1000) * 1_000_000;
  for (let i = 1; i <= (spec.jobs ?? 0); i++) {
    do nextJobId += rng.int(1, 997);
    while (jobIds.has(nextJobId));
    jobIds.add(nextJobId);
    const owner = rng.pick(workspaceUsers);
    jobs.push({ job_id: nextJobId, name: `${rng.pick(TEAMS)}-${rng.pick(WORKLOADS)}-job-${pad(i, 5)}`, creator: owner, owner, acl: acl(JOB_LEVELS_GRANTABLE), ...readability() });
  }

  const { generate: _done, ...rest } = base;
  return { ...rest, users, entraGroups, workspace: { ...base.workspace, groups, clusters, jobs } };
}

function generateGroups(spec: GenerateSpec, rng: Rng, tag: string, entraGroups: EntraGroup[]): WorkspaceGroup[] {
  const out: WorkspaceGroup[] = [];
  for (let i = 1; i <= (spec.groups ?? 0); i++) {
    const displayName = `${rng.pick(TEAMS)}-${rng.pick(ROLES)}-${pad(i, 4)}`;
    let externalId: string | null = null;
    if (rng.chance(spec.syncedRate ?? 0.5)) {
      externalId = stableGuid(`${tag}:entra-group:${i}`);
      entraGroups.push({ id: externalId, displayName });
    }
    out.push({ id: stableNumericId(`${tag}:group:${i}`), displayName, externalId, members: { users: [], groups: [] } });
  }
  return out;
}

function cloneMembers(m: WorkspaceGroup['members']): WorkspaceGroup['members'] {
  return { users: [...(m?.users ?? [])], groups: [...(m?.groups ?? [])], servicePrincipals: [...(m?.servicePrincipals ?? [])] };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** mulberry32: small, fast, and the same sequence on every platform. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `count` distinct indexes below `size`. */
  distinct(count: number, size: number): number[] {
    const picked = new Set<number>();
    while (picked.size < Math.min(count, size)) picked.add(this.int(0, size - 1));
    return [...picked];
  }

  alnum(length: number): string {
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[this.int(0, chars.length - 1)];
    return out;
  }
}
