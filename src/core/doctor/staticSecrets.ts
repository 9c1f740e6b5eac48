/**
 * Finds static Databricks secrets that sign-in with Entra ID replaces:
 * personal access tokens and OAuth client secrets in ~/.databrickscfg, in the
 * environment, and in .env files. Pure: callers pass the texts in. Secrets are
 * never returned whole, only masked.
 */
import { parseDatabricksCfg } from '../config/databricksCfg';

export interface SecretFinding {
  readonly where: string;
  readonly line?: number;
  readonly kind: 'personal access token' | 'client secret';
  readonly masked: string;
  /** The Databricks configuration profile holding it, for a fix that names the profile. */
  readonly profile?: string;
}

const PAT = /\bdapi[0-9a-f]{32}(?:-\d{1,3})?\b/g;

export function mask(secret: string): string {
  return secret.length <= 8 ? '****' : `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}

/**
 * ~/.databrickscfg: a `token`, `password` or client secret in any profile, read by the same parser that
 * resolves profiles (so both agree on what the file says). Throws `DatabricksCfgError` on a file that is
 * not one (too large, binary): the doctor then says it could not scan, instead of passing.
 */
export function scanDatabricksCfg(text: string, where = '~/.databrickscfg'): SecretFinding[] {
  return parseDatabricksCfg(text, where)
    .profiles.flatMap((profile) => profile.secrets.map((secret) => ({ profile, secret })))
    .sort((a, b) => a.secret.line - b.secret.line)
    .map(({ profile, secret }) => ({ where: `${where} [${profile.name}]`, line: secret.line, kind: secret.kind, masked: mask(unquote(text.slice(secret.start, secret.end))), profile: profile.name }));
}

/**
 * What the doctor tells the user to do about what it found. A profile's token is replaced by a sign-in to
 * the same profile; revoking comes first in the words because removing a token does not stop it working.
 */
export function staticSecretsFix(found: readonly SecretFinding[]): string {
  const profiles = [...new Set(found.flatMap((f) => (f.profile ? [f.profile] : [])))];
  const general = 'Revoke the tokens in the workspace (User Settings → Developer → Access tokens) and remove them; sign in with "access-lens login" instead.';
  if (profiles.length === 0) return general;
  return `${general} For profile${profiles.length > 1 ? 's' : ''} ${profiles.map((p) => `"${p}"`).join(', ')}: "access-lens login --profile ${profiles[0]}" signs in with the profile's host, and in VS Code the quick fix on the token in the file replaces it by a sign-in (auth_type = databricks-cli), keeping a backup readable only by you.`;
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

export function scanEnvironment(env: NodeJS.ProcessEnv): SecretFinding[] {
  const findings: SecretFinding[] = [];
  if (env.DATABRICKS_TOKEN) findings.push({ where: 'environment variable DATABRICKS_TOKEN', kind: 'personal access token', masked: mask(env.DATABRICKS_TOKEN) });
  if (env.DATABRICKS_CLIENT_SECRET) findings.push({ where: 'environment variable DATABRICKS_CLIENT_SECRET', kind: 'client secret', masked: mask(env.DATABRICKS_CLIENT_SECRET) });
  return findings;
}

/** A .env file or any text file: DATABRICKS_TOKEN=…, DATABRICKS_CLIENT_SECRET=…, or a bare dapi token. */
export function scanText(text: string, where: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const secret = /^\s*(?:export\s+)?DATABRICKS_CLIENT_SECRET\s*=\s*["']?([^"'\s]{6,4000})/.exec(line);
    if (secret?.[1]) findings.push({ where, line: index + 1, kind: 'client secret', masked: mask(secret[1]) });
    for (const match of line.matchAll(PAT)) findings.push({ where, line: index + 1, kind: 'personal access token', masked: mask(match[0]) });
  }
  return findings;
}

export interface SecretSpan {
  /** Offsets of the secret value in the text. */
  readonly start: number;
  readonly end: number;
  readonly kind: 'personal access token' | 'client secret';
  /** Offsets of the whole line holding it, for a fix that removes the line. */
  readonly lineStart: number;
  readonly lineEnd: number;
}

const CLIENT_SECRET_LINE = /^(\s*(?:export\s+)?(?:DATABRICKS_CLIENT_SECRET|client_secret)\s*[=:]\s*["']?)([^"'\s]{6,4000})/i;

/** Where secrets sit in a file, for editor diagnostics and quick fixes. Linear: one pass over lines. */
export function findSecretSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    const lineEnd = offset + line.length;
    offset = lineEnd + 1;
    if (line.length > 20_000) continue;
    const secret = CLIENT_SECRET_LINE.exec(line);
    if (secret?.[1] && secret[2]) spans.push({ start: lineStart + secret[1].length, end: lineStart + secret[1].length + secret[2].length, kind: 'client secret', lineStart, lineEnd });
    for (const match of line.matchAll(PAT)) spans.push({ start: lineStart + (match.index ?? 0), end: lineStart + (match.index ?? 0) + match[0].length, kind: 'personal access token', lineStart, lineEnd });
  }
  return spans;
}
