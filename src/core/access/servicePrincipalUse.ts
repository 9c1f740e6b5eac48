/**
 * "May I use this service principal?": whether you hold the Service Principal User role on it
 * (`roles/servicePrincipal.user`), which lets you set a job's run-as to it or deploy a bundle
 * that runs as it. The role lives in the service principal's account-level rule set, whose
 * grant rules name `users/<user name>`, `groups/<group name>` and
 * `servicePrincipals/<application id>` (docs/verdicts.md#service-principals). Pure: the rule set
 * is read elsewhere (workspace/servicePrincipalAccess.ts).
 */
import type { Blocker, Grant, Subject } from './types';

export const SP_USER_ROLE = 'roles/servicePrincipal.user';
/** Manages the roles on the service principal; it does not include using it (docs/verdicts.md). */
export const SP_MANAGER_ROLE = 'roles/servicePrincipal.manager';

export interface GrantRule {
  readonly role: string;
  readonly principals: readonly string[];
}

export type RuleSetState = { readonly state: 'readable'; readonly rules: readonly GrantRule[] } | { readonly state: 'unreadable'; readonly reason: string } | { readonly state: 'notFound' };

export interface ServicePrincipalRef {
  readonly applicationId: string;
  /** From SCIM ServicePrincipals; undefined when it could not be read. */
  readonly displayName: string | undefined;
}

/** The `why` document of `why service-principal <application id> use` (docs/cli.md). */
export interface ServicePrincipalVerdict {
  readonly kind: 'service-principal';
  readonly id: string;
  readonly name: string;
  readonly action: 'use';
  readonly allowed: boolean | null;
  readonly required: string;
  readonly granted: string | null;
  readonly grants: readonly Grant[];
  readonly blockers: readonly Blocker[];
  readonly remedies: readonly string[];
  readonly summary: string;
}

/** "etl-sp (9d3f…)" when the display name is known, else the application id alone. */
export function servicePrincipalLabel(sp: ServicePrincipalRef): string {
  return sp.displayName && sp.displayName !== sp.applicationId ? `${sp.displayName} (${sp.applicationId})` : sp.applicationId;
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The rule's principal as the access model writes principals (`user:`, `group:`, `servicePrincipal:`), or undefined for another form. */
function principalOf(ruleName: string): string | undefined {
  const slash = ruleName.indexOf('/');
  const [type, name] = [ruleName.slice(0, slash), ruleName.slice(slash + 1)];
  if (slash < 0 || name === '') return undefined;
  return type === 'users' ? `user:${name}` : type === 'groups' ? `group:${name}` : type === 'servicePrincipals' ? `servicePrincipal:${name}` : undefined;
}

/** The grants of `role` that reach you: to your user name, or to a group you belong to (nesting included, matched by display name). */
function grantsOf(subject: Pick<Subject, 'userName' | 'groups'>, rules: readonly GrantRule[], role: string): Grant[] {
  const grants: Grant[] = [];
  for (const rule of rules.filter((r) => r.role === role)) {
    for (const principal of rule.principals.map(principalOf)) {
      if (principal?.startsWith('user:') && same(principal.slice(5), subject.userName)) grants.push({ principal, level: role, path: [`user:${subject.userName}`], inheritedFrom: null });
      const group = principal?.startsWith('group:') ? subject.groups.find((g) => same(g.displayName, principal.slice(6))) : undefined;
      if (principal && group) grants.push({ principal, level: role, path: group.path, inheritedFrom: null });
    }
  }
  return grants;
}

/** Who may grant the role: the service principal's managers named in its rule set, and account admins. */
function managersOf(rules: readonly GrantRule[]): string {
  const names = rules.filter((r) => r.role === SP_MANAGER_ROLE).flatMap((r) => r.principals.map(principalOf).filter((p): p is string => p !== undefined));
  const named = names.map((p) => (p.startsWith('group:') ? `members of group "${p.slice(6)}"` : p.replace(/^(user|servicePrincipal):/, '')));
  return [...named, 'an account admin'].join(', ');
}

export function evaluateServicePrincipalUse(subject: Pick<Subject, 'userName' | 'groups'>, sp: ServicePrincipalRef, ruleSet: RuleSetState): ServicePrincipalVerdict {
  const label = servicePrincipalLabel(sp);
  const base = { kind: 'service-principal' as const, id: sp.applicationId, name: sp.displayName ?? sp.applicationId, action: 'use' as const, required: SP_USER_ROLE };
  const where = `account console → User management → Service principals → ${sp.displayName ?? sp.applicationId} → Permissions`;
  if (ruleSet.state === 'notFound') {
    const message = `No service principal with application id ${sp.applicationId} exists in this account, or you are not allowed to see it.`;
    return { ...base, allowed: false, granted: null, grants: [], blockers: [{ code: 'NOT_FOUND', message }], remedies: ['Check the application id (the workspace admin settings → Identity and access → Service principals list them).'], summary: message };
  }
  if (ruleSet.state === 'unreadable') {
    const message = `The rule set of service principal ${label} could not be read (${ruleSet.reason}), so whether you hold Service Principal User on it is unknown.`;
    return { ...base, allowed: null, granted: null, grants: [], blockers: [{ code: 'ACL_UNREADABLE', message }], remedies: [`Ask an account admin or a manager of ${label} whether you or a group of yours holds Service Principal User (${where}).`], summary: message };
  }
  const grants = grantsOf(subject, ruleSet.rules, SP_USER_ROLE);
  if (grants.length > 0) {
    const via = grants[0]!.principal.startsWith('group:') ? ` through group ${grants[0]!.principal.slice(6)}` : ' directly';
    return { ...base, allowed: true, granted: SP_USER_ROLE, grants, blockers: [], remedies: [], summary: `You hold Service Principal User on ${label}${via}: you may set a job's "Run as" to it and deploy bundles that run as it.` };
  }
  const managing = grantsOf(subject, ruleSet.rules, SP_MANAGER_ROLE);
  const groupsWithRole = ruleSet.rules.filter((r) => r.role === SP_USER_ROLE).flatMap((r) => r.principals.map(principalOf)).filter((p): p is string => p?.startsWith('group:') === true);
  const blocker: Blocker =
    managing.length > 0
      ? { code: 'LEVEL_TOO_LOW', message: `You manage ${label} (Service Principal Manager), but managing it does not include using it: Service Principal User is a role of its own.` }
      : { code: 'NO_GRANT', message: `Neither you nor a group of yours holds Service Principal User on ${label}.` };
  const remedies =
    managing.length > 0
      ? [`As its manager, grant yourself Service Principal User on it (${where}).`]
      : [
          `Ask ${managersOf(ruleSet.rules)} to grant you or a group of yours Service Principal User on ${label} (${where}).`,
          ...(groupsWithRole.length > 0 ? [`These groups hold it; joining one would give it: ${groupsWithRole.map((g) => g.slice(6)).join(', ')}.`] : []),
        ];
  return { ...base, allowed: false, granted: managing.length > 0 ? SP_MANAGER_ROLE : null, grants: managing, blockers: [blocker], remedies, summary: `You may not run jobs or deploy bundles as ${label}: ${blocker.message}` };
}
