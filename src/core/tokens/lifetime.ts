/**
 * How early a token is renewed and how much life it must have left, as a
 * function of how long it lives. Fixed margins (5 minutes to refresh, 2 to
 * hand out) refuse every token of a provider that issues short-lived ones,
 * freshly issued ones included; margins that scale with the lifetime never do.
 * Pure, so every caller (broker, OIDC client, `token`) shares one rule.
 */
import type { JwtClaims } from './jwt';

/** Long-lived tokens are renewed this early: MSAL treats its own as expired 300 s before `exp`. */
export const LONG_REFRESH_MARGIN_SECONDS = 300;
/** Azure rejects tokens expiring within 30 s (the Go SDK refreshes 40 s early). */
export const AZURE_REJECTION_MARGIN_SECONDS = 40;
/** CONTRACT: `token` never hands out a token with less than 2 minutes left, where its lifetime allows. */
export const MIN_VALIDITY_SECONDS = 120;

/**
 * Seconds before expiry at which a token of this lifetime is renewed: 5 minutes for
 * tokens of 10 minutes and more, half the life for shorter ones, but at least the 40 s
 * Azure needs as long as that leaves a quarter of the life usable. Always below the lifetime,
 * so a freshly issued token is never "due for renewal". An unknown lifetime counts as long.
 */
export function refreshMarginSeconds(lifetimeSeconds: number | undefined): number {
  if (lifetimeSeconds === undefined || !Number.isFinite(lifetimeSeconds)) return LONG_REFRESH_MARGIN_SECONDS;
  if (lifetimeSeconds <= 0) return 0;
  const half = lifetimeSeconds / 2;
  const azureFloor = Math.min(AZURE_REJECTION_MARGIN_SECONDS, (lifetimeSeconds * 3) / 4);
  return Math.floor(Math.min(LONG_REFRESH_MARGIN_SECONDS, Math.max(half, azureFloor)));
}

/**
 * The least time a token just received must have left to be accepted: the contract's
 * 2 minutes where the lifetime allows (about 4 minutes and more), else the refresh margin,
 * which a freshly issued token always exceeds.
 */
export function minimumValiditySeconds(lifetimeSeconds: number | undefined): number {
  return Math.min(MIN_VALIDITY_SECONDS, refreshMarginSeconds(lifetimeSeconds));
}

/** `exp − iat` (or `nbf`) of a JWT, in seconds; undefined when the token does not say. */
export function jwtLifetimeSeconds(claims: JwtClaims): number | undefined {
  if (typeof claims.exp !== 'number') return undefined;
  const start = typeof claims.iat === 'number' ? claims.iat : typeof claims.nbf === 'number' ? claims.nbf : undefined;
  return start === undefined ? undefined : claims.exp - start;
}

/** Whether a token expiring at `expiresAtMs` that lived `lifetimeSeconds` is still fresh at `nowMs`. */
export function isFresh(expiresAtMs: number, lifetimeSeconds: number | undefined, nowMs: number): boolean {
  return expiresAtMs - nowMs > refreshMarginSeconds(lifetimeSeconds) * 1000;
}
