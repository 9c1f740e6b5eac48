/**
 * Reads the claims of a JWT without verifying its signature (the server that
 * receives it verifies that), so that we can refuse to send a token whose
 * audience, issuer, tenant or expiry is wrong before it leaves the machine.
 *
 * Decoding is jose's `decodeJwt` (already installed for openid-client, so
 * the bundle carries it anyway). What stays ours, and why:
 * - the checks of audience, issuer, tenant and expiry (checkClaims below):
 *   jose validates claims only in `jwtVerify`, which needs the signing key;
 * - the nesting bound of boundedJson.ts on the payload before jose's
 *   `JSON.parse` sees it: a token comes from a provider's answer or the
 *   keychain, and V8 takes about 1.5 s per megabyte to refuse `[[[[…`;
 * - a size cap before jose: its base64url decoder takes over a second for a
 *   few megabytes on Node 20, and no real token comes near the cap (Entra
 *   moves groups past 200 out of the token to keep it small enough for an
 *   HTTP header, which servers commonly cap at 8–64 KiB);
 * - our error codes and messages (TOKEN_INVALID with what to do).
 */
import { decodeJwt as joseDecodeJwt } from 'jose';
import { AccessLensError } from '../errors';
import { assertNestingWithin } from '../net/boundedJson';

export interface JwtClaims {
  readonly aud?: string | readonly string[];
  readonly iss?: string;
  readonly tid?: string;
  readonly oid?: string;
  readonly exp?: number;
  readonly nbf?: number;
  readonly upn?: string;
  readonly preferred_username?: string;
  readonly name?: string;
  readonly groups?: readonly string[];
  readonly [claim: string]: unknown;
}

/** Characters of a whole token: far above any token a provider issues, far below what costs time to refuse. */
export const MAX_JWT_LENGTH = 64 * 1024;

export function decodeJwt(token: string): JwtClaims {
  if (token.length > MAX_JWT_LENGTH) {
    throw new AccessLensError('TOKEN_INVALID', `The identity provider returned a token of ${token.length} characters, more than the ${MAX_JWT_LENGTH} a token can have. Sign in again; if it repeats, check accessLens.authority.`, ['signIn']);
  }
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) {
    throw new AccessLensError('TOKEN_INVALID', 'The identity provider returned a token that is not a JWT. Sign in again; if it repeats, check accessLens.authority.', ['signIn']);
  }
  try {
    assertNestingWithin(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return joseDecodeJwt(token) as JwtClaims;
  } catch (error) {
    throw new AccessLensError('TOKEN_INVALID', `The identity provider returned a token whose claims cannot be read (${(error as Error).message}). Sign in again.`, ['signIn']);
  }
}

export interface Expectations {
  /**
   * Accepted audiences; the token's `aud` must be one of them. Undefined: not checked here, because
   * only the provider's API settings and the Databricks federation policy know it (OIDC providers).
   */
  readonly audiences: readonly string[] | undefined;
  /** Accepted issuers, compared without a trailing slash. */
  readonly issuers?: readonly string[];
  readonly tenantId?: string;
  /** Seconds since the epoch: "now", passed in so the check stays pure. */
  readonly now: number;
  /** The token must still be valid this many seconds from now. */
  readonly minRemainingSeconds: number;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '');

/** Throws an AccessLensError naming the first claim that does not fit. */
export function checkClaims(claims: JwtClaims, expected: Expectations): void {
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  if (expected.audiences && !audiences.some((aud) => expected.audiences?.includes(aud))) {
    throw new AccessLensError(
      'WRONG_AUDIENCE',
      `The token is for ${audiences.join(', ') || 'no audience'}, not ${expected.audiences.join(' or ')}. Check accessLens.scope and accessLens.tokenMode.`,
      ['openSettings'],
    );
  }
  if (expected.issuers && expected.issuers.length > 0) {
    const iss = trimSlash(claims.iss ?? '');
    if (!expected.issuers.map(trimSlash).includes(iss)) {
      throw new AccessLensError('TOKEN_INVALID', `The token was issued by "${claims.iss ?? 'nobody'}", not by ${expected.issuers.join(' or ')}. Check accessLens.authority and accessLens.tenant (or accessLens.issuer with an OIDC provider).`, ['openSettings']);
    }
  }
  if (expected.tenantId && claims.tid && claims.tid !== expected.tenantId) {
    throw new AccessLensError('TOKEN_INVALID', `The token belongs to tenant ${claims.tid}, not ${expected.tenantId}. Sign in with an account of that tenant.`, ['signIn']);
  }
  if (typeof claims.exp !== 'number') {
    throw new AccessLensError('TOKEN_INVALID', 'The token has no expiry. Sign in again.', ['signIn']);
  }
  if (claims.exp - expected.now < expected.minRemainingSeconds) {
    throw new AccessLensError('TOKEN_EXPIRED', `The token expires in ${Math.max(0, claims.exp - expected.now)} s. Refresh the tokens or sign in again.`, ['refreshTokens', 'signIn']);
  }
}
