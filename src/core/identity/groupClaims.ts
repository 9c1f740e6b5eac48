/**
 * Reading a token's group claim as it really comes: a list, Entra's overage
 * marker (more than 200 groups: `_claim_names`/`_claim_sources` point to
 * Microsoft Graph instead, or `hasgroups` in the implicit flow), or nothing at
 * all (a token for a first-party resource such as AzureDatabricks, whose
 * claims the customer cannot configure). Telling "absent" from "empty" is the
 * point: only a list present in the token says which groups you are in. Pure.
 */

export type GroupClaimReading =
  | { readonly kind: 'list'; readonly values: readonly string[] }
  /** Too many groups for the token; `endpoint` is where Entra says the list is (not trusted as a place to send tokens). */
  | { readonly kind: 'overage'; readonly endpoint?: string }
  | { readonly kind: 'absent' };

/** Where a token's groups were found (sign-in keeps both readings: the access token's and the ID token's). */
export interface GroupClaimSources {
  readonly accessToken: GroupClaimReading;
  /** Undefined when the sign-in has no ID token to read. */
  readonly idToken?: GroupClaimReading;
}

function overageOf(claims: Record<string, unknown>, claim: string): GroupClaimReading | undefined {
  const names = claims._claim_names;
  if (names && typeof names === 'object' && !Array.isArray(names)) {
    const source = (names as Record<string, unknown>)[claim];
    if (typeof source === 'string') {
      const sources = claims._claim_sources as Record<string, { endpoint?: unknown } | undefined> | undefined;
      const endpoint = sources && typeof sources === 'object' ? sources[source]?.endpoint : undefined;
      return { kind: 'overage', ...(typeof endpoint === 'string' ? { endpoint } : {}) };
    }
  }
  if (claims.hasgroups === true || claims.hasgroups === 'true') return { kind: 'overage' };
  return undefined;
}

export function readGroupClaim(claims: Record<string, unknown> | undefined, claim: string): GroupClaimReading {
  if (!claims) return { kind: 'absent' };
  const value = claims[claim];
  if (typeof value === 'string') return { kind: 'list', values: value === '' ? [] : [value] };
  if (Array.isArray(value)) return { kind: 'list', values: value.filter((v): v is string => typeof v === 'string') };
  return overageOf(claims, claim) ?? { kind: 'absent' };
}
