/**
 * RBAC symmetry: which workspace group is the twin of a group your identity
 * provider says you are in. SCIM provisioning writes the provider's group id
 * into the workspace group's externalId (Entra group object ids, Okta group
 * ids), so an externalId match comes first. OpenID Connect providers usually
 * put group names in the token, so a claim that matches no externalId is
 * matched by display name (case-insensitive, as Databricks treats group names).
 */
import { Subject } from './types';

export interface GroupTwin {
  /** The claim value that matched, as the token has it. */
  readonly claim: string;
  readonly by: 'externalId' | 'displayName';
}

interface NamedGroup {
  readonly displayName: string;
  readonly externalId: string | null;
}

export class GroupClaims {
  /** Lower-cased claim value → the value as the token has it. */
  private readonly values = new Map<string, string>();
  /** Claim values some known workspace group already matches by externalId: those never match a name. */
  private readonly matchedById = new Set<string>();

  constructor(claims: readonly string[], knownGroups: readonly NamedGroup[] = []) {
    for (const claim of claims) this.values.set(claim.toLowerCase(), claim);
    for (const group of knownGroups) {
      const id = group.externalId?.toLowerCase();
      if (id && this.values.has(id)) this.matchedById.add(id);
    }
  }

  get size(): number {
    return this.values.size;
  }

  twinOf(group: NamedGroup): GroupTwin | undefined {
    const id = group.externalId?.toLowerCase();
    const byId = id ? this.values.get(id) : undefined;
    if (byId) return { claim: byId, by: 'externalId' };
    const name = group.displayName.toLowerCase();
    const byName = this.values.get(name);
    return byName && !this.matchedById.has(name) ? { claim: byName, by: 'displayName' } : undefined;
  }
}

/** One GroupClaims per subject: the tree evaluates thousands of objects for the same person. */
const cache = new WeakMap<Subject, GroupClaims>();
export function groupClaimsOf(subject: Subject): GroupClaims {
  let claims = cache.get(subject);
  if (!claims) {
    claims = new GroupClaims(subject.entraGroupIds, subject.groups);
    cache.set(subject, claims);
  }
  return claims;
}

/** "Entra group" or "identity provider group", as the sign-in goes. */
export function providerGroup(provider: Subject['provider']): string {
  // With the Databricks sign-in the provider behind the workspace's SCIM is not known: Entra, Okta, …
  return provider === 'oidc' || provider === 'databricks' ? 'identity provider group' : 'Entra group';
}

/** How a twin reads in a sentence, after "it …". */
export function describeTwin(twin: GroupTwin, provider: Subject['provider'] = 'entra'): string {
  return twin.by === 'externalId'
    ? `is synced from your ${providerGroup(provider)} ${twin.claim}`
    : `has the name of a group your identity provider lists you in ("${twin.claim}")`;
}
