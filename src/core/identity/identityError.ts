/**
 * Turns MSAL and Entra failures into one error type with a docs/codes.md code,
 * plain words, and whether a new interactive sign-in can help. MSAL's classes
 * are compared by `errorCode`, not `instanceof` (docs/facts.md): bundling can
 * duplicate them.
 */
import { AccessLensError } from '../errors';
import { explainAadsts, findAadstsCode } from '../explain/aadsts';
import { redact } from '../log';
import type { ServerErrorBody } from './msalNetwork';

export class IdentityError extends AccessLensError {
  constructor(
    code: string,
    message: string,
    /** A new interactive sign-in can clear it (MFA, consent, expired refresh token). */
    readonly interactionRequired: boolean,
    /** The claims challenge to pass to that sign-in, if Entra sent one. */
    readonly claims: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(code, message, interactionRequired ? ['signIn'] : ['openLog'], options);
    this.name = 'IdentityError';
  }
}

interface MsalLikeError {
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  claims?: string;
  message?: string;
  /** The AADSTS number, on MSAL's ServerError and InteractionRequiredAuthError. */
  errorNo?: string | number;
}

const INTERACTION_CODES = new Set(['interaction_required', 'consent_required', 'login_required', 'invalid_grant', 'no_tokens_found', 'no_account_in_silent_request', 'bad_token', 'refresh_token_expired']);

/** `server` is the last error body the token endpoint sent, for when MSAL dropped its details. */
export function toIdentityError(error: unknown, server?: ServerErrorBody): IdentityError {
  if (error instanceof IdentityError) return error;
  if (error instanceof AccessLensError) return new IdentityError(error.code, error.message, error.actions.includes('signIn'), undefined, { cause: error });
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as MsalLikeError;
  const text = `${e.errorMessage ?? ''} ${e.message ?? ''} ${server?.description ?? ''}`;
  const fromNumber = Number(e.errorNo);
  const aadsts = Number.isInteger(fromNumber) && fromNumber > 0 ? fromNumber : (server?.aadsts ?? findAadstsCode(text));
  const known = aadsts !== undefined ? explainAadsts(aadsts) : undefined;
  const claims = e.claims || server?.claims || undefined;
  if (known) {
    const who = known.admin ? ' This needs your Entra administrator.' : '';
    return new IdentityError(known.code, `${known.title} (AADSTS${aadsts}): ${known.explanation} ${known.remedy}${who}`, known.interactive, claims, { cause: error });
  }
  const code = e.errorCode ?? '';
  if (INTERACTION_CODES.has(code) || INTERACTION_CODES.has(e.subError ?? '')) {
    return new IdentityError('SIGN_IN_REQUIRED', `Entra ID needs you to sign in again (${code}${e.subError ? `/${e.subError}` : ''}).`, true, claims, { cause: error });
  }
  if (code === 'user_cancelled' || code === 'user_timeout') {
    return new IdentityError('SIGN_IN_CANCELLED', 'The sign-in was cancelled or timed out. Start it again.', true, undefined, { cause: error });
  }
  const detail = redact((e.errorMessage || e.message || String(error)).split('\n')[0] ?? '');
  return new IdentityError('SIGN_IN_FAILED', `Sign-in failed: ${detail}`, false, claims, { cause: error });
}
