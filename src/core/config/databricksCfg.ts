/**
 * Parses the Databricks configuration file (`~/.databrickscfg`) the way the
 * Databricks CLI and SDKs read it (docs/facts.md, "Databricks configuration
 * file"). Pure: the caller passes the text in.
 *
 * Secrets (`token`, `password`, `client_secret`, …) are never kept: a profile
 * only records that one is there, on which line and at which offsets, so the
 * doctor can mask it and the editor can point at it without this module ever
 * holding the value.
 */
import { AccessLensError } from '../errors';

/** Keys whose value is a credential. Lowercase; the value names the kind, for messages. */
export const SECRET_KEYS: Readonly<Record<string, 'personal access token' | 'client secret'>> = {
  token: 'personal access token',
  password: 'personal access token',
  client_secret: 'client secret',
  azure_client_secret: 'client secret',
  google_credentials: 'client secret',
};

/** Real files are a few kilobytes; anything far larger is not one, and is not read whole into profiles. */
export const MAX_CFG_CHARS = 1024 * 1024;
const MAX_LINE = 16 * 1024;
const MAX_PROFILES = 1000;
/** The Python SDK's settings section: `default_profile` names the profile used when none is given; it is not a profile. */
const SETTINGS_SECTION = '__settings__';

export interface CfgSecret {
  readonly key: string;
  readonly kind: 'personal access token' | 'client secret';
  /** 1-based line number. */
  readonly line: number;
  /** Offsets of the value in the text (for masking and editor ranges), never the value itself. */
  readonly start: number;
  readonly end: number;
  readonly lineStart: number;
  readonly lineEnd: number;
}

export interface CfgProfile {
  readonly name: string;
  /** 1-based line of the section header; 0 for keys above the first section (they belong to DEFAULT). */
  readonly line: number;
  /** Every non-secret key, lowercased, with its value. */
  readonly values: Readonly<Record<string, string>>;
  readonly secrets: readonly CfgSecret[];
}

export interface ParsedCfg {
  readonly profiles: readonly CfgProfile[];
  /** `[__settings__] default_profile`, when set. */
  readonly defaultProfile: string | undefined;
  /** Lines that could not be read, each naming the line and what is wrong; the rest of the file still counts. */
  readonly problems: readonly string[];
}

/** A configuration problem (exit 2 in the CLI), its message naming the file and what to do. */
export class DatabricksCfgError extends AccessLensError {
  constructor(message: string) {
    super('CONFIG', message);
    this.name = 'DatabricksCfgError';
  }
}

interface Building {
  name: string;
  line: number;
  values: Record<string, string>;
  secrets: CfgSecret[];
}

/**
 * INI as the Go SDK's `gopkg.in/ini.v1` (which the Databricks CLI uses) reads it, where the SDKs agree:
 * `;` and `#` start a comment line, and an inline comment from the first `#` or `;` of a value (ini.v1; the
 * Python SDK keeps it, but a host or tenant never holds one); `key = value` or `key: value`; whitespace
 * around keys and values is trimmed; a value in matching quotes loses them; a later key or a repeated section overrides an earlier
 * one; keys above the first section belong to DEFAULT; DEFAULT is a profile like any other and is NOT
 * merged into the others (the Go, Python and JS SDKs all skip that merge). Keys are matched
 * case-insensitively, as Python's configparser does: a `TOKEN =` line is a secret whoever reads it.
 */
export function parseDatabricksCfg(text: string, where = '~/.databrickscfg'): ParsedCfg {
  if (text.length > MAX_CFG_CHARS) {
    throw new DatabricksCfgError(`${where} is ${text.length} characters long, more than a Databricks configuration file holds (at most ${MAX_CFG_CHARS}). Point DATABRICKS_CONFIG_FILE at the right file.`);
  }
  if (text.includes('\u0000')) {
    throw new DatabricksCfgError(`${where} is not a text file (it holds NUL bytes). Point DATABRICKS_CONFIG_FILE at your Databricks configuration file.`);
  }
  const problems: string[] = [];
  const sections = new Map<string, Building>();
  const section = (name: string, line: number): Building => {
    const existing = sections.get(name);
    if (existing) return existing;
    const created: Building = { name, line, values: {}, secrets: [] };
    sections.set(name, created);
    return created;
  };
  let current: Building | undefined;
  // Keys under a section that could not be read belong to no profile: never to DEFAULT, where they would change what it says.
  let skipping = false;
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const lineBreak = /\r\n|\r|\n/g;
  let lineStart = bom;
  let lineNumber = 0;
  for (;;) {
    lineBreak.lastIndex = lineStart;
    const lineBreakMatch = lineBreak.exec(text);
    const lineEnd = lineBreakMatch ? lineBreakMatch.index : text.length;
    lineNumber++;
    const raw = text.slice(lineStart, lineEnd);
    readLine(raw, lineStart, lineEnd);
    if (!lineBreakMatch) break;
    lineStart = lineEnd + lineBreakMatch[0].length;
  }

  function readLine(raw: string, start: number, end: number): void {
    if (raw.length > MAX_LINE) {
      problems.push(`${where} line ${lineNumber} is longer than ${MAX_LINE} characters and was skipped.`);
      return;
    }
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
    if (line.startsWith('[')) {
      const header = /^\[([^\]]+)\]$/.exec(line);
      const name = header?.[1]?.trim();
      if (!name) {
        problems.push(`${where} line ${lineNumber}: "${line.slice(0, 60)}" is not a section header. Write [profile-name].`);
        skipping = true;
        return;
      }
      if (!sections.has(name) && sections.size >= MAX_PROFILES) {
        if (!skipping) problems.push(`${where} has more than ${MAX_PROFILES} profiles; the rest were skipped.`);
        skipping = true;
        return;
      }
      skipping = false;
      current = section(name, lineNumber);
      return;
    }
    if (skipping) return;
    const separator = line.search(/[=:]/);
    if (separator <= 0) {
      problems.push(`${where} line ${lineNumber} is neither "key = value", a [section] nor a comment; it was skipped.`);
      return;
    }
    const key = line.slice(0, separator).trim().toLowerCase();
    const target = current ?? section('DEFAULT', 0);
    const kind = SECRET_KEYS[key];
    const valueOffset = raw.indexOf(line) + separator + 1;
    const written = line.slice(separator + 1).trim();
    if (kind) {
      // Offsets of the whole value as written (quotes, a `#` and all): for flagging, more is safer than less.
      const valueStart = start + raw.indexOf(written, valueOffset);
      const others = target.secrets.filter((s) => s.key !== key);
      if (written !== '') others.push({ key, kind, line: lineNumber, start: valueStart, end: valueStart + written.length, lineStart: start, lineEnd: end });
      target.secrets = others;
      return;
    }
    target.values[key] = valueOf(written);
  }

  const settings = sections.get(SETTINGS_SECTION);
  sections.delete(SETTINGS_SECTION);
  const profiles = [...sections.values()]
    .filter((p) => p.name !== 'DEFAULT' || Object.keys(p.values).length > 0 || p.secrets.length > 0)
    .map((p): CfgProfile => ({ name: p.name, line: p.line, values: p.values, secrets: p.secrets }));
  const defaultProfile = settings?.values.default_profile?.trim() || undefined;
  return { profiles, defaultProfile, problems };
}

/** ini.v1's defaults: an inline comment starts at the first `#` or `;` of a value, then surrounding quotes go. */
function valueOf(written: string): string {
  const comment = written.search(/[#;]/);
  const value = comment >= 0 ? written.slice(0, comment).trim() : written;
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted?.[1] ?? value;
}

/**
 * The profile used when none is named, as the SDKs choose it: `[__settings__] default_profile`, else
 * DEFAULT when it holds any key, else none (the SDKs then read nothing from the file).
 */
export function implicitProfile(cfg: ParsedCfg): CfgProfile | undefined {
  if (cfg.defaultProfile) return cfg.profiles.find((p) => p.name === cfg.defaultProfile);
  return cfg.profiles.find((p) => p.name === 'DEFAULT');
}

/**
 * The profile's `auth_type` when it names one, else the kind the SDKs would pick from the keys present
 * (docs/facts.md): `pat` for a token, `basic` for a password, `oauth-m2m` for a client id and secret,
 * `azure-client-secret` for an Azure client secret; `null` when the keys leave it to the SDK's probing.
 */
export function profileAuthType(profile: CfgProfile): string | null {
  const explicit = profile.values.auth_type?.trim();
  if (explicit) return explicit;
  const has = (key: string): boolean => profile.secrets.some((s) => s.key === key);
  if (has('token')) return 'pat';
  if (has('password')) return 'basic';
  if (has('azure_client_secret')) return 'azure-client-secret';
  if (has('client_secret')) return 'oauth-m2m';
  if (has('google_credentials')) return 'google-credentials';
  return null;
}
