/**
 * Finds the access-error signals in any text in one linear pass.
 *
 * Why this shape: inputs range from a one-line message to multi-megabyte logs
 * pasted by users, so no regular expression here may backtrack over the
 * whole input. One global regex made only of literal alternatives (no
 * quantifiers) finds candidate anchors; each anchor is then confirmed by a
 * small sticky (`y`) regex whose repetitions are all bounded, so every anchor
 * costs O(1). Irregexp runs such an alternation at a few hundred MB/s.
 *
 * Choice: the earliest signal of the strongest tier wins. Tier 3 is a phrase
 * that names the cause outright (an AADSTS code, "Token is expiring within",
 * "does not have Manage permissions"), tier 2 an error class or code
 * (`PERMISSION_DENIED`, `ResourceDoesNotExist`), tier 1 a bare HTTP status.
 * The scan stops at the first tier-3 signal: nothing later can beat it.
 */
import { explainAadsts } from './aadsts';
import type { ExplainCode } from './explainTypes';

export type Tier = 1 | 2 | 3;

export interface Signal {
  readonly code: ExplainCode;
  readonly tier: Tier;
  readonly start: number;
  readonly end: number;
  readonly aadsts?: number;
  readonly httpStatus?: number;
  /** A single-user (dedicated) cluster refused someone else. */
  readonly singleUser?: boolean;
  /** The permission words the signal itself names, e.g. "Admin or Manage Run", for the extractor. */
  readonly phrase?: string;
  /** The verb of "permission to <verb>", e.g. "attach". */
  readonly verb?: string;
  /** A Unity Catalog catalog bound to other workspaces only ("… is not accessible in current workspace"). */
  readonly notBound?: boolean;
}

export interface ScanResult {
  readonly best: Signal | undefined;
  /** The first AADSTS code that the table does not explain, to point the user at Microsoft's lookup page. */
  readonly unknownAadsts: number | undefined;
}

type Found = Omit<Signal, 'start' | 'end'> & { readonly end?: number };
/** Whether `needle` occurs in text[at, at + within]; amortised O(1), see `makeNear`. */
type Near = (needle: string, at: number, within: number) => boolean;
/** Confirms an anchor found at `at` (the anchor's first character) and says what it means, or nothing. */
type Confirm = (text: string, at: number, near: Near) => Found | { unknownAadsts: number } | undefined;

/**
 * Remembers, per needle, where it next occurs. Anchors arrive in increasing
 * order, so each needle's indexOf runs again only once the scan has passed
 * its last occurrence: the whole scan stays linear even when the input
 * repeats an anchor whose confirmation needs a word that never comes.
 */
function makeNear(text: string): Near {
  const next = new Map<string, number>();
  return (needle, at, within) => {
    let pos = next.get(needle);
    if (pos === undefined || (pos !== -1 && pos < at)) {
      pos = text.indexOf(needle, at);
      next.set(needle, pos);
    }
    return pos !== -1 && pos <= at + within;
  };
}

function sticky(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

function fixed(code: ExplainCode, tier: Tier, extra: Partial<Found> = {}): Confirm {
  return () => ({ code, tier, ...extra });
}

const STATUS_CODE: Record<string, ExplainCode> = { '401': 'TOKEN_INVALID', '403': 'PERMISSION_DENIED', '404': 'NOT_FOUND', '429': 'RATE_LIMITED' };

function byStatus(status: string | undefined, end: number): Found | undefined {
  const code = status ? STATUS_CODE[status] : undefined;
  if (!code) return undefined;
  // A 429 says all there is to say; 401/403/404 alone leave room for a better-worded signal.
  return { code, tier: status === '429' ? 2 : 1, httpStatus: Number(status), end };
}

/** A bounded status confirmer: `re` must capture the three digits. */
function status(re: RegExp): Confirm {
  return (text, at) => {
    const m = sticky(re, text, at);
    return m ? byStatus(m[1], at + m[0].length) : undefined;
  };
}

const AADSTS_RE = /aadsts(\d{4,8})/iy;
const confirmAadsts: Confirm = (text, at) => {
  const m = sticky(AADSTS_RE, text, at);
  if (!m) return undefined;
  const aadsts = Number(m[1]);
  const row = explainAadsts(aadsts);
  // The table's UNKNOWN rows (transient errors) are information, not an access verdict.
  if (!row || row.code === 'UNKNOWN') return { unknownAadsts: aadsts };
  return { code: row.code, tier: 3, aadsts, end: at + m[0].length };
};

// "User x does not have Admin or Manage Run or Owner or View permissions on job 1",
// "does not have permission to attach". The phrase is bounded to 80 characters.
const DOES_NOT_HAVE_RE = /does not have\b([a-z ,_/]{0,80}?)\bpermissions?\b(?: to ([a-z]{2,20}))?/iy;
// Unity Catalog: "User does not have USE SCHEMA on Schema 'main.default'".
const UC_PRIVILEGE_RE = /does not have ([A-Z][A-Z_ ]{1,40}?) (?:privileges? )?on\b/y;
const confirmDoesNotHave: Confirm = (text, at, near) => {
  // Most "does not have" are not about permissions: skip the bounded regex unless the word is close.
  const m = near('ermission', at, 110) || near('ERMISSION', at, 110) ? sticky(DOES_NOT_HAVE_RE, text, at) : null;
  if (m) return { code: 'PERMISSION_DENIED', tier: 3, phrase: (m[1] ?? '').trim(), verb: m[2], end: at + m[0].length };
  const uc = sticky(UC_PRIVILEGE_RE, text, at);
  return uc ? { code: 'PERMISSION_DENIED', tier: 3, end: at + uc[0].length } : undefined;
};

const HAVE_PERMISSION_TO_RE = /not have (?:the )?(?:required )?permissions?(?: to ([a-z]{2,20}))?/iy;
const confirmHavePermission: Confirm = (text, at) => {
  const m = sticky(HAVE_PERMISSION_TO_RE, text, at);
  return m ? { code: 'PERMISSION_DENIED', tier: 3, verb: m[1], end: at + m[0].length } : undefined;
};

const REFRESH_TOKEN_RE = /refresh token (?:is invalid|is expired|has expired|expired|was revoked|has been revoked|is no longer valid|not found)/iy;
const confirmRefreshToken: Confirm = (text, at) => (sticky(REFRESH_TOKEN_RE, text, at) ? { code: 'REFRESH_TOKEN_EXPIRED', tier: 3 } : undefined);

// Databricks JSON errors: {"error_code":"PERMISSION_DENIED"} or {"error_code": 403}, also Python dict reprs.
// Case-sensitive on purpose: Databricks keys are lower case and values upper case, which lets a
// non-matching value fail at its first character.
const ERROR_CODE_RE = /error_code["']?\s{0,3}[:=]\s{0,3}["']?([A-Z][A-Z_]{1,39}|\d{3})\b/y;
const NAMED_ERROR_CODES: Record<string, Found> = {
  PERMISSION_DENIED: { code: 'PERMISSION_DENIED', tier: 2 },
  RESOURCE_DOES_NOT_EXIST: { code: 'NOT_FOUND', tier: 2 },
  RESOURCE_NOT_FOUND: { code: 'NOT_FOUND', tier: 2 },
  NOT_FOUND: { code: 'NOT_FOUND', tier: 2 },
  REQUEST_LIMIT_EXCEEDED: { code: 'RATE_LIMITED', tier: 3 },
  RESOURCE_EXHAUSTED: { code: 'RATE_LIMITED', tier: 3 },
  TOO_MANY_REQUESTS: { code: 'RATE_LIMITED', tier: 3 },
  UNAUTHENTICATED: { code: 'TOKEN_INVALID', tier: 2 },
};
const confirmErrorCode: Confirm = (text, at) => {
  const m = sticky(ERROR_CODE_RE, text, at);
  const value = m?.[1];
  if (!m || !value) return undefined;
  const end = at + m[0].length;
  if (/^\d/.test(value)) return byStatus(value, end);
  const named = NAMED_ERROR_CODES[value];
  return named ? { ...named, end } : undefined;
};

/**
 * Anchor (matched case-insensitively) → confirmer. Longer anchors come first
 * where one starts another, so that the alternation prefers them.
 */
const RULES: ReadonlyArray<readonly [string, Confirm]> = [
  ['aadsts', confirmAadsts],
  // Token lifetime and validity.
  ['token is expiring within', fixed('TOKEN_EXPIRED', 3)],
  ['expiredjwtexception', fixed('TOKEN_EXPIRED', 3)],
  ['jwt expired', fixed('TOKEN_EXPIRED', 3)],
  // `{"error_code": 403, "message": "JWT has expired"}`: the status alone would say PERMISSION_DENIED.
  ['jwt has expired', fixed('TOKEN_EXPIRED', 3)],
  ['jwt is expired', fixed('TOKEN_EXPIRED', 3)],
  ['expired jwt', fixed('TOKEN_EXPIRED', 3)],
  ['token has expired', fixed('TOKEN_EXPIRED', 2)],
  ['token has been expired', fixed('TOKEN_EXPIRED', 2)],
  ['token is expired', fixed('TOKEN_EXPIRED', 2)],
  ['token expired', fixed('TOKEN_EXPIRED', 2)],
  ['expired token', fixed('TOKEN_EXPIRED', 2)],
  ['invalid access token', fixed('TOKEN_INVALID', 3)],
  ['credential was not sent', fixed('TOKEN_INVALID', 3)],
  ['expected iss claim', fixed('TOKEN_INVALID', 3)],
  ['invalid bearer token', fixed('TOKEN_INVALID', 2)],
  ['invalid token', fixed('TOKEN_INVALID', 2)],
  ['invalid_token', fixed('TOKEN_INVALID', 2)],
  ['unauthenticated', fixed('TOKEN_INVALID', 2)],
  ['expected aud claim', fixed('WRONG_AUDIENCE', 3)],
  ['audience validation failed', fixed('WRONG_AUDIENCE', 3)],
  ['invalid audience', fixed('WRONG_AUDIENCE', 3)],
  ['audience mismatch', fixed('WRONG_AUDIENCE', 3)],
  ['wrong audience', fixed('WRONG_AUDIENCE', 3)],
  // Token federation (RFC 8693 at <host>/oidc/v1/token) explains refusals in its error_description.
  ['token audience', fixed('WRONG_AUDIENCE', 3)],
  ['federation policy', fixed('TOKEN_INVALID', 2)],
  ['no databricks user', fixed('NOT_PROVISIONED', 3)],
  ['refresh token', confirmRefreshToken],
  ['invalid_refresh_token', fixed('REFRESH_TOKEN_EXPIRED', 3)],
  // Network and throttling.
  ['ip acl', fixed('IP_BLOCKED', 3)],
  ['ip access list', fixed('IP_BLOCKED', 2)],
  ['source ip address', fixed('IP_BLOCKED', 2)],
  ['request_limit_exceeded', fixed('RATE_LIMITED', 3)],
  ['resource_exhausted', fixed('RATE_LIMITED', 3)],
  ['token bucket limit', fixed('RATE_LIMITED', 3)],
  ['too many requests', fixed('RATE_LIMITED', 3, { httpStatus: 429 })],
  ['too many 429', fixed('RATE_LIMITED', 3, { httpStatus: 429 })],
  ['concurrent limit', fixed('RATE_LIMITED', 3)],
  ['rate limit exceeded', fixed('RATE_LIMITED', 3)],
  ['rate limit', fixed('RATE_LIMITED', 2)],
  // Workspace membership.
  ['invalid access to org', fixed('NOT_PROVISIONED', 3)],
  ['unauthorized access to org', fixed('NOT_PROVISIONED', 3)],
  ['not part of org', fixed('NOT_PROVISIONED', 3)],
  ['not a member of this workspace', fixed('NOT_PROVISIONED', 3)],
  ['not a member of the workspace', fixed('NOT_PROVISIONED', 3)],
  ['not been added to this workspace', fixed('NOT_PROVISIONED', 3)],
  ['is not provisioned', fixed('NOT_PROVISIONED', 3)],
  // Permissions.
  ['does not have', confirmDoesNotHave],
  ['not have permission', confirmHavePermission],
  ['not have the required permission', confirmHavePermission],
  ['single-user check failed', fixed('PERMISSION_DENIED', 3, { singleUser: true })],
  ['single user check failed', fixed('PERMISSION_DENIED', 3, { singleUser: true })],
  ['single user of this cluster', fixed('PERMISSION_DENIED', 3, { singleUser: true })],
  ['is not authorized to', fixed('PERMISSION_DENIED', 3)],
  ['permission_denied', fixed('PERMISSION_DENIED', 2)],
  ['permissiondenied', fixed('PERMISSION_DENIED', 2)],
  ['permission denied', fixed('PERMISSION_DENIED', 2)],
  ['insufficient permissions', fixed('PERMISSION_DENIED', 2)],
  ['insufficient privileges', fixed('PERMISSION_DENIED', 2)],
  ['not authorized', fixed('PERMISSION_DENIED', 2)],
  // Unity Catalog workspace bindings: "Catalog 'x' is not accessible in current workspace".
  ['is not accessible in current workspace', fixed('PERMISSION_DENIED', 3, { notBound: true })],
  ['access denied', fixed('PERMISSION_DENIED', 1)],
  ['forbidden', fixed('PERMISSION_DENIED', 1, { httpStatus: 403 })],
  ['unauthorized', fixed('TOKEN_INVALID', 1, { httpStatus: 401 })],
  // Existence.
  ['resource_does_not_exist', fixed('NOT_FOUND', 2)],
  ['resourcedoesnotexist', fixed('NOT_FOUND', 2)],
  ['resource_not_found', fixed('NOT_FOUND', 2)],
  ['does not exist', fixed('NOT_FOUND', 2)],
  ['.notfound', fixed('NOT_FOUND', 2)],
  ['notfound:', fixed('NOT_FOUND', 2)],
  // Entra wording without an AADSTS code.
  ['multi-factor authentication', fixed('MFA_REQUIRED', 2)],
  ['conditional access', fixed('CONDITIONAL_ACCESS_BLOCKED', 2)],
  ['has not consented', fixed('CONSENT_REQUIRED', 3)],
  ['consent_required', fixed('CONSENT_REQUIRED', 2)],
  ['not assigned to a role for the application', fixed('USER_NOT_ASSIGNED', 3)],
  ['client_assertion', fixed('PUBLIC_CLIENT_DISABLED', 3)],
  ['public client flows', fixed('PUBLIC_CLIENT_DISABLED', 2)],
  ['code_verifier does not match', fixed('STATE_MISMATCH', 3)],
  ['state mismatch', fixed('STATE_MISMATCH', 3)],
  ['state_mismatch', fixed('STATE_MISMATCH', 3)],
  ['nonce mismatch', fixed('STATE_MISMATCH', 3)],
  ['nonce_mismatch', fixed('STATE_MISMATCH', 3)],
  ['invalid_grant', fixed('REFRESH_TOKEN_EXPIRED', 1)],
  ['interaction_required', fixed('REFRESH_TOKEN_EXPIRED', 1)],
  ['login_required', fixed('REFRESH_TOKEN_EXPIRED', 1)],
  // Error codes and HTTP statuses.
  ['error_code', confirmErrorCode],
  ['error 4', status(/error (40[134]|429)\b/iy)],
  ['http/', status(/http\/[\d.]{1,3} (40[134]|429)\b/iy)],
  ['"status"', status(/"status"\s{0,3}:\s{0,3}"?(40[134]|429)\b/y)],
  ['status code', status(/status code:? ?(40[134]|429)\b/iy)],
  ['(4', status(/\((40[134]|429)\)/y)],
];

const CONFIRM = new Map<string, Confirm>(RULES.map(([anchor, confirm]) => [anchor, confirm]));

// Longest first: at one position the alternation takes the first alternative that matches.
const ANCHORS = new RegExp(
  [...CONFIRM.keys()]
    .sort((a, b) => b.length - a.length)
    .map((a) => a.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'gi',
);

export function scanSignals(text: string): ScanResult {
  let best: Signal | undefined;
  let unknownAadsts: number | undefined;
  const anchors = new RegExp(ANCHORS); // a fresh lastIndex per call keeps this reentrant
  const near = makeNear(text);
  for (let m = anchors.exec(text); m; m = anchors.exec(text)) {
    const confirm = CONFIRM.get(m[0].toLowerCase());
    const found = confirm?.(text, m.index, near);
    if (!found) continue;
    if ('unknownAadsts' in found) {
      unknownAadsts ??= found.unknownAadsts;
      continue;
    }
    const end = found.end ?? m.index + m[0].length;
    if (end > anchors.lastIndex) anchors.lastIndex = end; // the confirmed phrase is consumed
    if (!best || found.tier > best.tier) {
      best = { ...found, start: m.index, end };
      if (best.tier === 3) break;
    }
  }
  return { best, unknownAadsts };
}
