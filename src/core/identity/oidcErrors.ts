/**
 * Turns openid-client failures and standard OAuth error answers (RFC 6749,
 * RFC 8628) into IdentityErrors with plain words and a next step. Errors are
 * read by their `error` / `code` fields, not by class: bundling can
 * duplicate the classes.
 */
import { AccessLensError, CancelledError } from '../errors';
import { redact } from '../log';
import { IdentityError } from './identityError';

interface OAuthLikeError {
  name?: string;
  message?: string;
  /** openid-client / oauth4webapi: OAUTH_RESPONSE_BODY_ERROR, OAUTH_INVALID_RESPONSE, … */
  code?: string;
  /** The OAuth error code of the provider's answer. */
  error?: string;
  error_description?: string;
  status?: number;
}

/** `what` names the provider in messages, e.g. "the identity provider https://contoso.okta.com/oauth2/default". */
export function toOidcIdentityError(error: unknown, what: string): Error {
  if (error instanceof IdentityError || error instanceof CancelledError) return error;
  // Network failures (exit 4) and configuration problems keep their own codes.
  if (error instanceof AccessLensError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as OAuthLikeError;
  if (e.name === 'AbortError') return new CancelledError('Sign-in cancelled');
  if (e.name === 'TimeoutError') return new IdentityError('SIGN_IN_TIMEOUT', 'The device code expired before the sign-in was approved. Start the sign-in again.', true, undefined, { cause: error });
  const oauth = typeof e.error === 'string' ? e.error : undefined;
  const said = redact(oauth ? `${oauth}${e.error_description ? `: ${e.error_description}` : ''}` : (e.message ?? String(error)).split('\n')[0] ?? '');
  const fail = (code: string, message: string, interactive: boolean): IdentityError => new IdentityError(code, message, interactive, undefined, { cause: error });
  switch (oauth) {
    case 'invalid_grant':
      return fail('SIGN_IN_REQUIRED', `${what} no longer accepts the sign-in (${said}): the refresh token expired or was revoked. Sign in again.`, true);
    case 'login_required':
    case 'interaction_required':
    case 'consent_required':
      return fail('SIGN_IN_REQUIRED', `${what} needs you to sign in again (${said}).`, true);
    case 'access_denied':
      return fail('SIGN_IN_CANCELLED', `The sign-in was declined at ${what} (${said}). Start it again and approve it, or ask your administrator to assign you to the application.`, true);
    case 'expired_token':
      return fail('SIGN_IN_TIMEOUT', `The device code expired before the sign-in was approved (${said}). Start the sign-in again.`, true);
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return fail('SIGN_IN_FAILED', `${what} does not allow this sign-in flow for the application (${said}). Enable the grant types Authorization Code, Device Authorization and Refresh Token on the app (see the README), or use the other flow.`, false);
    case 'invalid_client':
      return fail('SIGN_IN_FAILED', `${what} does not know the client id, or expects a client secret (${said}). Check accessLens.clientId, and make the application a public client (native app, no secret).`, false);
    case 'invalid_scope':
      return fail('SIGN_IN_FAILED', `${what} refused the requested scopes (${said}). Allow openid, profile, email and offline_access for the application, and check accessLens.scope.`, false);
    case undefined:
      break;
    default:
      return fail('SIGN_IN_FAILED', `Sign-in at ${what} failed (${said}).`, false);
  }
  return fail('SIGN_IN_FAILED', `Sign-in at ${what} failed: ${said}${e.code ? ` (${e.code})` : ''}.`, false);
}
