/**
 * The pure parts of the workspace's own OAuth for users (U2M), as
 * `databricks auth login` does it (docs/facts.md, "Databricks OAuth U2M"):
 * - endpoints from `<host>/oidc/.well-known/oauth-authorization-server`
 *   (databricks-sdk-go credentials/u2m/endpoint_supplier.go); an account host
 *   has fixed ones, `<host>/oidc/accounts/<account id>/v1/{authorize,token}`;
 * - the public client `databricks-cli`, authorization code with PKCE S256, a
 *   64-byte verifier and a 16-byte state, base64url (persistent_auth.go);
 * - scopes `all-apis offline_access` (offline_access brings the refresh token);
 * - the redirect `http://localhost:8020`, no path (persistent_auth.go
 *   `defaultPort = 8020`; the Python SDK's tests and examples use the same URL).
 * Pure: the provider (databricksU2m.ts) does the I/O.
 */
import { randomBytes } from 'node:crypto';
import { sha256 } from '../digest';
import { IdentityError } from './identityError';
import { decodeJwt } from '../tokens/jwt';

export const DATABRICKS_CLI_CLIENT_ID = 'databricks-cli';
export const DATABRICKS_U2M_SCOPES = ['all-apis', 'offline_access'] as const;
export const DATABRICKS_REDIRECT_PORT = 8020;

export interface AuthorizationServer {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
}

export function discoveryUrl(host: string): string {
  return `${host}/oidc/.well-known/oauth-authorization-server`;
}

/** The account console's endpoints are fixed (no discovery), per account id. */
export function accountEndpoints(accountsHost: string, accountId: string): AuthorizationServer {
  const base = `${accountsHost}/oidc/accounts/${encodeURIComponent(accountId)}/v1`;
  return { authorizationEndpoint: `${base}/authorize`, tokenEndpoint: `${base}/token` };
}

/**
 * The discovery document's two endpoints, only on the workspace's own origin: a document that sends the
 * browser or the refresh token elsewhere is refused (the workspace is who we trust, nothing it links to).
 */
export function parseAuthorizationServer(host: string, body: unknown): AuthorizationServer {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const endpoint = (name: string): string => {
    const value = doc[name];
    let url: URL | undefined;
    try {
      url = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== host) {
      throw new IdentityError('SIGN_IN_FAILED', `${discoveryUrl(host)} names ${name} ${JSON.stringify(value ?? null)}, which is not on the workspace ${host}. Check the workspace URL (--host, DATABRICKS_HOST); if it is right, sign in with --idp entra or oidc instead.`, false, undefined);
    }
    return url.href;
  };
  return { authorizationEndpoint: endpoint('authorization_endpoint'), tokenEndpoint: endpoint('token_endpoint') };
}

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
  readonly state: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: sha256(verifier, 'base64url'), state: randomBytes(16).toString('base64url') };
}

export function authorizeUrl(server: AuthorizationServer, p: { clientId: string; redirectUri: string; scopes: readonly string[]; pkce: Pkce }): string {
  const url = new URL(server.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('scope', p.scopes.join(' '));
  url.searchParams.set('state', p.pkce.state);
  url.searchParams.set('code_challenge', p.pkce.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

export interface U2mTokens {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresAt: Date;
  readonly issuedAt: Date;
  readonly scopes: readonly string[];
}

/**
 * Checks a token answer: a bearer access token with a lifetime. Where the access token is a JWT (it
 * is on real workspaces), its issuer must be the workspace's `<host>/oidc` and its expiry is the one
 * that counts; an opaque token is trusted as far as `expires_in` says. A refresh answer without a new
 * refresh token keeps the one redeemed (servers without rotation send none).
 */
export function parseTokenAnswer(host: string, body: unknown, nowMs: number, previousRefreshToken?: string): U2mTokens {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const fail = (why: string): IdentityError => new IdentityError('SIGN_IN_FAILED', `${host} answered the sign-in with ${why}. Sign in again; if it repeats, run "access-lens doctor".`, false, undefined);
  const accessToken = doc.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw fail('no access token');
  if (typeof doc.token_type === 'string' && doc.token_type.toLowerCase() !== 'bearer') throw fail(`a token of type ${doc.token_type} instead of Bearer`);
  let expiresAtMs = typeof doc.expires_in === 'number' && doc.expires_in > 0 ? nowMs + doc.expires_in * 1000 : undefined;
  if (accessToken.split('.').length === 3) {
    const claims = (() => {
      try {
        return decodeJwt(accessToken);
      } catch {
        return undefined;
      }
    })();
    if (claims) {
      const issuer = String(claims.iss ?? '').replace(/\/+$/, '');
      if (issuer !== `${host}/oidc`) throw fail(`a token issued by ${JSON.stringify(claims.iss ?? null)} instead of ${host}/oidc`);
      if (typeof claims.exp === 'number') expiresAtMs = claims.exp * 1000;
    }
  }
  if (expiresAtMs === undefined) throw fail('a token without a lifetime (no expires_in)');
  if (expiresAtMs <= nowMs) throw fail('a token that has already expired (check this computer\'s clock)');
  const refreshToken = typeof doc.refresh_token === 'string' && doc.refresh_token !== '' ? doc.refresh_token : previousRefreshToken;
  const scopes = typeof doc.scope === 'string' ? doc.scope.split(' ').filter(Boolean) : [...DATABRICKS_U2M_SCOPES];
  return { accessToken, refreshToken, expiresAt: new Date(expiresAtMs), issuedAt: new Date(nowMs), scopes };
}

/** An OAuth error answer (RFC 6749 §5.2) as an IdentityError with what to do. */
export function oauthErrorOf(host: string, status: number, body: unknown): IdentityError {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const error = typeof doc.error === 'string' ? doc.error : undefined;
  const description = typeof doc.error_description === 'string' ? doc.error_description : undefined;
  const said = error ? `${error}${description ? `: ${description}` : ''}` : `HTTP ${status}`;
  if (error === 'invalid_grant' || description === 'Refresh token is invalid') {
    return new IdentityError('SIGN_IN_REQUIRED', `${host} no longer accepts the sign-in (${said}): the refresh token expired, was revoked or was already used. Sign in again: access-lens login --idp databricks.`, true, undefined);
  }
  if (error === 'invalid_client' || error === 'unauthorized_client') {
    return new IdentityError('SIGN_IN_FAILED', `${host} refused the OAuth client (${said}). Leave --client-id unset to use databricks-cli, or ask an account admin to enable that OAuth application.`, false, undefined);
  }
  if (error === 'access_denied') return new IdentityError('SIGN_IN_CANCELLED', `The sign-in to ${host} was declined (${said}). Start it again and approve it.`, true, undefined);
  return new IdentityError('SIGN_IN_FAILED', `Sign-in at ${host} failed (${said}). Try again; if it repeats, run "access-lens doctor".`, false, undefined);
}
