// The workspace's own authorization server for users (OAuth U2M), as
// `databricks auth login` meets it: GET /oidc/v1/authorize (public client
// `databricks-cli`, a registered http://localhost:<port> redirect, PKCE S256
// required, state echoed) and the authorization_code and refresh_token grants
// at POST /oidc/v1/token. Refresh tokens are single-use (rotation, as
// Databricks' published apps have by default): a redeemed one is refused with
// `invalid_grant` / "Refresh token is invalid", the description the Go SDK
// looks for. Access tokens are the workspace's opaque tokens, so /api/**
// accepts them like exchanged ones. Not modelled: the bounce through the
// identity provider for single sign-on (Entra on Azure): the consent page
// stands in for the whole login.
import { createHash } from 'node:crypto';
import type { DirUser } from '../directory';
import type { RequestContext } from '../http/router';
import { redirect, sendHtml, sendJson } from '../http/respond';
import { randomSecret } from '../ids';
import { consentPage, errorPage } from '../entra/pages';
import type { WorkspaceContext } from './context';
import { sendOAuthError } from './errors';

export const U2M_CLIENT_ID = 'databricks-cli';
/** The Go SDK tries 8020, then 8021–8040 when a port is taken (credentials/u2m/persistent_auth.go). */
const REGISTERED_PORTS = Array.from({ length: 21 }, (_, i) => 8020 + i);
const CODE_LIFETIME_MS = 5 * 60_000;
/** Whose pages these are: the workspace's, not Entra's (a person would be misled, and the UI test checks it). */
const SITE = 'Databricks workspace';
const SUPPORTED_SCOPES = new Set(['all-apis', 'offline_access', 'openid', 'email', 'profile', 'sql']);

interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  userName: string;
  expiresAtMs: number;
}

interface RefreshGrant {
  clientId: string;
  scopes: string[];
  userName: string;
  expiresAtMs: number;
  used: boolean;
}

type Params = Record<string, string>;

export class U2mServer {
  private readonly codes = new Map<string, AuthCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly pending = new Map<string, Params>();
  private readonly extraPorts = new Set<number>();

  constructor(private readonly wc: WorkspaceContext) {}

  /** Registers another loopback port for the client (tests use a free port instead of 8020). */
  allowRedirectPort(port: number): void {
    this.extraPorts.add(port);
  }

  /** Revokes every refresh token (of one user): the next refresh asks for a sign-in. */
  revokeRefreshTokens(userName?: string): void {
    for (const grant of this.refreshTokens.values()) if (!userName || grant.userName === userName) grant.used = true;
  }

  private registered(uri: string): boolean {
    try {
      const u = new URL(uri);
      const port = Number(u.port);
      return u.protocol === 'http:' && u.hostname === 'localhost' && (u.pathname === '/' || u.pathname === '') && u.search === '' && (REGISTERED_PORTS.includes(port) || this.extraPorts.has(port));
    } catch {
      return false;
    }
  }

  handleAuthorize(ctx: RequestContext): void {
    const p = Object.fromEntries(ctx.url.searchParams);
    if (p.client_id !== U2M_CLIENT_ID) return sendHtml(ctx.res, 400, errorPage('Sign in error', `invalid_client: unknown OAuth application '${p.client_id ?? ''}'.`, SITE));
    if (!this.registered(p.redirect_uri ?? '')) return sendHtml(ctx.res, 400, errorPage('Sign in error', `invalid_request: redirect_uri '${p.redirect_uri ?? ''}' is not registered for ${U2M_CLIENT_ID}.`, SITE));
    // From here on errors go back to the client through the redirect URI (RFC 6749 §4.1.2.1).
    if (p.response_type !== 'code') return deliver(ctx, p, { error: 'unsupported_response_type', error_description: `response_type '${p.response_type ?? ''}' is not supported` });
    if (!p.state) return deliver(ctx, p, { error: 'invalid_request', error_description: 'state is required' });
    if (!p.code_challenge || p.code_challenge_method !== 'S256') return deliver(ctx, p, { error: 'invalid_request', error_description: 'PKCE with code_challenge_method S256 is required' });
    const scopes = (p.scope ?? '').split(/\s+/).filter(Boolean);
    const unknown = scopes.filter((s) => !SUPPORTED_SCOPES.has(s));
    if (scopes.length === 0 || unknown.length > 0) return deliver(ctx, p, { error: 'invalid_scope', error_description: `Invalid scope: ${unknown.join(' ') || '(none)'}` });
    const rt = this.wc.runtime;
    if (rt.knobs.autoApprove) return this.complete(ctx, p, rt.signedInUser);
    const requestId = randomSecret(24);
    this.pending.set(requestId, p);
    sendHtml(ctx.res, 200, consentPage({ appName: 'Databricks CLI', clientId: U2M_CLIENT_ID, scopes, action: '/oidc/v1/authorize', requestId, users: rt.directory.users, selected: rt.signedInUser.userName, site: SITE }));
  }

  async handleConsent(ctx: RequestContext): Promise<void> {
    const form = await ctx.form();
    const requestId = form.get('request_id') ?? '';
    const p = this.pending.get(requestId);
    if (!p) return sendHtml(ctx.res, 400, errorPage('Sign-in request expired', 'This sign-in request has expired or was already completed. Start the sign-in again.', SITE));
    this.pending.delete(requestId);
    if (form.get('decision') !== 'accept') return deliver(ctx, p, { error: 'access_denied', error_description: 'The user declined the sign-in' });
    const user = this.wc.runtime.directory.user(form.get('user') ?? '');
    if (!user) return sendHtml(ctx.res, 400, errorPage('Unknown user', `There is no user "${form.get('user') ?? ''}".`, SITE));
    this.complete(ctx, p, user);
  }

  private complete(ctx: RequestContext, p: Params, user: DirUser): void {
    if (!user.inWorkspace) return deliver(ctx, p, { error: 'access_denied', error_description: `User ${user.userName} is not a member of this workspace` });
    const code = randomSecret(32);
    this.codes.set(code, { clientId: p.client_id!, redirectUri: p.redirect_uri!, challenge: p.code_challenge!, scopes: p.scope!.split(/\s+/).filter(Boolean), userName: user.userName, expiresAtMs: this.wc.runtime.clock.nowMs() + CODE_LIFETIME_MS });
    deliver(ctx, p, { code });
  }

  /** The grants of POST /oidc/v1/token this server answers; false for others (token exchange). */
  async handleToken(ctx: RequestContext, form: URLSearchParams): Promise<boolean> {
    const grantType = form.get('grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return false;
    const bad = (error: string, description: string): true => (sendOAuthError(ctx.res, 400, error, description), true);
    const clientId = form.get('client_id');
    if (clientId !== U2M_CLIENT_ID) return bad('invalid_client', `Client authentication failed: unknown client '${clientId ?? ''}'`);
    const now = this.wc.runtime.clock.nowMs();
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const grant = this.codes.get(code);
      // A code is redeemed once, even when the redemption fails.
      this.codes.delete(code);
      if (!grant || grant.expiresAtMs <= now) return bad('invalid_grant', 'Authorization code is invalid or expired');
      if (grant.clientId !== clientId || grant.redirectUri !== form.get('redirect_uri')) return bad('invalid_grant', 'redirect_uri or client_id does not match the authorization request');
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return bad('invalid_grant', 'PKCE verification failed');
      this.issue(ctx, grant.userName, grant.scopes, clientId);
      return true;
    }
    const old = this.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!old || old.used || old.expiresAtMs <= now || old.clientId !== clientId) return bad('invalid_grant', 'Refresh token is invalid');
    old.used = true;
    this.issue(ctx, old.userName, old.scopes, clientId);
    return true;
  }

  private issue(ctx: RequestContext, userName: string, scopes: string[], clientId: string): void {
    const rt = this.wc.runtime;
    const lifetimeSec = rt.knobs.tokenLifetimeSec.databricks;
    const scope = scopes.join(' ');
    const accessToken = this.wc.tokens.issue({ userName, scope, expiresAtMs: rt.clock.nowMs() + lifetimeSec * 1000 });
    let refreshToken: string | undefined;
    if (scopes.includes('offline_access')) {
      refreshToken = randomSecret(48);
      this.refreshTokens.set(refreshToken, { clientId, scopes, userName, expiresAtMs: rt.clock.nowMs() + rt.knobs.tokenLifetimeSec.refreshToken * 1000, used: false });
      rt.issued.record('databricks-refresh', userName, refreshToken);
    }
    sendJson(ctx.res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: lifetimeSec, scope, ...(refreshToken ? { refresh_token: refreshToken } : {}) });
  }
}

function deliver(ctx: RequestContext, p: Params, fields: Record<string, string>): void {
  const target = new URL(p.redirect_uri!);
  for (const [k, v] of Object.entries({ ...fields, ...(p.state ? { state: p.state } : {}) })) target.searchParams.set(k, v);
  redirect(ctx.res, target.toString());
}
