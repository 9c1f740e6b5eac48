// The browser side of the fake Entra: GET /<tenant>/oauth2/v2.0/authorize
// (consent page, or straight through with autoApprove), the consent form's
// POST, and the /devicelogin page where a device code is approved.
// Redirect URIs must be loopback http URIs (a desktop public client), and
// PKCE with S256 is required: stricter than Entra, which also takes `plain`,
// because a client that skips PKCE is a bug worth catching.
import type { DirUser } from '../directory';
import type { RequestContext } from '../http/router';
import { redirect, sendHtml } from '../http/respond';
import { buildEntraError, isKnownClient, tenantMatches, type EntraContext } from './context';
import { consentPage, deviceLoginDonePage, deviceLoginPage, errorPage, formPostPage } from './pages';

type Params = Record<string, string>;

export function handleAuthorizeGet(ec: EntraContext, ctx: RequestContext): void {
  authorize(ec, ctx, Object.fromEntries(ctx.url.searchParams));
}

export async function handleConsentPost(ec: EntraContext, ctx: RequestContext): Promise<void> {
  const form = await ctx.form();
  const pending = ec.grants.unpark(form.get('request_id') ?? '');
  if (!pending) return sendHtml(ctx.res, 400, errorPage('Sign-in request expired', 'This sign-in request has expired or was already completed. Start the sign-in again from your app.'));
  if (form.get('decision') !== 'accept') return deliverError(ec, ctx, pending.params, 65004);
  const user = ec.runtime.directory.user(form.get('user') ?? '');
  if (!user) return sendHtml(ctx.res, 400, errorPage('Unknown user', `There is no user "${form.get('user') ?? ''}" in this tenant.`));
  complete(ec, ctx, pending.params, user);
}

function authorize(ec: EntraContext, ctx: RequestContext, p: Params): void {
  const dir = ec.runtime.directory;
  if (!tenantMatches(ec, ctx.params.tenant ?? '')) return errorHtml(ec, ctx, 90002, { detail: ctx.params.tenant ?? '' });
  if (!isKnownClient(ec, p.client_id ?? null)) return errorHtml(ec, ctx, 700016, { clientId: p.client_id ?? '' });
  const redirectUri = p.redirect_uri ?? '';
  if (!isLoopbackRedirect(redirectUri)) {
    const text = `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${p.client_id}'. Only loopback redirect URIs (http://localhost or http://127.0.0.1, any port) are registered for this public client.`;
    return sendHtml(ctx.res, 400, errorPage('Sign in error', text));
  }
  // From here on errors go back to the app through the redirect URI, as Entra does.
  if (p.response_type !== 'code') return deliverError(ec, ctx, p, 900144, 'unsupported_response_type');
  if (!p.scope) return deliverError(ec, ctx, p, 900144, undefined, 'scope');
  if (!p.code_challenge || p.code_challenge_method !== 'S256') return deliverError(ec, ctx, p, 9002325);

  const hinted = p.login_hint ? dir.user(p.login_hint) : undefined;
  const user = hinted ?? ec.runtime.signedInUser;
  if (ec.runtime.knobs.autoApprove) return complete(ec, ctx, p, user);
  const pending = ec.grants.park(p, ec.runtime.clock.nowMs());
  sendHtml(
    ctx.res,
    200,
    consentPage({
      appName: dir.appName,
      clientId: p.client_id!,
      scopes: p.scope.split(/\s+/),
      action: ctx.url.pathname,
      requestId: pending.id,
      users: dir.users,
      selected: user.userName,
    }),
  );
}

function complete(ec: EntraContext, ctx: RequestContext, p: Params, user: DirUser): void {
  const fault = ec.runtime.faults.takeEntra({ endpoint: 'authorize', userName: user.userName });
  if (fault) return deliverError(ec, ctx, p, fault.aadsts, undefined, undefined, user);
  const grant = ec.grants.createAuthCode(
    {
      clientId: p.client_id!.toLowerCase(),
      redirectUri: p.redirect_uri!,
      scopes: p.scope!.split(/\s+/),
      codeChallenge: p.code_challenge!,
      nonce: p.nonce || undefined,
      userName: user.userName,
    },
    ec.runtime.clock.nowMs(),
  );
  deliver(ctx, p, { code: grant.code, ...(p.state ? { state: p.state } : {}), session_state: grant.code.slice(2, 38) });
}

function deliverError(ec: EntraContext, ctx: RequestContext, p: Params, code: number, errorOverride?: string, detail?: string, user?: DirUser): void {
  const { body } = buildEntraError(ec, ctx, code, { clientId: p.client_id, detail, userName: user?.userName });
  deliver(ctx, p, {
    error: errorOverride ?? body.error,
    error_description: body.error_description,
    error_uri: body.error_uri,
    ...(p.state ? { state: p.state } : {}),
  });
}

/** Sends the result to the redirect URI: a 302 with a query, or an auto-submitting form (form_post). */
function deliver(ctx: RequestContext, p: Params, fields: Record<string, string>): void {
  if (p.response_mode === 'form_post') return sendHtml(ctx.res, 200, formPostPage(p.redirect_uri!, fields));
  const target = new URL(p.redirect_uri!);
  for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
  redirect(ctx.res, target.toString());
}

function errorHtml(ec: EntraContext, ctx: RequestContext, code: number, errorContext: Parameters<typeof buildEntraError>[3]): void {
  const { status, body } = buildEntraError(ec, ctx, code, errorContext);
  sendHtml(ctx.res, status, errorPage('Sign in error', body.error_description));
}

export function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export function handleDeviceLoginGet(ec: EntraContext, ctx: RequestContext): void {
  const rt = ec.runtime;
  sendHtml(ctx.res, 200, deviceLoginPage({ users: rt.directory.users, selected: rt.signedInUser.userName, userCode: ctx.url.searchParams.get('otc') ?? undefined }));
}

export async function handleDeviceLoginPost(ec: EntraContext, ctx: RequestContext): Promise<void> {
  const rt = ec.runtime;
  const form = await ctx.form();
  const userCode = form.get('otc') ?? '';
  const selected = form.get('user') ?? rt.signedInUser.userName;
  const again = (error: string): void => sendHtml(ctx.res, 400, deviceLoginPage({ users: rt.directory.users, selected, error, userCode }));
  const grant = ec.grants.deviceCodeByUserCode(userCode);
  if (!grant) return again("That code didn't work. Check the code and try again.");
  if (grant.expiresAtMs <= rt.clock.nowMs()) return again('That code has expired. Go back to your app to get a new code.');
  if (grant.status !== 'pending') return again('That code was already used. Go back to your app to get a new code.');
  if (form.get('decision') === 'deny') {
    grant.status = 'denied';
    return sendHtml(ctx.res, 200, deviceLoginDonePage(rt.directory.appName, false));
  }
  const user = rt.directory.user(selected);
  if (!user) return again(`There is no user "${selected}" in this tenant.`);
  grant.status = 'approved';
  grant.userName = user.userName;
  sendHtml(ctx.res, 200, deviceLoginDonePage(rt.directory.appName, true));
}
