/**
 * What an OIDC token response becomes: the account, the JWT that goes to the
 * Databricks token exchange, its expiry and your groups. Pure, so it is
 * tested without a provider.
 *
 * The subject token is the access token when the provider issues it as a JWT
 * of its own (Okta's custom authorization servers, Ping, Keycloak, …): its
 * audience is the API audience the Databricks federation policy names. A
 * provider with opaque access tokens leaves the ID token, whose audience is
 * the client id.
 */
import { JwtClaims, decodeJwt } from '../tokens/jwt';
import { jwtLifetimeSeconds } from '../tokens/lifetime';
import { IdentityError } from './identityError';
import { IdentityAccount, claimValues } from './provider';

export interface OidcTokenResponse {
  readonly access_token: string;
  readonly id_token?: string;
  readonly refresh_token?: string;
  readonly expires_in?: number;
  readonly scope?: string;
}

/** One signed-in account as the keychain keeps it (a single item: it holds the refresh token). */
export interface OidcRecord {
  readonly v: 1;
  readonly account: IdentityAccount;
  readonly refreshToken: string | undefined;
  /** The JWT for the token exchange (see the module comment). */
  readonly subjectToken: string;
  readonly subjectKind: 'access_token' | 'id_token';
  readonly expiresAt: string;
  readonly scopes: readonly string[];
  readonly groups: readonly string[];
}

export interface RecordContext {
  readonly issuer: string;
  readonly groupsClaim: string;
  readonly requestedScopes: readonly string[];
  readonly nowMs: number;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '');

function claimsOf(token: string | undefined): JwtClaims | undefined {
  if (!token) return undefined;
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

function accountFrom(claims: JwtClaims, issuer: string): IdentityAccount | undefined {
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!sub) return undefined;
  const text = (name: string): string | undefined => (typeof claims[name] === 'string' && claims[name] !== '' ? (claims[name] as string) : undefined);
  return { username: text('preferred_username') ?? text('email') ?? text('upn') ?? sub, objectId: sub, tenantId: issuer, homeAccountId: sub, name: text('name') };
}

export function recordFrom(response: OidcTokenResponse, previous: OidcRecord | undefined, context: RecordContext): OidcRecord {
  const { issuer, groupsClaim } = context;
  const accessClaims = claimsOf(response.access_token);
  const idClaims = claimsOf(response.id_token);
  const accessIsOwnJwt = accessClaims !== undefined && trimSlash(String(accessClaims.iss ?? '')) === trimSlash(issuer);
  const subjectKind = accessIsOwnJwt ? 'access_token' : 'id_token';
  const subjectToken = accessIsOwnJwt ? response.access_token : response.id_token;
  const subjectClaims = accessIsOwnJwt ? accessClaims : idClaims;
  if (!subjectToken || !subjectClaims) {
    throw new IdentityError('SIGN_IN_FAILED', `The identity provider ${issuer} answered with neither a JWT access token nor an ID token, so there is nothing Databricks token federation could accept. Check that the application requests the openid scope.`, false, undefined);
  }
  const account = (idClaims && accountFrom(idClaims, issuer)) ?? previous?.account ?? accountFrom(subjectClaims, issuer);
  if (!account) {
    throw new IdentityError('SIGN_IN_FAILED', `The identity provider ${issuer} answered without a subject (sub claim). Sign in again; if it repeats, check the provider's ID token settings.`, false, undefined);
  }
  const expiresAt =
    typeof subjectClaims.exp === 'number'
      ? new Date(subjectClaims.exp * 1000)
      : new Date(context.nowMs + (typeof response.expires_in === 'number' ? response.expires_in : 3600) * 1000);
  // The claim where the provider puts it: the access token first, then the ID token, else what we knew.
  const groups =
    accessClaims && groupsClaim in accessClaims
      ? claimValues(accessClaims, groupsClaim)
      : idClaims && groupsClaim in idClaims
        ? claimValues(idClaims, groupsClaim)
        : (previous?.groups ?? []);
  return {
    v: 1,
    account,
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    subjectToken,
    subjectKind,
    expiresAt: expiresAt.toISOString(),
    scopes: response.scope ? response.scope.split(' ').filter(Boolean) : (previous?.scopes ?? context.requestedScopes),
    groups,
  };
}

/** A stored record, or undefined when it is unreadable (then the user signs in again). */
export function parseRecord(raw: string | undefined): OidcRecord | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<OidcRecord>;
    if (parsed.v !== 1 || typeof parsed.subjectToken !== 'string' || typeof parsed.account?.homeAccountId !== 'string' || Number.isNaN(Date.parse(parsed.expiresAt ?? ''))) return undefined;
    return parsed as OidcRecord;
  } catch {
    return undefined;
  }
}

/** How long the record's subject token lives (its `exp − iat`), or undefined when it does not say. */
export function subjectLifetimeSeconds(record: OidcRecord): number | undefined {
  const claims = claimsOf(record.subjectToken);
  return claims ? jwtLifetimeSeconds(claims) : undefined;
}
