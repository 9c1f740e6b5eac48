/**
 * Reads a Unity Catalog refusal near its signal: the securable's kind, its
 * full name and the privilege, written as the API writes them (`USE_SCHEMA`).
 * Texts seen in the wild (docs/cli.md "Unity Catalog" lists them):
 *   User does not have USE SCHEMA on Schema 'main.features'.
 *   User does not have permission SELECT on table 'default'.'churn'
 *   Principal 'sp' does not have MODIFY on Table `cat`.`sch`.`t`
 *   User does not have EXECUTE on Routine 'cat.ai.fn'
 *   Catalog 'x' is not accessible in current workspace
 * Every regular expression is bounded and runs on a slice of at most a few
 * hundred characters after (or before) the signal, so hostile input stays linear.
 */
import { UC_KINDS, type UcKind } from '../catalog/types';
import type { Window } from './extract';

export interface UcDenial {
  readonly kind: UcKind;
  /** The full name as the text gives it (1–3 parts, quotes removed); null when the text cuts it off or hides it. */
  readonly fullName: string | null;
  /** API spelling (`USE_SCHEMA`), or null when the text names none (a catalog not bound to this workspace). */
  readonly privilege: string | null;
  /** The catalog is bound to other workspaces only: no grant helps from here. */
  readonly notBound?: boolean;
}

/** Words the messages use for a securable → the contract's kind (views are tables to Unity Catalog). */
const KIND_WORDS: Record<string, UcKind> = {
  catalog: 'catalog', schema: 'schema', database: 'schema', table: 'table', view: 'table', 'materialized view': 'table',
  'streaming table': 'table', volume: 'volume', function: 'function', routine: 'function', 'registered model': 'registered-model',
};

export function isUcKind(kind: string): kind is UcKind {
  return (UC_KINDS as readonly string[]).includes(kind);
}

// "does not have [permission] USE SCHEMA on [the] ": the privilege is upper case in every Unity
// Catalog text, which keeps workspace texts ("Manage permissions on Job") out.
const DENIAL_RE = /does not have (?:the )?(?:permissions? )?([A-Z][A-Z_ ]{1,40}?) (?:privileges? )?on (?:the )?/g;
const KIND_RE = /(materialized view|streaming table|registered model|catalog|schema|database|table|view|volume|function|routine)\b(\s?)/iy;
const NOT_BOUND_RE = /\b[Cc]atalog (?:(`[^`\n]{1,255}`|'[^'\n]{1,255}'|"[^"\n]{1,255}"|[\w$-]{1,255}) )?$/;

/** Reads one part list: `a`.`b`.`c`, 'a'.'b', "a.b.c", a.b.c — at most 3 parts, else null. */
const NAME_RE = /(?:`[^`\n]{1,255}`|'[^'\n]{0,400}'?|"[^"\n]{0,400}"?|[\w$-]{1,255})(?:\.(?:`[^`\n]{1,255}`|'[^'\n]{1,255}'|[\w$-]{1,255}))*/y;

/**
 * The full name at `at`, quotes removed; null when the text cuts it off ("'main.feat…"), hides it
 * ("'<catalog>'"), names a pattern ("'dev_catalog.*'") or gives none.
 */
export function readFullName(text: string, at: number): string | null {
  NAME_RE.lastIndex = at;
  const m = NAME_RE.exec(text);
  if (!m || m[0].length === 0) return null;
  const raw = m[0];
  // An opening quote without its closing one: the log line was cut.
  const first = raw[0];
  if ((first === "'" || first === '"') && (raw.length < 2 || raw[raw.length - 1] !== first)) return null;
  const parts: string[] = [];
  for (const p of raw.matchAll(/`([^`]*)`|'([^']*)'|"([^"]*)"|([^.'"`]+)/g)) {
    const part = p[1] ?? p[2] ?? p[3] ?? p[4] ?? '';
    // Inside plain quotes the dots separate parts ("'main.features'"); inside backticks they are the name.
    if (p[1] !== undefined) parts.push(part);
    else parts.push(...part.split('.'));
  }
  const cleaned = parts.map((p) => p.trim());
  if (cleaned.length === 0 || cleaned.length > 3 || cleaned.some((p) => p === '' || p === '*' || /[<>…]|\.\.\./.test(p))) return null;
  return cleaned.join('.');
}

function toPrivilege(words: string): string {
  return words.trim().replace(/ +/g, '_');
}

/** The Unity Catalog refusal the signal starts, if it is one. */
export function findUcDenial(w: Window): UcDenial | null {
  const after = w.text.slice(w.at, Math.min(w.text.length, w.end + 300));
  const denial = new RegExp(DENIAL_RE);
  for (let m = denial.exec(after); m; m = denial.exec(after)) {
    KIND_RE.lastIndex = m.index + m[0].length;
    const k = KIND_RE.exec(after);
    const kind = k?.[1] ? KIND_WORDS[k[1].toLowerCase()] : undefined;
    if (!k || !kind) continue;
    const nameAt = k.index + k[0].length;
    // A wrapped line may carry the quoted name ("on Schema\n'main.features'"); an unquoted word there is the next log line.
    const wrapped = k[2] === '\n' || k[2] === '\r';
    const fullName = wrapped && !/['"`]/.test(after[nameAt] ?? '') ? null : readFullName(after, nameAt);
    // "… on Catalog\nSQLSTATE: 42501" or "… on Schema SQLSTATE": the name is missing, not "SQLSTATE".
    return { kind, fullName: fullName && !/^SQLSTATE\b/.test(fullName) ? fullName : null, privilege: toPrivilege(m[1] ?? '') };
  }
  return null;
}

/** "Catalog 'x' is not accessible in current workspace": the signal's anchor is the verb phrase, the name precedes it. */
export function findNotBoundCatalog(w: Window): UcDenial | null {
  const before = w.text.slice(Math.max(0, w.at - 300), w.at);
  const m = NOT_BOUND_RE.exec(before);
  // "External Location 'x' is not accessible …" is no catalog: the generic wording stays.
  return m ? { kind: 'catalog', fullName: m[1] ? readFullName(m[1], 0) : null, privilege: null, notBound: true } : null;
}
