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

// Each pattern is anchored on a fixed prefix and uses bounded character classes: linear time.
const SECRET_PATTERNS: readonly RegExp[] = [
  // JWTs (Entra access/id tokens, federation subject tokens).
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  // Databricks personal access tokens.
  /\bdapi[0-9a-f]{32}(?:-\d+)?\b/g,
  // Databricks OAuth secrets.
  /\bdose[0-9a-f]{32}\b/g,
  // Bearer values in headers or messages.
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  // OAuth form fields and JSON properties carrying secrets.
  /\b((?:access_token|refresh_token|id_token|subject_token|code_verifier|client_secret|code|device_code)["']?\s*[=:]\s*["']?)[^"'&\s,}]{6,}/gi,
];

export function redact(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match: string, prefix?: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}«redacted»` : '«redacted»',
    );
  }
  return out;
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
