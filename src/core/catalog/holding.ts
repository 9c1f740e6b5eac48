/**
 * Whether you hold one privilege on one securable of the chain, and through what: a grant to you
 * or a group of yours (nesting included), one inherited from the catalog or schema above, or
 * ownership. ALL_PRIVILEGES counts for every privilege; MANAGE does not, because Databricks
 * documents that it lets you manage grants (and grant yourself) without giving the data
 * privileges by itself (docs/verdicts.md, "Unity Catalog"). Unknown stays unknown: `held: null`
 * with the reason, never a guess.
 */
import type { Subject } from '../access/types';
import { sqlPrivilege } from './requirements';
import { ChainLink, EffectivePrivilege, SecurableFacts, UcGrant, securableLabel } from './types';

export const ALL_PRIVILEGES = 'ALL_PRIVILEGES';
export const MANAGE = 'MANAGE';

/** One link as judged, with what the summary and the remedies need besides the `why` document's link. */
export interface JudgedLink {
  readonly link: ChainLink;
  readonly step: SecurableFacts;
  readonly index: number;
  /** Why `held` is null. */
  readonly unknownReason?: string;
  /** "via group ml-all (you → ml → ml-all)": for the summary, when held. */
  readonly viaText?: string;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Your user name or one of your groups (by display name), with the membership path; else undefined. */
export function reachesYou(subject: Subject, principal: string): { via: string; path: readonly string[] } | undefined {
  if (same(principal, subject.userName)) return { via: `user:${subject.userName}`, path: [`user:${subject.userName}`] };
  const group = subject.groups.find((g) => same(g.displayName, principal));
  return group ? { via: `group:${group.displayName}`, path: group.path } : undefined;
}

/**
 * The principal an effective privilege names. The effective-permissions API is asked for your own
 * principal, so whatever it lists reaches you; a group the workspace does not list for you (an
 * account group) still counts, named as the API names it, rather than turning into a false "no".
 * When it names you for a privilege that the direct grants give only to a group of yours, that
 * group is the truer "via" (the API folds your groups' grants into your row).
 */
function effectiveVia(subject: Subject, entry: EffectivePrivilege, grants: readonly UcGrant[] | null = null): { via: string; path: readonly string[] } {
  const named = reachesYou(subject, entry.principal);
  if (named?.via.startsWith('user:') && grants) {
    const gives = (g: UcGrant): boolean => g.privileges.includes(entry.privilege);
    const direct = grants.some((g) => same(g.principal, subject.userName) && gives(g));
    const group = grants.filter((g) => !same(g.principal, subject.userName) && gives(g)).map((g) => reachesYou(subject, g.principal)).find((r) => r !== undefined);
    if (group && !direct) return group;
  }
  return named ?? { via: `group:${entry.principal}`, path: [] };
}

function pathText(path: readonly string[]): string {
  if (path.length <= 2) return '';
  return ` (${path.map((p, i) => (i === 0 ? 'you' : p.replace(/^group:/, ''))).join(' → ')})`;
}

/** The entry that best explains the link: a grant on this securable before an inherited one, the privilege itself before ALL_PRIVILEGES. */
function bestEntry(entries: readonly EffectivePrivilege[], privilege: string): EffectivePrivilege | undefined {
  const score = (e: EffectivePrivilege): number => (e.inheritedFrom ? 2 : 0) + (e.privilege === privilege ? 0 : 1);
  return entries.filter((e) => e.privilege === privilege || e.privilege === ALL_PRIVILEGES).sort((a, b) => score(a) - score(b))[0];
}

function ownerOf(subject: Subject, step: SecurableFacts): { via: string; path: readonly string[] } | undefined {
  return step.owner === null ? undefined : reachesYou(subject, step.owner);
}

export function judgeLink(subject: Subject, step: SecurableFacts, index: number, privilege: string): JudgedLink {
  const securable = securableLabel(step.ref);
  const base = { step, index };
  const entry = step.effective ? bestEntry(step.effective, privilege) : undefined;
  const owner = ownerOf(subject, step);
  if (entry && !entry.inheritedFrom) {
    const { via, path } = effectiveVia(subject, entry, step.grants);
    const all = entry.privilege === ALL_PRIVILEGES ? ' (ALL PRIVILEGES)' : '';
    const by = via.startsWith('user:') ? 'granted to you directly' : `via ${via.replace(':', ' ')}${pathText(path)}`;
    return { ...base, link: { securable, privilege, held: true, via }, viaText: `${by}${all}` };
  }
  if (owner) return { ...base, link: { securable, privilege, held: true, via: 'owner' }, viaText: `as owner${owner.via.startsWith('group:') ? ` (through ${owner.via.replace(':', ' ')})` : ''}` };
  if (entry?.inheritedFrom) {
    const { via } = effectiveVia(subject, entry);
    return { ...base, link: { securable, privilege, held: true, via: `inherited:${securableLabel(entry.inheritedFrom)}` }, viaText: `inherited from ${entry.inheritedFrom.kind} ${entry.inheritedFrom.fullName} (${via.startsWith('user:') ? 'granted to you' : via.replace(':', ' ')})` };
  }
  const unknown = (reason: string): JudgedLink => ({ ...base, link: { securable, privilege, held: null, via: null }, unknownReason: reason });
  // The workspace itself refused a read saying you lack it here: it has weighed ownership and every grant.
  if (step.deniedPrivileges?.includes(privilege)) return { ...base, link: { securable, privilege, held: false, via: null } };
  if (step.effective === null) return unknown(`your privileges on ${step.ref.kind} ${step.ref.fullName} could not be read (${step.unreadableReason ?? 'no reason given'})`);
  // The effective-permissions API lists grants; an owner holds everything without one, so an unknown owner leaves the link open,
  // unless the workspace refused you the securable itself, which it never does to its owner.
  if (step.owner === null && !step.deniedPrivileges?.length) return unknown(`no grant of ${sqlPrivilege(privilege)} reaches you there, but its owner is unknown, and an owner holds every privilege`);
  return { ...base, link: { securable, privilege, held: false, via: null } };
}

/** Whether you (or a group of yours) hold MANAGE on the securable, or own it: then you can grant yourself. */
export function canGrantThere(subject: Subject, step: SecurableFacts): boolean {
  if (ownerOf(subject, step)) return true;
  return (step.effective ?? []).some((e) => e.privilege === MANAGE);
}
