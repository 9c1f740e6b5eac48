// Scope parsing and token minting for the fake Entra: which resource a scope
// names (and so the access token's `aud`), the claims Entra v2.0 tokens carry,
// and the token response shape MSAL depends on.
import * as crypto from 'node:crypto';
import type { DirUser } from '../directory';
import { randomSecret } from '../ids';
import type { SigningKey } from '../jwt';

export const OIDC_SCOPES = ['openid', 'profile', 'offline_access', 'email'];
export const GRAPH_RESOURCE = '00000003-0000-0000-c000-000000000000';

/** A token for Microsoft Graph: its app id, or the Graph URL of a cloud. */
export function isGraphAudience(audience: string): boolean {
  return audience === GRAPH_RESOURCE || /^https:\/\/graph\.microsoft\.com\/?$/i.test(audience);
}

export interface ResourceRequest {
  /** The access token's audience. */
  audience: string;
  /** The `scp` claim. */
  scp: string;
  /** The non-OIDC scopes as requested; the response's `scope` echoes them. */
  requested: string[];
  openid: boolean;
  offlineAccess: boolean;
}

export type ScopeResolution = { ok: true; resource: ResourceRequest } | { ok: false; detail: string };

/**
 * `2ff814a6-.../.default` → aud `2ff814a6-...`; `<clientId>/.default` → aud
 * the client id; `api://x/.default` → `api://x`; `api://x/read` → `api://x`
 * with scp `read`; bare `User.Read` → Microsoft Graph. One resource per
 * request, as in Entra.
 */
export function resolveScopes(scopeParam: string): ScopeResolution {
  const all = scopeParam.split(/\s+/).filter((s) => s.length > 0);
  const requested = all.filter((s) => !OIDC_SCOPES.includes(s.toLowerCase()));
  const parsed = requested.map(splitScope);
  const audiences = [...new Set(parsed.map((p) => p.audience))];
  if (audiences.length > 1) {
    return { ok: false, detail: `The scopes '${requested.join(' ')}' name more than one resource (${audiences.join(', ')}); request tokens for one resource at a time.` };
  }
  const names = parsed.map((p) => (p.name === '.default' ? 'user_impersonation' : p.name));
  return {
    ok: true,
    resource: {
      audience: audiences[0] ?? GRAPH_RESOURCE,
      scp: names.length > 0 ? [...new Set(names)].join(' ') : 'User.Read',
      requested,
      openid: all.includes('openid'),
      offlineAccess: all.includes('offline_access'),
    },
  };
}

function splitScope(scope: string): { audience: string; name: string } {
  const slash = scope.lastIndexOf('/');
  // "api://x" alone has its slashes in the scheme; a scope needs a name after the resource.
  if (slash <= 0 || scope.slice(0, slash).endsWith(':/') || scope.endsWith(':/')) return { audience: GRAPH_RESOURCE, name: scope };
  return { audience: scope.slice(0, slash), name: scope.slice(slash + 1) };
}

export interface MintContext {
  key: SigningKey;
  issuer: string;
  tenantId: string;
  clientId: string;
  user: DirUser;
  nowSec: number;
  lifetimeSec: number;
  /** The group claims of each kind of token (knobs groupsClaimIn, groupsOverage); default `groups` in both. */
  groupClaims?: (token: 'access' | 'id') => Record<string, unknown>;
}

function groupClaimsOf(ctx: MintContext, token: 'access' | 'id'): Record<string, unknown> {
  return ctx.groupClaims ? ctx.groupClaims(token) : { groups: ctx.user.entraGroups };
}

export function mintAccessToken(ctx: MintContext, audience: string, scp: string, extraClaims: Record<string, unknown> = {}): string {
  return ctx.key.sign({
    aud: audience,
    iss: ctx.issuer,
    iat: ctx.nowSec,
    nbf: ctx.nowSec,
    exp: ctx.nowSec + ctx.lifetimeSec,
    aio: randomSecret(24),
    amr: ['pwd', 'mfa'],
    appid: ctx.clientId,
    azp: ctx.clientId,
    azpacr: '0',
    ...groupClaimsOf(ctx, 'access'),
    idtyp: 'user',
    name: ctx.user.displayName,
    oid: ctx.user.oid,
    preferred_username: ctx.user.userName,
    rh: `0.${randomSecret(24)}.`,
    scp,
    sub: pairwiseSubject(ctx.user.oid, audience),
    tid: ctx.tenantId,
    unique_name: ctx.user.userName,
    upn: ctx.user.userName,
    uti: randomSecret(16),
    ver: '2.0',
    ...extraClaims,
  });
}

export function mintIdToken(ctx: MintContext, nonce: string | undefined): string {
  return ctx.key.sign({
    aud: ctx.clientId,
    iss: ctx.issuer,
    iat: ctx.nowSec,
    nbf: ctx.nowSec,
    exp: ctx.nowSec + ctx.lifetimeSec,
    ...groupClaimsOf(ctx, 'id'),
    name: ctx.user.displayName,
    ...(nonce ? { nonce } : {}),
    oid: ctx.user.oid,
    preferred_username: ctx.user.userName,
    email: ctx.user.userName,
    sub: pairwiseSubject(ctx.user.oid, ctx.clientId),
    tid: ctx.tenantId,
    uti: randomSecret(16),
    ver: '2.0',
  });
}

export interface TokenResponseBody {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info: string;
}

export function tokenResponse(ctx: MintContext, resource: ResourceRequest, refreshToken: string | undefined, nonce?: string): TokenResponseBody {
  const body: TokenResponseBody = {
    token_type: 'Bearer',
    // MSAL keys its cache on this: it must echo the requested scopes (…/.default included).
    scope: resource.requested.length > 0 ? resource.requested.join(' ') : 'User.Read',
    expires_in: ctx.lifetimeSec,
    ext_expires_in: ctx.lifetimeSec,
    access_token: mintAccessToken(ctx, resource.audience, resource.scp),
    client_info: Buffer.from(JSON.stringify({ uid: ctx.user.oid, utid: ctx.tenantId })).toString('base64url'),
  };
  if (refreshToken !== undefined) body.refresh_token = refreshToken;
  if (resource.openid) body.id_token = mintIdToken(ctx, nonce);
  return body;
}

/** Entra's `sub` differs per application; a hash of oid and audience behaves the same. */
function pairwiseSubject(oid: string, audience: string): string {
  return crypto.createHash('sha256').update(`${oid}|${audience}`).digest('base64url').slice(0, 43);
}

/** PKCE S256: base64url(sha256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return crypto.createHash('sha256').update(verifier).digest('base64url');
}
