/**
 * The logging seam for code below the views. The extension backs it with one
 * LogOutputChannel, the CLI with stderr. Every message goes through `redact`
 * first, so a token that slips into an error text never reaches a log.
 */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

// Each pattern is anchored on a fixed prefix or uses bounded character classes: linear time.
const SECRET_PATTERNS: readonly RegExp[] = [
  // JWTs (Entra access/id tokens, federation subject tokens).
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  // Entra refresh tokens: opaque, starting "0.A", with dots, dashes, underscores and asterisks inside.
  /\b0\.A[A-Za-z0-9._*-]{20,}/g,
  // Databricks personal access tokens and OAuth secrets (hex today; any letters or digits to be safe).
  /\bd(?:api|ose)[0-9A-Za-z]{20,}(?:-\d+)?/g,
  // Bearer and Okta SSWS values in headers or messages.
  /\b((?:Bearer|SSWS)\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  // OAuth form fields and JSON properties carrying secrets.
  /\b((?:access_token|refresh_token|id_token|subject_token|code_verifier|client_secret|code|device_code)["']?\s*[=:]\s*["']?)[^"'&\s,}]{6,}/gi,
];

/**
 * Opaque tokens without a known prefix (Okta's and other providers' refresh and access tokens,
 * base64url secrets): a run of 32 or more token characters that mixes upper case, lower case
 * and digits. Ids shown on purpose (GUIDs, cluster ids, hex digests) are single-case and stay.
 */
const OPAQUE_CANDIDATE = /[A-Za-z0-9_-]{32,}/g;
const looksOpaque = (run: string): boolean => /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run);

export function redact(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match: string, prefix?: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}«redacted»` : '«redacted»',
    );
  }
  return out.replace(OPAQUE_CANDIDATE, (run) => (looksOpaque(run) ? '«redacted»' : run));
}

/** Wraps a sink so that everything written to it is redacted. */
export function redactingLogger(sink: Logger): Logger {
  return {
    trace: (m) => sink.trace(redact(m)),
    debug: (m) => sink.debug(redact(m)),
    info: (m) => sink.info(redact(m)),
    warn: (m) => sink.warn(redact(m)),
    error: (m) => sink.error(redact(m)),
  };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** An error's message for the user (tree items, reports): server text can carry tokens, so it is redacted. */
export function shownErrorMessage(error: unknown): string {
  return redact(errorMessage(error));
}
