// The scenario's principals as both fakes see them: Entra users and groups,
// workspace users, groups (with nesting) and service principals, indexed for
// lookups. Built once per sandbox from a validated scenario.
import { stableGuid, stableNumericId } from './ids';
import type { Scenario, ScenarioCluster, ScenarioJob } from './scenario';

export interface DirUser {
  userName: string;
  oid: string;
  displayName: string;
  entraGroups: string[];
  inWorkspace: boolean;
  workspaceId: string;
  entitlements: string[];
}

export interface DirGroup {
  id: string;
  displayName: string;
  externalId: string | null;
  /** Direct members. */
  users: string[];
  groups: string[];
  servicePrincipals: string[];
  /** Ids of the groups this group is a direct member of. */
  parents: string[];
  entitlements: string[];
}

export interface DirServicePrincipal {
  applicationId: string;
  displayName: string;
  workspaceId: string;
}

export type DirCluster = ScenarioCluster & Required<Pick<ScenarioCluster, 'state' | 'data_security_mode' | 'spark_version' | 'node_type_id' | 'num_workers' | 'acl'>>;
export type DirJob = ScenarioJob & Required<Pick<ScenarioJob, 'owner' | 'runAs' | 'acl'>>;

const DEFAULT_USER_ENTITLEMENTS = ['workspace-access'];

export class Directory {
  readonly tenantId: string;
  readonly tenantDomain: string | undefined;
  readonly clientIds: string[];
  readonly appName: string;
  readonly orgId: string;
  readonly accountId: string;
  readonly users: DirUser[];
  readonly groups: DirGroup[];
  readonly servicePrincipals: DirServicePrincipal[];
  readonly clusters: DirCluster[];
  readonly jobs: DirJob[];

  private readonly usersByName = new Map<string, DirUser>();
  private readonly usersByOid = new Map<string, DirUser>();
  private readonly groupsById = new Map<string, DirGroup>();
  private readonly groupsByName = new Map<string, DirGroup>();
  private readonly clustersById = new Map<string, DirCluster>();
  private readonly jobsById = new Map<number, DirJob>();

  constructor(readonly scenario: Scenario) {
    this.tenantId = scenario.tenant.id.toLowerCase();
    this.tenantDomain = scenario.tenant.domain;
    this.clientIds = scenario.tenant.clientIds.map((c) => c.toLowerCase());
    this.appName = scenario.tenant.appName ?? 'Access Lens';
    this.orgId = scenario.workspace.orgId ?? stableNumericId(`org:${scenario.name}`, 16);
    this.accountId = stableGuid(`account:${scenario.name}`);

    this.users = scenario.users.map((u) => ({
      userName: u.userName,
      oid: u.oid.toLowerCase(),
      displayName: u.displayName,
      entraGroups: (u.entraGroups ?? []).map((g) => g.toLowerCase()),
      inWorkspace: u.inWorkspace !== false,
      workspaceId: u.workspaceId ?? stableNumericId(`user:${u.userName.toLowerCase()}`),
      entitlements: u.entitlements ?? DEFAULT_USER_ENTITLEMENTS,
    }));
    for (const u of this.users) {
      this.usersByName.set(u.userName.toLowerCase(), u);
      this.usersByOid.set(u.oid, u);
    }
    this.servicePrincipals = (scenario.workspace.servicePrincipals ?? []).map((sp) => ({
      applicationId: sp.applicationId.toLowerCase(),
      displayName: sp.displayName,
      workspaceId: sp.workspaceId ?? stableNumericId(`sp:${sp.applicationId.toLowerCase()}`),
    }));
    this.groups = this.buildGroups();
    this.clusters = (scenario.workspace.clusters ?? []).map((c) => ({
      state: 'TERMINATED',
      data_security_mode: 'NONE',
      spark_version: '15.4.x-scala2.12',
      node_type_id: 'Standard_DS3_v2',
      num_workers: 2,
      acl: [],
      ...c,
    }));
    for (const c of this.clusters) this.clustersById.set(c.cluster_id, c);
    this.jobs = (scenario.workspace.jobs ?? []).map((j) => {
      const owner = j.owner ?? j.creator;
      return { acl: [], ...j, owner, runAs: j.runAs ?? owner };
    });
    for (const j of this.jobs) this.jobsById.set(j.job_id, j);
  }

  user(userName: string): DirUser | undefined {
    return this.usersByName.get(userName.toLowerCase());
  }

  userByOid(oid: string): DirUser | undefined {
    return this.usersByOid.get(oid.toLowerCase());
  }

  workspaceUser(userName: string): DirUser | undefined {
    const u = this.user(userName);
    return u?.inWorkspace ? u : undefined;
  }

  workspaceUserById(id: string): DirUser | undefined {
    return this.users.find((u) => u.inWorkspace && u.workspaceId === id);
  }

  servicePrincipal(applicationId: string): DirServicePrincipal | undefined {
    return this.servicePrincipals.find((sp) => sp.applicationId === applicationId.toLowerCase());
  }

  group(id: string): DirGroup | undefined {
    return this.groupsById.get(id);
  }

  groupByName(displayName: string): DirGroup | undefined {
    return this.groupsByName.get(displayName.toLowerCase());
  }

  cluster(id: string): DirCluster | undefined {
    return this.clustersById.get(id);
  }

  job(id: number): DirJob | undefined {
    return this.jobsById.get(id);
  }

  /** Groups the user is a direct member of. */
  directGroupsOf(userName: string): DirGroup[] {
    const key = userName.toLowerCase();
    return this.groups.filter((g) => g.users.some((u) => u.toLowerCase() === key));
  }

  /** Every group reachable from `start` through parent links, nearest first, each once. */
  ancestorsOf(start: DirGroup[]): DirGroup[] {
    const seen = new Set<string>();
    const out: DirGroup[] = [];
    const queue = [...start];
    while (queue.length > 0) {
      const g = queue.shift()!;
      if (seen.has(g.id)) continue;
      seen.add(g.id);
      out.push(g);
      for (const parentId of g.parents) queue.push(this.groupsById.get(parentId)!);
    }
    return out;
  }

  /** The user's groups, nested ones included. */
  transitiveGroupsOf(userName: string): DirGroup[] {
    return this.ancestorsOf(this.directGroupsOf(userName));
  }

  private buildGroups(): DirGroup[] {
    const defined = this.scenario.workspace.groups ?? [];
    const workspaceUserNames = this.users.filter((u) => u.inWorkspace).map((u) => u.userName);
    // Every workspace has `admins` and `users`; every workspace user is in `users`.
    const builtIns = [
      { displayName: 'admins', entitlements: ['workspace-access', 'databricks-sql-access', 'allow-cluster-create'] },
      { displayName: 'users', entitlements: ['workspace-access', 'databricks-sql-access'] },
    ];
    const all = [...defined];
    for (const b of builtIns) if (!defined.some((g) => g.displayName.toLowerCase() === b.displayName)) all.push({ ...b, externalId: null, members: {} });
    const groups: DirGroup[] = all.map((g) => {
      const isUsers = g.displayName.toLowerCase() === 'users';
      const members = g.members ?? {};
      const users = isUsers ? [...new Set([...workspaceUserNames, ...(members.users ?? [])])] : [...(members.users ?? [])];
      return {
        id: g.id ?? stableNumericId(`group:${g.displayName.toLowerCase()}`),
        displayName: g.displayName,
        externalId: g.externalId ? g.externalId.toLowerCase() : null,
        users: users.map((u) => this.user(u)?.userName ?? u),
        groups: [],
        servicePrincipals: (members.servicePrincipals ?? []).map((s) => s.toLowerCase()),
        parents: [],
        entitlements: g.entitlements ?? builtIns.find((b) => b.displayName === g.displayName.toLowerCase())?.entitlements ?? [],
      };
    });
    for (const g of groups) {
      this.groupsById.set(g.id, g);
      this.groupsByName.set(g.displayName.toLowerCase(), g);
    }
    for (const [i, def] of all.entries()) {
      for (const childName of def.members?.groups ?? []) {
        const child = this.groupsByName.get(childName.toLowerCase())!;
        groups[i]!.groups.push(child.id);
        child.parents.push(groups[i]!.id);
      }
    }
    return groups;
  }
}
