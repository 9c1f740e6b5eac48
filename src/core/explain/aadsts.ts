/**
 * Entra ID (AADSTS) error codes in plain words: which docs/codes.md code each
 * maps onto, what happened, what to do, and whether a new interactive sign-in
 * can help (it cannot for Conditional Access blocks or a disabled app).
 */
import type { ExplainCode } from './explainTypes';

/** The explain codes an AADSTS number maps onto: all but the workspace's own. */
export type AadCode = Exclude<ExplainCode, 'TOKEN_EXPIRED' | 'IP_BLOCKED' | 'RATE_LIMITED' | 'PERMISSION_DENIED' | 'NOT_PROVISIONED'>;

export interface AadExplanation {
  readonly aadsts: number;
  readonly code: AadCode;
  readonly title: string;
  readonly explanation: string;
  readonly remedy: string;
  /** True when signing in again interactively can clear it. */
  readonly interactive: boolean;
  /** True when only an administrator can fix it. */
  readonly admin: boolean;
}

type Row = Omit<AadExplanation, 'aadsts'>;

const ROWS: Record<number, Row> = {
  50076: { code: 'MFA_REQUIRED', title: 'Multi-factor authentication required', explanation: 'Your organisation requires a second factor for this sign-in.', remedy: 'Sign in again and complete the MFA prompt.', interactive: true, admin: false },
  50074: { code: 'MFA_REQUIRED', title: 'Strong authentication required', explanation: 'Your organisation requires a second factor for this sign-in.', remedy: 'Sign in again and complete the MFA prompt.', interactive: true, admin: false },
  50078: { code: 'MFA_REQUIRED', title: 'Multi-factor authentication expired', explanation: 'Your earlier MFA is no longer valid for this resource.', remedy: 'Sign in again and complete the MFA prompt.', interactive: true, admin: false },
  50079: { code: 'MFA_REQUIRED', title: 'MFA enrolment required', explanation: 'You must register a second factor before you can sign in.', remedy: 'Sign in again in a browser and follow the MFA registration steps (https://aka.ms/mfasetup).', interactive: true, admin: false },
  53003: { code: 'CONDITIONAL_ACCESS_BLOCKED', title: 'Blocked by Conditional Access', explanation: 'A Conditional Access policy of your organisation blocks this sign-in (for example by location, device or app). Signing in again will not help.', remedy: 'Ask your Entra administrator which Conditional Access policy blocked the sign-in (its sign-in logs name it), and to allow this app, device or location.', interactive: false, admin: true },
  53000: { code: 'CONDITIONAL_ACCESS_BLOCKED', title: 'Device not compliant', explanation: 'Conditional Access requires a compliant (managed) device.', remedy: 'Sign in from a compliant device, or ask your IT department to enrol this one.', interactive: false, admin: true },
  53001: { code: 'CONDITIONAL_ACCESS_BLOCKED', title: 'Device not domain-joined', explanation: 'Conditional Access requires a device joined to your organisation.', remedy: 'Sign in from a joined device, or ask your IT department.', interactive: false, admin: true },
  700082: { code: 'REFRESH_TOKEN_EXPIRED', title: 'Sign-in expired', explanation: 'The refresh token expired because it was not used for a long time.', remedy: 'Sign in again.', interactive: true, admin: false },
  50173: { code: 'REFRESH_TOKEN_EXPIRED', title: 'Sign-in revoked', explanation: 'Your grant was revoked, for example after a password change.', remedy: 'Sign in again.', interactive: true, admin: false },
  70043: { code: 'REFRESH_TOKEN_EXPIRED', title: 'Sign-in frequency reached', explanation: 'A Conditional Access sign-in frequency policy requires you to sign in again.', remedy: 'Sign in again.', interactive: true, admin: false },
  50058: { code: 'REFRESH_TOKEN_EXPIRED', title: 'No sign-in session', explanation: 'No session was found to sign in silently.', remedy: 'Sign in again.', interactive: true, admin: false },
  65001: { code: 'CONSENT_REQUIRED', title: 'Consent required', explanation: 'Neither you nor an administrator has consented to this app reading Azure Databricks on your behalf.', remedy: 'Sign in again and accept the consent prompt; if your organisation forbids user consent, ask an administrator to grant admin consent to the app registration.', interactive: true, admin: false },
  50105: { code: 'USER_NOT_ASSIGNED', title: 'Not assigned to the app', explanation: 'The app registration requires assignment, and your account (or a group of yours) is not assigned to it.', remedy: 'Ask your Entra administrator to assign you (or your group) to the app under Enterprise applications → Users and groups.', interactive: false, admin: true },
  700016: { code: 'NOT_FOUND', title: 'App not found in the tenant', explanation: 'The application (client) id does not exist in this tenant.', remedy: 'Check accessLens.clientId and accessLens.tenant against the app registration\'s Overview page.', interactive: false, admin: true },
  7000218: { code: 'PUBLIC_CLIENT_DISABLED', title: 'Public client flows disabled', explanation: 'The app registration does not allow public client flows, which the device code sign-in needs.', remedy: 'Ask your Entra administrator to turn on "Allow public client flows" in the app registration (Authentication → Advanced settings), or sign in with the browser.', interactive: false, admin: true },
  501481: { code: 'STATE_MISMATCH', title: 'PKCE check failed', explanation: 'The code verifier did not match the challenge of this sign-in.', remedy: 'Start the sign-in again; do not reuse an old browser tab.', interactive: true, admin: false },
  54005: { code: 'STATE_MISMATCH', title: 'Code already used', explanation: 'The authorization code was already redeemed.', remedy: 'Start the sign-in again.', interactive: true, admin: false },
  70019: { code: 'REFRESH_TOKEN_EXPIRED', title: 'Device code expired', explanation: 'The code was not entered in time.', remedy: 'Start the sign-in again and enter the new code within 15 minutes.', interactive: true, admin: false },
  // Further codes seen in public reports (test/corpus/messages.json) and Microsoft's AADSTS reference.
  50072: { code: 'MFA_REQUIRED', title: 'MFA enrolment required', explanation: 'You must register a second factor before you can sign in.', remedy: 'Sign in again in a browser and follow the MFA registration steps (https://aka.ms/mfasetup).', interactive: true, admin: false },
  50158: { code: 'MFA_REQUIRED', title: 'External security challenge not satisfied', explanation: 'Your organisation requires an extra verification step (an external MFA provider) that was not completed.', remedy: 'Sign in again and complete every verification prompt.', interactive: true, admin: false },
  53002: { code: 'CONDITIONAL_ACCESS_BLOCKED', title: 'App not approved by Conditional Access', explanation: 'A Conditional Access policy only allows approved client apps, and this one is not on the list.', remedy: 'Ask your Entra administrator whether this app may be approved, or which app your organisation allows.', interactive: false, admin: true },
  53005: { code: 'CONDITIONAL_ACCESS_BLOCKED', title: 'Blocked by Conditional Access', explanation: 'A Conditional Access policy does not allow a token to be issued for this request. Signing in again will not help.', remedy: 'Ask your Entra administrator which Conditional Access policy blocked the sign-in (its sign-in logs name it).', interactive: false, admin: true },
  50097: { code: 'CONDITIONAL_ACCESS_BLOCKED', title: 'Device authentication required', explanation: 'Conditional Access requires a registered device, and this sign-in could not prove one.', remedy: 'Sign in from a registered company device, or ask your IT department to register this one.', interactive: false, admin: true },
  530003: { code: 'CONDITIONAL_ACCESS_BLOCKED', title: 'Managed device required', explanation: 'Conditional Access requires a managed device to reach this resource.', remedy: 'Sign in from a managed device, or ask your IT department to enrol this one.', interactive: false, admin: true },
  530032: { code: 'CONDITIONAL_ACCESS_BLOCKED', title: 'Blocked by security policy', explanation: 'A tenant-wide security policy blocks this request.', remedy: 'Ask your Entra administrator which security policy applies to this sign-in.', interactive: false, admin: true },
  70008: { code: 'REFRESH_TOKEN_EXPIRED', title: 'Grant expired or revoked', explanation: 'The authorization code or refresh token has expired or was revoked.', remedy: 'Sign in again.', interactive: true, admin: false },
  50132: { code: 'REFRESH_TOKEN_EXPIRED', title: 'Session no longer valid', explanation: 'Your session was invalidated, for example after a password change or expiry.', remedy: 'Sign in again.', interactive: true, admin: false },
  50133: { code: 'REFRESH_TOKEN_EXPIRED', title: 'Session invalid after a password change', explanation: 'Your password expired or was changed recently, which invalidated the session.', remedy: 'Sign in again with your current password.', interactive: true, admin: false },
  50089: { code: 'REFRESH_TOKEN_EXPIRED', title: 'Sign-in took too long', explanation: 'The sign-in flow expired before it was completed.', remedy: 'Start the sign-in again and finish it without a long pause.', interactive: true, admin: false },
  65004: { code: 'CONSENT_REQUIRED', title: 'Consent declined', explanation: 'The consent prompt for this app was declined.', remedy: 'Sign in again and accept the consent prompt, or ask an administrator to grant admin consent.', interactive: true, admin: false },
  90094: { code: 'CONSENT_REQUIRED', title: 'Administrator consent required', explanation: 'Your organisation only lets administrators consent to this app\'s permissions.', remedy: 'Ask your Entra administrator to grant admin consent to the app registration (API permissions → Grant admin consent).', interactive: false, admin: true },
  50148: { code: 'STATE_MISMATCH', title: 'PKCE check failed', explanation: 'The code verifier did not match the challenge of this sign-in.', remedy: 'Start the sign-in again; do not reuse an old browser tab.', interactive: true, admin: false },
  500011: { code: 'WRONG_AUDIENCE', title: 'Resource not found in the tenant', explanation: 'The token was requested for a resource (scope) that this tenant does not know, for example a mistyped scope or a resource that is not available in this cloud.', remedy: 'Check accessLens.scope (empty means the Azure Databricks default 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default) and accessLens.tenant, then sign in again.', interactive: false, admin: false },
  90006: { code: 'UNKNOWN', title: 'Temporary Entra ID error', explanation: 'Entra ID had a transient failure.', remedy: 'Try again in a moment.', interactive: true, admin: false },
};

/** Finds the first AADSTS code in a message, in linear time. */
export function findAadstsCode(text: string): number | undefined {
  const match = /AADSTS(\d{4,7})/.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

export function explainAadsts(code: number): AadExplanation | undefined {
  const row = ROWS[code];
  return row ? { aadsts: code, ...row } : undefined;
}
