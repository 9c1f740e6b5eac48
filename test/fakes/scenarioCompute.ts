// Cluster policies and instance pools in a scenario (`workspace.compute`), their ACLs and who may
// read them. Kept apart from scenario.ts so that other kinds' sections merge without touching it.
import type { Checker } from './scenarioCheck';

export const POLICY_LEVELS = ['CAN_USE'] as const;
export const POOL_LEVELS = ['CAN_ATTACH_TO', 'CAN_MANAGE'] as const;

/** One grant: exactly one of user, group, servicePrincipal, as in scenario.ts's AclEntry. */
export interface ComputeAclEntry<L extends string> {
  user?: string;
  group?: string;
  servicePrincipal?: string;
  level: L;
}

/** `anyone` (the default) shows the ACL to every caller; `managers` answers 403 to everyone but workspace admins. */
export type ComputeAclReadableBy = 'anyone' | 'managers';

export interface ScenarioPolicy {
  /** 16 hexadecimal characters, as Databricks gives them. */
  policy_id: string;
  name: string;
  creator?: string;
  acl?: ComputeAclEntry<(typeof POLICY_LEVELS)[number]>[];
  aclReadableBy?: ComputeAclReadableBy;
}

export interface ScenarioPool {
  /** Like 0101-120000-brick1-pool-ABCD1234. */
  instance_pool_id: string;
  instance_pool_name: string;
  acl?: ComputeAclEntry<(typeof POOL_LEVELS)[number]>[];
  aclReadableBy?: ComputeAclReadableBy;
}

export interface ScenarioCompute {
  policies?: ScenarioPolicy[];
  pools?: ScenarioPool[];
}

const POLICY_ID = { pattern: /^[0-9A-F]{16}$/, hint: 'a policy id: 16 hexadecimal characters (E0631F5C0D0006D5)' };
const POOL_ID = { pattern: /^\d{4}-\d{6}-[a-z0-9]+-pool-[A-Za-z0-9]{4,20}$/, hint: 'an instance pool id like 0101-120000-brick1-pool-ABCD1234' };

function checkAcl(c: Checker, at: string, acl: unknown, levels: readonly string[], isPrincipal: (kind: 'user' | 'group' | 'servicePrincipal', name: string) => boolean): void {
  if (acl === undefined || !c.array(at, acl)) return;
  for (const [i, entry] of acl.entries()) {
    const where = `${at}[${i}]`;
    if (!c.object(where, entry, { required: ['level'], optional: ['user', 'group', 'servicePrincipal'] })) continue;
    c.oneOf(`${where}.level`, entry.level, levels);
    const named = (['user', 'group', 'servicePrincipal'] as const).filter((k) => entry[k] !== undefined);
    if (named.length !== 1) c.fail(where, 'name exactly one of user, group, servicePrincipal');
    for (const k of named) if (c.string(`${where}.${k}`, entry[k]) && !isPrincipal(k, entry[k] as string)) c.fail(`${where}.${k}`, `"${String(entry[k])}" is not a known ${k}`);
  }
}

export function checkCompute(c: Checker, raw: unknown, isPrincipal: (kind: 'user' | 'group' | 'servicePrincipal', name: string) => boolean): void {
  const at = 'workspace.compute';
  if (!c.object(at, raw, { optional: ['policies', 'pools'] })) return;
  if (raw.policies !== undefined && c.array(`${at}.policies`, raw.policies)) {
    for (const [i, p] of raw.policies.entries()) {
      const where = `${at}.policies[${i}]`;
      if (!c.object(where, p, { required: ['policy_id', 'name'], optional: ['creator', 'acl', 'aclReadableBy'] })) continue;
      c.string(`${where}.policy_id`, p.policy_id, POLICY_ID);
      c.string(`${where}.name`, p.name);
      if (p.aclReadableBy !== undefined) c.oneOf(`${where}.aclReadableBy`, p.aclReadableBy, ['anyone', 'managers']);
      checkAcl(c, `${where}.acl`, p.acl, POLICY_LEVELS, isPrincipal);
    }
  }
  if (raw.pools !== undefined && c.array(`${at}.pools`, raw.pools)) {
    for (const [i, p] of raw.pools.entries()) {
      const where = `${at}.pools[${i}]`;
      if (!c.object(where, p, { required: ['instance_pool_id', 'instance_pool_name'], optional: ['acl', 'aclReadableBy'] })) continue;
      c.string(`${where}.instance_pool_id`, p.instance_pool_id, POOL_ID);
      c.string(`${where}.instance_pool_name`, p.instance_pool_name);
      if (p.aclReadableBy !== undefined) c.oneOf(`${where}.aclReadableBy`, p.aclReadableBy, ['anyone', 'managers']);
      checkAcl(c, `${where}.acl`, p.acl, POOL_LEVELS, isPrincipal);
    }
  }
}
