// OpenID Connect discovery for the fake tenant, plus the small pages around
// it (JWKS, logout, the error page linked from error_uri).
import type { RequestContext } from '../http/router';
import { redirect, sendHtml, sendJson } from '../http/respond';
import { isLoopbackRedirect } from './authorize';
import { acceptTenant, issuerOf, type EntraContext } from './context';
import { errorPage } from './pages';

export function handleOpenIdConfiguration(ec: EntraContext, ctx: RequestContext): void {
  if (!acceptTenant(ec, ctx)) return;
  const base = `${ec.origin()}/${ctx.params.tenant}`;
  sendJson(ctx.res, 200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
    // Entra names the tenant id in the issuer whichever path segment was used.
    issuer: issuerOf(ec),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/openid/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email', 'oid', 'groups'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  });
}

export function handleJwks(ec: EntraContext, ctx: RequestContext): void {
  if (!acceptTenant(ec, ctx)) return;
  sendJson(ctx.res, 200, { keys: [{ ...ec.key.jwk, issuer: issuerOf(ec) }] });
}

export function handleLogout(ctx: RequestContext): void {
  const target = ctx.url.searchParams.get('post_logout_redirect_uri');
  if (target && isLoopbackRedirect(target)) return redirect(ctx.res, target);
  sendHtml(ctx.res, 200, errorPage('You signed out of your account', "It's a good idea to close all browser windows."));
}

export function handleErrorPage(ctx: RequestContext): void {
  const code = ctx.url.searchParams.get('code') ?? '';
  sendHtml(ctx.res, 200, errorPage(`AADSTS${code}`, `Look up AADSTS${code} in the Microsoft Entra error code reference. (Access Lens test sandbox.)`));
}
