/**
 * Entra ID (AADSTS) error codes in plain words: which CONTRACT.md code each
 * maps onto, what happened, what to do, and whether a new interactive sign-in
 * can help (it cannot for Conditional Access blocks or a disabled app).
 */
export type AadCode =
  | 'MFA_REQUIRED'
  | 'CONDITIONAL_ACCESS_BLOCKED'
  | 'REFRESH_TOKEN_EXPIRED'
  | 'CONSENT_REQUIRED'
  | 'USER_NOT_ASSIGNED'
  | 'PUBLIC_CLIENT_DISABLED'
  | 'STATE_MISMATCH'
  | 'TOKEN_INVALID'
  | 'NOT_FOUND'
  | 'UNKNOWN';

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
