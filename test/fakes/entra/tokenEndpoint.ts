// POST /<tenant>/oauth2/v2.0/token and /devicecode: the three grants a public
// client uses (device code, authorization code with PKCE, refresh token),
// with Entra's errors for every way a grant can be wrong. Injected faults
// fire once the grant checks out and the user is known, so a fault "for the
// next token request of alice" does not fire on polls still pending.
import type { DirUser } from '../directory';
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import type { EntraGrantType } from '../scenario';
import { acceptTenant, isKnownClient, mintContextFor, sendEntraError, type EntraContext } from './context';
import { isGraphAudience, pkceChallenge, resolveScopes, tokenResponse, type ResourceRequest } from './tokens';

const DEVICE_CODE_GRANTS = ['urn:ietf:params:oauth:grant-type:device_code', 'device_code'];

interface Issuance {
  grantType: EntraGrantType;
  user: DirUser;
  nonce?: string;
  /** Scopes of the original request (authorize, devicecode): openid/offline_access there count too. */
  grantScopes?: string[];
}

export async function handleToken(ec: EntraContext, ctx: RequestContext): Promise<void> {
  if (!acceptTenant(ec, ctx)) return;
  const form = await ctx.form();
  const clientId = form.get('client_id');
  if (!clientId) return sendEntraError(ec, ctx, 900144, { detail: 'client_id' });
  if (!isKnownClient(ec, clientId)) return sendEntraError(ec, ctx, 700016, { clientId });
  const grantType = form.get('grant_type');
  if (!grantType) return sendEntraError(ec, ctx, 900144, { clientId, detail: 'grant_type' });
  const scope = form.get('scope');
  if (!scope) return sendEntraError(ec, ctx, 900144, { clientId, detail: 'scope' });
  const scopes = resolveScopes(scope);
  if (!scopes.ok) return sendEntraError(ec, ctx, 70011, { clientId, detail: scopes.detail });

  let issuance: Issuance | null;
  if (DEVICE_CODE_GRANTS.includes(grantType)) issuance = redeemDeviceCode(ec, ctx, form, clientId);
  else if (grantType === 'authorization_code') issuance = redeemAuthCode(ec, ctx, form, clientId);
  else if (grantType === 'refresh_token') issuance = redeemRefreshToken(ec, ctx, form, clientId);
  else return sendEntraError(ec, ctx, 70003, { clientId, detail: grantType });
  if (!issuance) return;

  const fault = ec.runtime.faults.takeEntra({ endpoint: 'token', grantType: issuance.grantType, userName: issuance.user.userName });
  if (fault) {
    // A revoked or expired grant stays that way, as in Entra: retrying the same refresh token fails again.
    if (issuance.grantType === 'refresh_token' && [700082, 50173, 70043].includes(fault.aadsts)) {
      const old = ec.grants.refreshToken(form.get('refresh_token') ?? '');
      if (old) old.revokedWith = fault.aadsts;
    }
    return sendEntraError(ec, ctx, fault.aadsts, { clientId, userName: issuance.user.userName, resource: scopes.resource.audience });
  }
  // An app without consent for Microsoft Graph gets no Graph token, whichever grant asks.
  if (isGraphAudience(scopes.resource.audience) && !ec.runtime.knobs.graphConsent) {
    return sendEntraError(ec, ctx, 65001, { clientId, userName: issuance.user.userName, resource: scopes.resource.audience });
  }
  finishGrant(ec, form, issuance);
  const original = issuance.grantScopes ?? [];
  const resource = { ...scopes.resource, openid: scopes.resource.openid || original.includes('openid'), offlineAccess: scopes.resource.offlineAccess || original.includes('offline_access') };
  issue(ec, ctx, clientId, issuance, resource);
}

export async function handleDeviceCode(ec: EntraContext, ctx: RequestContext): Promise<void> {
  if (!acceptTenant(ec, ctx)) return;
  const form = await ctx.form();
  const clientId = form.get('client_id');
  if (!clientId) return sendEntraError(ec, ctx, 900144, { detail: 'client_id' });
  if (!isKnownClient(ec, clientId)) return sendEntraError(ec, ctx, 700016, { clientId });
  const scope = form.get('scope');
  if (!scope) return sendEntraError(ec, ctx, 900144, { clientId, detail: 'scope' });
  const scopes = resolveScopes(scope);
  if (!scopes.ok) return sendEntraError(ec, ctx, 70011, { clientId, detail: scopes.detail });
  const fault = ec.runtime.faults.takeEntra({ endpoint: 'devicecode' });
  if (fault) return sendEntraError(ec, ctx, fault.aadsts, { clientId, resource: scopes.resource.audience });

  const rt = ec.runtime;
  const { expiresInSec, intervalSec } = rt.knobs.deviceCode;
  const grant = ec.grants.createDeviceCode(clientId.toLowerCase(), scope.split(/\s+/), rt.clock.nowMs(), expiresInSec);
  if (rt.knobs.autoApprove) {
    grant.status = 'approved';
    grant.userName = rt.signedInUser.userName;
  }
  const verificationUri = `${ec.origin()}/devicelogin`;
  sendJson(ctx.res, 200, {
    user_code: grant.userCode,
    device_code: grant.deviceCode,
    verification_uri: verificationUri,
    expires_in: expiresInSec,
    interval: intervalSec,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${grant.userCode} to authenticate.`,
  });
}

function redeemDeviceCode(ec: EntraContext, ctx: RequestContext, form: URLSearchParams, clientId: string): Issuance | null {
  const code = form.get('device_code') ?? form.get('code');
  if (!code) return fail(ec, ctx, 900144, { clientId, detail: 'device_code' });
  const grant = ec.grants.deviceCode(code);
  if (!grant || grant.clientId !== clientId.toLowerCase() || grant.status === 'redeemed') return fail(ec, ctx, 70000, { clientId, detail: 'device_code' });
  if (grant.expiresAtMs <= ec.runtime.clock.nowMs()) return fail(ec, ctx, 70019, { clientId });
  if (grant.status === 'denied') return fail(ec, ctx, 70020, { clientId });
  if (grant.status === 'pending') return fail(ec, ctx, 70016, { clientId });
  return { grantType: 'device_code', user: ec.runtime.directory.user(grant.userName!)!, grantScopes: grant.scopes };
}

function redeemAuthCode(ec: EntraContext, ctx: RequestContext, form: URLSearchParams, clientId: string): Issuance | null {
  const code = form.get('code');
  if (!code) return fail(ec, ctx, 900144, { clientId, detail: 'code' });
  const grant = ec.grants.authCode(code);
  if (!grant) return fail(ec, ctx, 70000, { clientId, detail: 'code' });
  if (grant.redeemed) return fail(ec, ctx, 54005, { clientId });
  if (grant.expiresAtMs <= ec.runtime.clock.nowMs()) return fail(ec, ctx, 70008, { clientId });
  if (grant.clientId !== clientId.toLowerCase()) return fail(ec, ctx, 700005, { clientId });
  const redirectUri = form.get('redirect_uri');
  if (redirectUri !== grant.redirectUri) return fail(ec, ctx, 500112, { clientId, detail: redirectUri ?? '' });
  const verifier = form.get('code_verifier');
  if (!verifier) return fail(ec, ctx, 900144, { clientId, detail: 'code_verifier' });
  if (pkceChallenge(verifier) !== grant.codeChallenge) return fail(ec, ctx, 501481, { clientId });
  return { grantType: 'authorization_code', user: ec.runtime.directory.user(grant.userName)!, nonce: grant.nonce, grantScopes: grant.scopes };
}

function redeemRefreshToken(ec: EntraContext, ctx: RequestContext, form: URLSearchParams, clientId: string): Issuance | null {
  const token = form.get('refresh_token');
  if (!token) return fail(ec, ctx, 900144, { clientId, detail: 'refresh_token' });
  const grant = ec.grants.refreshToken(token);
  if (!grant || grant.clientId !== clientId.toLowerCase()) return fail(ec, ctx, 70000, { clientId, detail: 'refresh_token' });
  const user = ec.runtime.directory.user(grant.userName)!;
  if (grant.revokedWith !== undefined) return fail(ec, ctx, grant.revokedWith, { clientId, userName: user.userName });
  if (grant.expiresAtMs <= ec.runtime.clock.nowMs()) return fail(ec, ctx, 700082, { clientId, userName: user.userName });
  return { grantType: 'refresh_token', user };
}

/** Marks the redeemed grant used, only once the request is certain to succeed. */
function finishGrant(ec: EntraContext, form: URLSearchParams, issuance: Issuance): void {
  if (issuance.grantType === 'device_code') ec.grants.deviceCode(form.get('device_code') ?? form.get('code') ?? '')!.status = 'redeemed';
  else if (issuance.grantType === 'authorization_code') ec.grants.authCode(form.get('code') ?? '')!.redeemed = true;
  else if (ec.runtime.knobs.refreshTokenRotation === 'revoke-old') ec.grants.refreshToken(form.get('refresh_token') ?? '')!.revokedWith = 70000;
}

function issue(ec: EntraContext, ctx: RequestContext, clientId: string, issuance: Issuance, resource: ResourceRequest): void {
  const rt = ec.runtime;
  const refresh = resource.offlineAccess
    ? ec.grants.createRefreshToken(clientId.toLowerCase(), issuance.user.userName, rt.clock.nowMs(), rt.knobs.tokenLifetimeSec.refreshToken).token
    : undefined;
  const body = tokenResponse(mintContextFor(ec, clientId, issuance.user), resource, refresh, issuance.nonce);
  const userName = issuance.user.userName;
  rt.issued.record('entra-access', userName, body.access_token);
  if (body.id_token !== undefined) rt.issued.record('entra-id', userName, body.id_token);
  if (body.refresh_token !== undefined) rt.issued.record('entra-refresh', userName, body.refresh_token);
  sendJson(ctx.res, 200, body);
}

function fail(ec: EntraContext, ctx: RequestContext, code: number, errorContext: Parameters<typeof sendEntraError>[3]): null {
  sendEntraError(ec, ctx, code, errorContext);
  return null;
}
