/**
 * Reads what an error names near the signal that classified it: the object
 * (cluster, job, warehouse, …), the permission level, the HTTP status and the
 * blocked IP address. Everything runs on a bounded window around the signal,
 * so a 10 MB log costs the same here as a one-line message, and the
 * regular expressions below only ever see a few kilobytes.
 */
import type { ObjectKind, ObjectRef } from './explainTypes';
import type { Signal } from './signals';

/** How far around the signal to look: the message usually follows the anchor; a request line may precede it. */
const BACK = 800;
const FORWARD = 1200;

export interface Window {
  readonly text: string;
  /** Offset of the signal's first character inside `text`. */
  readonly at: number;
  /** Offset just past the signal inside `text`. */
  readonly end: number;
}

export function windowAround(text: string, signal: Signal, back = BACK, forward = FORWARD): Window {
  const from = Math.max(0, signal.start - back);
  const to = Math.min(text.length, signal.end + forward);
  return { text: text.slice(from, to), at: signal.start - from, end: signal.end - from };
}

interface Pattern {
  readonly kind: ObjectKind;
  readonly re: RegExp;
}

// Every pattern is global (for matchAll), bounded, and captures the id in group 1.
const OBJECT_PATTERNS: readonly Pattern[] = [
  // Cluster ids look like 0412-093011-gpu7x4k2 (some carry a short suffix: 0103-084159-k6zx2i2q-v2n).
  { kind: 'cluster', re: /(?<![\w-])(\d{4}-\d{6}-[a-z0-9]{4,12}(?:-[a-z0-9]{2,8})?)(?![\w-])/gi },
  { kind: 'job', re: /elasticjobid\((\d{1,20})\)/gi },
  { kind: 'job', re: /\bjobs?[ _-]?id[\s"':=#]{0,4}(\d{1,20})\b/gi },
  { kind: 'job', re: /\bjob(?: with id)?[\s#:]{1,3}(\d{1,20})\b/gi },
  { kind: 'job', re: /[/#]jobs?\/(\d{1,20})\b/gi },
  { kind: 'warehouse', re: /\b(?:sql\/)?warehouses?(?:[ _]?id)?[\s/"'`:=]{1,4}([0-9a-f]{16})\b/gi },
  { kind: 'warehouse', re: /\bsql\/endpoints\/([0-9a-f]{16})\b/gi },
  // A sentence's full stop after the name is not part of it.
  { kind: 'endpoint', re: /serving-endpoints\/([A-Za-z0-9_.-]{0,62}[A-Za-z0-9_-])/g },
  { kind: 'endpoint', re: /\b(?:serving[ _-])?endpoint(?:[ _]name)?[ :=]{0,2}['"`]([A-Za-z0-9_.-]{1,63})['"`]/gi },
  { kind: 'endpoint', re: /\bendpoint_name["']?[\s:=]{1,3}["']?([A-Za-z0-9_.-]{1,63})/gi },
  { kind: 'pipeline', re: /\bpipelines?(?:[ _]?id)?[\s/"':=]{1,4}([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi },
  { kind: 'experiment', re: /\bexperiments?(?:[ _]?id)?[\s/"':=]{1,4}(\d{1,20})\b/gi },
  { kind: 'model', re: /registered-models\/([\w.-]{1,255})/gi },
  { kind: 'model', re: /\bregistered model ['"`]([\w.-]{1,255})['"`]/gi },
  { kind: 'notebook', re: /\bnotebooks\/(\d{1,20})\b/gi },
  // Folders and Git folders by the permissions API's path, or a folder by its workspace path (docs/kinds.md).
  { kind: 'directory', re: /\bdirectories\/(\d{1,20})\b/gi },
  { kind: 'directory', re: /\b(?:directory|folder)[\s:'"`]{1,3}(\/(?:Workspace|Users|Repos|Shared)\/[^\s'"`]{0,399}[^\s'"`.])/gi },
  { kind: 'repo', re: /\brepos\/(\d{1,20})\b/gi },
  // Cluster policy ids are 16 upper-case hex digits (E06216CAA0000360): in the permissions and policies APIs' paths, policy_id, or after "cluster policy".
  { kind: 'policy', re: /\b(?:cluster-policies\/|policies\/clusters\/(?:get|edit|delete)?\??policy_id=|policy_id["']?[\s:=]{1,3}["']?|cluster policy[\s:'"`]{1,3})([0-9A-F]{16})\b/g },
  // Instance pool ids look like 0101-120000-brick1-pool-ABCDEFGH; the cluster pattern above never takes them (its id may not go on with "-").
  { kind: 'pool', re: /(?<![\w-])(\d{4}-\d{6}-[a-z0-9]{2,20}-pool-[A-Za-z0-9]{4,16})(?![\w-])/g },
  { kind: 'pool', re: /\binstance-pools\/([A-Za-z0-9-]{4,64})/g },
  { kind: 'notebook', re: /\bnotebook[\s:'"`]{1,3}(\/(?:Workspace|Users|Repos|Shared)\/[^\s'"`]{1,400})/gi },
];

/**
 * The object mentioned closest to the signal. A mention after the signal
 * counts its distance as is; one before it counts double, because the words
 * after an anchor ("… on job 1") are its message, while earlier ones may
 * belong to an unrelated log line.
 */
export function findObject(w: Window): ObjectRef | null {
  let best: { ref: ObjectRef; distance: number } | undefined;
  for (const { kind, re } of OBJECT_PATTERNS) {
    for (const m of w.text.matchAll(re)) {
      const id = m[1];
      if (!id || m.index === undefined) continue;
      const idAt = m.index + m[0].length - id.length;
      const distance = idAt >= w.at ? idAt - w.at : 2 * (w.at - idAt);
      if (!best || distance < best.distance) best = { ref: { kind, id }, distance };
    }
  }
  return best?.ref ?? null;
}

/** Least privileged first: when a message lists alternatives, the lowest one is what would suffice. */
const RANK: Record<string, number> = {
  CAN_VIEW: 1, CAN_READ: 1, CAN_ATTACH_TO: 2, CAN_USE: 2, CAN_QUERY: 2, CAN_RUN: 2, CAN_BIND: 2,
  CAN_MONITOR: 3, CAN_RESTART: 3, CAN_MANAGE_RUN: 3, CAN_EDIT: 3, CAN_EDIT_METADATA: 3, CAN_MANAGE: 5, IS_OWNER: 6,
};

/** Words of "does not have X permissions" → level; "admin" is a role, not a level, and is left out. */
const WORDS: Record<string, string> = {
  view: 'CAN_VIEW', read: 'CAN_READ', attach: 'CAN_ATTACH_TO', 'attach to': 'CAN_ATTACH_TO', restart: 'CAN_RESTART',
  'manage run': 'CAN_MANAGE_RUN', run: 'CAN_MANAGE_RUN', manage: 'CAN_MANAGE', edit: 'CAN_EDIT', owner: 'IS_OWNER',
  'is owner': 'IS_OWNER', ownership: 'IS_OWNER', use: 'CAN_USE', query: 'CAN_QUERY', monitor: 'CAN_MONITOR', bind: 'CAN_BIND',
};

/** Verbs of "permission to <verb>" → the level that allows it. */
const VERBS: Record<string, string> = {
  attach: 'CAN_ATTACH_TO', restart: 'CAN_RESTART', start: 'CAN_RESTART', terminate: 'CAN_RESTART', run: 'CAN_MANAGE_RUN',
  manage: 'CAN_MANAGE', edit: 'CAN_MANAGE', modify: 'CAN_MANAGE', delete: 'CAN_MANAGE', resize: 'CAN_MANAGE',
  view: 'CAN_VIEW', read: 'CAN_VIEW', see: 'CAN_VIEW', access: 'CAN_VIEW', use: 'CAN_USE', query: 'CAN_QUERY',
};

function lowest(levels: readonly string[]): string | null {
  let best: string | null = null;
  for (const level of levels) if (best === null || (RANK[level] ?? 9) < (RANK[best] ?? 9)) best = level;
  return best;
}

/** "Admin or Manage Run or Owner or View" → CAN_VIEW; "CAN_MANAGE" → CAN_MANAGE. */
export function levelFromPhrase(phrase: string): string | null {
  const levels: string[] = [];
  for (const part of phrase.toLowerCase().split(/,| or | and |\//)) {
    const words = part.trim().replace(/^(?:the |can )/, '').replace(/_/g, ' ').trim();
    const upper = part.trim().toUpperCase();
    const level = RANK[upper] !== undefined ? upper : WORDS[words] ?? WORDS[words.replace(/^can /, '')];
    if (level) levels.push(level);
  }
  return lowest(levels);
}

export function levelFromVerb(verb: string | undefined): string | null {
  return verb ? VERBS[verb.toLowerCase()] ?? null : null;
}

const LEVEL_TOKEN = /\b(CAN_ATTACH_TO|CAN_RESTART|CAN_MANAGE_RUN|CAN_MANAGE|CAN_VIEW|CAN_READ|CAN_EDIT_METADATA|CAN_EDIT|CAN_USE|CAN_QUERY|CAN_RUN|CAN_MONITOR|CAN_BIND|IS_OWNER)\b/;
const PERMISSION_TO = /\bpermissions? to ([a-z]{2,20})\b/gi;

/**
 * The permission level a PERMISSION_DENIED text names: first the words the
 * signal itself carried, then an explicit level or "permission to <verb>"
 * in the message that follows it (not before: earlier lines may list ACLs).
 */
export function findPermission(w: Window, signal: Signal): string | null {
  const fromSignal = (signal.phrase ? levelFromPhrase(signal.phrase) : null) ?? levelFromVerb(signal.verb);
  if (fromSignal) return fromSignal;
  const after = w.text.slice(w.at, Math.min(w.text.length, w.end + 400));
  const token = LEVEL_TOKEN.exec(after);
  if (token?.[1]) return token[1];
  for (const m of after.matchAll(PERMISSION_TO)) {
    const level = levelFromVerb(m[1]);
    if (level) return level;
  }
  return null;
}

const STATUS_NEAR = /(?:\berror|\bcode:?|\bhttp\/[\d.]{1,3}|\bstatus(?: code)?:?|"status"\s{0,3}:\s{0,3}"?|error_code["']?\s{0,3}:\s{0,3}|\(|<)\s?(401|403|404|429)\b|\b(401|403|404|429) (?:forbidden|unauthorized|not found|too many requests)/gi;

/** The HTTP status shown closest to the signal, if any (401, 403, 404, 429 only). */
export function findHttpStatus(w: Window): number | undefined {
  let best: { status: number; distance: number } | undefined;
  for (const m of w.text.matchAll(STATUS_NEAR)) {
    const status = Number(m[1] ?? m[2]);
    const distance = Math.abs((m.index ?? 0) - w.at);
    if (!best || distance < best.distance) best = { status, distance };
  }
  return best?.status;
}

const KIND_WORD = /\b(cluster policy|instance pool|cluster|job|sql warehouse|warehouse|serving endpoint|endpoint|notebook|directory|folder|pipeline|experiment|registered model|model)\b/i;

/** The kind of object a message names without an id ("is not authorized to access cluster"). */
export function findKindWord(w: Window): string | undefined {
  return KIND_WORD.exec(w.text.slice(w.at, Math.min(w.text.length, w.end + 120)))?.[1]?.toLowerCase();
}

const SOURCE_IP = /source ip address:? ?([0-9a-f.:]{3,45})/i;

/** The address an IP access list refused ("Source IP address: 203.0.113.7 is blocked …"). */
export function findBlockedIp(w: Window): string | undefined {
  return SOURCE_IP.exec(w.text)?.[1]?.replace(/[.:]+$/, '');
}
