/**
 * How to mend a broken chain: who can grant each missing privilege (the securable's owner, the
 * owners of the catalog and schema above it, holders of MANAGE there, a metastore admin; Databricks,
 * "Manage privileges in Unity Catalog"), which group would give it, and the exact GRANT to ask for.
 */
import { orList } from '../access/kinds';
import { REQUEST_PREFIX } from '../access/remedies';
import type { Blocker } from '../access/types';
import { grantStatement } from './grantSql';
import { ALL_PRIVILEGES, JudgedLink, MANAGE, canGrantThere, reachesYou } from './holding';
import { sqlPrivilege } from './requirements';
import type { ChainFacts } from './types';

/** Groups every user is in: never worth "join it". */
const EVERYONE = new Set(['account users', 'users']);
/** Grants name users by e-mail and service principals by application id; neither can be joined. */
const NOT_A_GROUP = /@|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function describe(facts: ChainFacts, index: number): string {
  const ref = facts.steps[index]?.ref;
  return ref ? `${ref.kind} ${ref.fullName}` : '';
}

/**
 * The owner of the securable, holders of MANAGE there, the owners of the schema and catalog above
 * it, then metastore admins: each principal once, under its first role, as "a, b or c".
 */
export function grantersOf(facts: ChainFacts, index: number): string {
  const roles = new Map<string, string>();
  const add = (principal: string | null | undefined, role: string): void => {
    if (principal && !roles.has(principal)) roles.set(principal, role);
  };
  const step = facts.steps[index];
  add(step?.owner, `owner of ${describe(facts, index)}`);
  for (const grant of step?.grants ?? []) if (grant.privileges.includes(MANAGE)) add(grant.principal, `holds MANAGE on ${describe(facts, index)}`);
  for (let i = index - 1; i >= 0; i--) add(facts.steps[i]?.owner, `owner of ${describe(facts, i)}`);
  const admins = facts.metastoreAdmins ?? [];
  const names = [...roles].map(([principal, role]) => `${principal} (${role})`);
  return orList([...names, admins.length > 0 ? `a metastore admin (${admins.join(', ')})` : 'a metastore admin']);
}

/** Groups you are not in whose grant on this securable, or on the catalog or schema above it (inherited down), would give the privilege. */
function groupsGiving(facts: ChainFacts, index: number, privilege: string): { name: string; where: string }[] {
  const found: { name: string; where: string }[] = [];
  for (let i = 0; i <= index; i++) {
    for (const grant of facts.steps[i]?.grants ?? []) {
      if (EVERYONE.has(grant.principal.toLowerCase()) || reachesYou(facts.subject, grant.principal) || NOT_A_GROUP.test(grant.principal)) continue;
      if (!grant.privileges.includes(privilege) && !grant.privileges.includes(ALL_PRIVILEGES)) continue;
      if (!found.some((f) => f.name === grant.principal)) found.push({ name: grant.principal, where: describe(facts, i) });
    }
  }
  return found;
}

/** You own or MANAGE the securable, or own a catalog or schema above it: you can run the GRANT yourself. */
function selfGrantable(facts: ChainFacts, index: number): boolean {
  for (let i = 0; i <= index; i++) {
    const step = facts.steps[i];
    if (!step) continue;
    if (i === index ? canGrantThere(facts.subject, step) : step.owner !== null && reachesYou(facts.subject, step.owner)) return true;
  }
  return false;
}

export function chainRemedies(facts: ChainFacts, links: readonly JudgedLink[], blockers: readonly Blocker[], verb: string): string[] {
  const remedies: string[] = [];
  const codes = new Set(blockers.map((b) => b.code));
  const me = facts.subject.userName;
  const catalog = facts.steps[0]?.ref.fullName ?? '';
  if (codes.has('CATALOG_NOT_BOUND')) {
    remedies.push(`Catalog ${catalog} is bound to other workspaces only: use one of those, or ask ${grantersOf(facts, 0)} to bind it to this workspace as well.`);
  }
  if (codes.has('CATALOG_BINDING_UNKNOWN')) {
    remedies.push(`Whether catalog ${catalog} may be used from this workspace could not be read: try the action, or ask ${grantersOf(facts, 0)}.`);
  }
  const asked: string[] = [];
  for (const judged of links) {
    const { privilege, held } = judged.link;
    const where = describe(facts, judged.index);
    if (held === null) {
      remedies.push(`Whether you hold ${sqlPrivilege(privilege)} on ${where} is unknown: try the action, or ask ${grantersOf(facts, judged.index)} whether you or a group of yours holds it.`);
      continue;
    }
    if (held) continue;
    const grant = grantStatement(privilege, facts.steps, judged.index, me);
    if (selfGrantable(facts, judged.index)) {
      remedies.push(`You can grant ${sqlPrivilege(privilege)} on ${where} yourself (you own or manage it, or own the schema or catalog above it): ${grant}`);
      continue;
    }
    remedies.push(`Ask ${grantersOf(facts, judged.index)} to grant you ${sqlPrivilege(privilege)} on ${where}: ${grant}`);
    const group = groupsGiving(facts, judged.index, privilege)[0];
    if (group) remedies.push(`Or join group "${group.name}", which holds ${sqlPrivilege(privilege)} on ${group.where}${group.where === where ? '' : ` (inherited by ${where})`}.`);
    asked.push(grant);
  }
  if (asked.length > 0) {
    const object = `${facts.object.kind} ${facts.object.fullName}`;
    remedies.push(`${REQUEST_PREFIX}Hello, could you run the following so that I (${me}) can ${verb} ${object}? ${asked.map((g) => `${g};`).join(' ')} Thank you.`);
  }
  return remedies;
}
