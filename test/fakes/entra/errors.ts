// The AADSTS errors the fake Entra can answer, in the JSON shape Entra uses:
// {error, error_description: "AADSTSn: text\r\nTrace ID: ...\r\nCorrelation ID: ...\r\nTimestamp: ...",
//  error_codes, timestamp, trace_id, correlation_id, error_uri, suberror?, claims?}.
// `error` and `suberror` follow what Entra sends for each code, because MSAL
// classifies errors by them (interaction_required, bad_token, ...).
import { randomGuid } from '../ids';

export interface EntraErrorContext {
  clientId?: string;
  appName?: string;
  resource?: string;
  userName?: string;
  tenantId?: string;
  /** Free text some messages embed (a redirect URI, a parameter name, ...). */
  detail?: string;
}

interface CatalogueEntry {
  error: string;
  status: number;
  suberror?: string;
  /** Conditional Access answers carry a claims challenge for the next interactive request. */
  claimsChallenge?: boolean;
  text: (c: Required<EntraErrorContext>) => string;
}

const CATALOGUE: Record<number, CatalogueEntry> = {
  50058: { error: 'invalid_grant', status: 400, text: () => 'A silent sign-in request was sent but no user is signed in.' },
  50076: {
    error: 'interaction_required',
    status: 400,
    claimsChallenge: true,
    text: (c) => `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${c.resource}'.`,
  },
  50078: { error: 'invalid_grant', status: 400, suberror: 'basic_action', claimsChallenge: true, text: () => 'Presented multi-factor authentication has expired due to policies configured by your administrator, you must refresh your multi-factor authentication to access the resource.' },
  50079: { error: 'interaction_required', status: 400, claimsChallenge: true, text: () => 'Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication.' },
  50105: {
    error: 'invalid_grant',
    status: 400,
    text: (c) =>
      `Your administrator has configured the application ${c.appName} ('${c.clientId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '${c.userName}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.`,
  },
  50173: {
    error: 'invalid_grant',
    status: 400,
    suberror: 'bad_token',
    text: () => "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '2026-01-01T00:00:00.0000000Z' and the TokensValidFrom date for this user is '2026-02-01T00:00:00.0000000Z'.",
  },
  53000: { error: 'invalid_grant', status: 400, suberror: 'message_only', claimsChallenge: true, text: () => 'Device is not in required device state: compliant. Conditional Access policy requires a compliant device, and the device is not compliant. The user must enroll their device with an approved MDM provider like Intune.' },
  53001: { error: 'invalid_grant', status: 400, suberror: 'message_only', claimsChallenge: true, text: () => 'Device is not in required device state: domain_joined. Conditional Access policy requires a domain joined device, and the device is not domain joined.' },
  53003: { error: 'invalid_grant', status: 400, suberror: 'message_only', claimsChallenge: true, text: () => 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.' },
  54005: { error: 'invalid_grant', status: 400, text: () => 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.' },
  65001: {
    error: 'invalid_grant',
    status: 400,
    suberror: 'consent_required',
    text: (c) => `The user or administrator has not consented to use the application with ID '${c.clientId}' named '${c.appName}'. Send an interactive authorization request for this user and resource.`,
  },
  65004: { error: 'access_denied', status: 400, text: () => 'User declined to consent to access the app.' },
  70000: { error: 'invalid_grant', status: 400, text: (c) => `The provided value for the input parameter '${c.detail || 'refresh_token'}' or 'assertion' is not valid.` },
  70003: { error: 'unsupported_grant_type', status: 400, text: (c) => `The app requested an unsupported grant type '${c.detail}'.` },
  70008: { error: 'invalid_grant', status: 400, text: () => 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.' },
  70011: { error: 'invalid_scope', status: 400, text: (c) => `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. ${c.detail}` },
  70016: { error: 'authorization_pending', status: 400, text: () => 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.' },
  70019: { error: 'expired_token', status: 400, text: () => 'Verification code expired.' },
  70020: { error: 'access_denied', status: 400, text: () => 'The user declined the device code sign-in request.' },
  70043: {
    error: 'invalid_grant',
    status: 400,
    suberror: 'bad_token',
    text: () => 'The refresh token has expired or is invalid due to sign-in frequency checks by conditional access. The token was issued on 2026-01-01T00:00:00.0000000Z and the maximum allowed lifetime for this request is 43200.',
  },
  90002: { error: 'invalid_request', status: 400, text: (c) => `Tenant '${c.detail}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.` },
  90006: { error: 'temporarily_unavailable', status: 503, text: () => 'The server encountered an unexpected error while trying to service the request. Please try again.' },
  500112: { error: 'invalid_grant', status: 400, text: (c) => `The reply address '${c.detail}' does not match the reply address provided when requesting Authorization code.` },
  501481: { error: 'invalid_grant', status: 400, text: () => 'The Code_Verifier does not match the code_challenge supplied in the authorization request.' },
  700005: { error: 'invalid_grant', status: 400, text: () => 'Provided Authorization Code is intended to use against other tenant, thus rejected.' },
  700016: {
    error: 'unauthorized_client',
    status: 400,
    text: (c) =>
      `Application with identifier '${c.clientId}' was not found in the directory '${c.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  },
  700082: {
    error: 'invalid_grant',
    status: 400,
    suberror: 'bad_token',
    text: () => "The refresh token has expired due to inactivity. The token was issued on 2026-01-01T00:00:00.0000000Z and was inactive for 90.00:00:00.",
  },
  900144: { error: 'invalid_request', status: 400, text: (c) => `The request body must contain the following parameter: '${c.detail}'.` },
  7000218: { error: 'invalid_client', status: 401, text: () => "The request body must contain the following parameter: 'client_assertion' or 'client_secret'." },
  9002313: { error: 'invalid_request', status: 400, text: (c) => `Invalid request. Request is malformed or invalid. ${c.detail}`.trim() },
  9002325: { error: 'invalid_request', status: 400, text: () => 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.' },
};

export const KNOWN_AADSTS_CODES: readonly number[] = Object.keys(CATALOGUE).map(Number);

export interface EntraErrorResponse {
  status: number;
  body: {
    error: string;
    error_description: string;
    error_codes: number[];
    timestamp: string;
    trace_id: string;
    correlation_id: string;
    error_uri: string;
    suberror?: string;
    claims?: string;
  };
}

export function entraError(code: number, ctx: EntraErrorContext, opts: { authority: string; correlationId?: string; nowMs: number }): EntraErrorResponse {
  const entry = CATALOGUE[code];
  if (!entry) throw new Error(`AADSTS${code} is not in the fake Entra's catalogue; known: ${KNOWN_AADSTS_CODES.join(', ')}`);
  const full: Required<EntraErrorContext> = {
    clientId: ctx.clientId ?? '00000000-0000-0000-0000-000000000000',
    appName: ctx.appName ?? 'Access Lens',
    resource: ctx.resource ?? '',
    userName: ctx.userName ?? '',
    tenantId: ctx.tenantId ?? '',
    detail: ctx.detail ?? '',
  };
  const timestamp = entraTimestamp(opts.nowMs);
  const traceId = randomGuid();
  const correlationId = opts.correlationId ?? randomGuid();
  const body: EntraErrorResponse['body'] = {
    error: entry.error,
    error_description: `AADSTS${code}: ${entry.text(full)}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${opts.authority}/error?code=${code}`,
  };
  if (entry.suberror) body.suberror = entry.suberror;
  if (entry.claimsChallenge) body.claims = JSON.stringify({ access_token: { capolids: { essential: true, values: [randomGuid()] } } });
  return { status: entry.status, body };
}

/** "2026-11-28 12:00:00Z", the format Entra puts in error bodies. */
export function entraTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
