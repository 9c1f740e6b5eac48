/**
 * Where a text names a cluster or a job by id: `cluster_id="0123-456789-abcd1234"`
 * in Python, `existing_cluster_id: …` in Asset Bundle YAML, `"job_id": 123` in a
 * JSON job spec, `.clusterId("…")` in Scala, `--job-id 123` in a shell script,
 * and the same inside notebooks (escaped quotes included). Each reference says
 * which action its context needs: attaching for a cluster id, running for a
 * job id, unless the call around it says otherwise (`jobs.get(job_id=…)` only
 * views, `clusters.start(cluster_id=…)` restarts).
 *
 * Pure and linear: one left-to-right pass with a fixed-phrase key pattern; the
 * value and the context around each key are read in bounded windows.
 */
import { Action, KindRow, ObjectKind, kindRows } from '../access/kinds';

export interface ObjectReference {
  readonly kind: ObjectKind;
  readonly id: string;
  /** What the context needs from the object. */
  readonly action: Action;
  /** The key as written: `cluster_id`, `existing_cluster_id`, `job_id`, `clusterId`, … */
  readonly key: string;
  /** Zero-based line, and the id's character span on it. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /** The id's offsets in the whole text. */
  readonly offset: number;
}

const WINDOW = 160;

type Referable = KindRow & { readonly references: NonNullable<KindRow['references']> };

/**
 * The keys of every kind the table says how to find (access/kinds.ts), one group each: fixed
 * alternatives, no nested quantifiers (cluster_id, existing_cluster_id, clusterId, --job-id, …).
 */
function keyPattern(): { key: RegExp; kinds: Referable[] } {
  const kinds = kindRows().filter((row): row is Referable => row.references !== undefined);
  return { key: new RegExp(kinds.map((row) => `(${row.references.key})`).join('|'), 'gi'), kinds };
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Skips a closing or opening quote: ", ', `, or the same escaped (\" inside a notebook's JSON). */
function skipQuote(text: string, i: number): { next: number; quote: string } {
  if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === "'")) return { next: i + 2, quote: text.slice(i, i + 2) };
  if (text[i] === '"' || text[i] === "'" || text[i] === '`') return { next: i + 1, quote: text[i] ?? '' };
  return { next: i, quote: '' };
}

function skipSpaces(text: string, i: number): number {
  while (isSpace(text[i])) i++;
  return i;
}

/** After the key: `=`, `:`, `->`, `=>`, `(`, or (for `--job-id`) plain spaces; undefined when no value follows. */
function skipSeparator(text: string, i: number, flag: boolean): number | undefined {
  const afterSpaces = skipSpaces(text, i);
  const c = text[afterSpaces];
  if (c === '=' || c === ':' || c === '(') return skipSpaces(text, afterSpaces + (text[afterSpaces + 1] === '>' ? 2 : 1));
  if (c === '-' && text[afterSpaces + 1] === '>') return skipSpaces(text, afterSpaces + 2);
  if (flag && afterSpaces > i) return afterSpaces;
  return undefined;
}

/** The action the surrounding call or command needs: the last known verb before the key on its line (or the line before, for a call split over lines). */
function actionFor(row: Referable, text: string, keyStart: number, lineStart: number): Action {
  let from = Math.max(lineStart, keyStart - WINDOW);
  let prefix = text.slice(from, keyStart);
  if (/^[\s(,]*$/.test(prefix) && lineStart > 0) {
    // `w.jobs.run_now(\n    job_id=…`: the call sits on the line before.
    from = Math.max(0, lineStart - 1 - WINDOW);
    prefix = text.slice(from, lineStart);
  }
  const verbs = row.references.verbs;
  let action = row.defaultAction;
  for (const word of prefix.toLowerCase().match(/[a-z_-]+/g) ?? []) {
    // Own properties only: a word such as `constructor` is no verb.
    if (Object.hasOwn(verbs, word)) action = verbs[word]!;
  }
  return action as Action;
}

export function findReferences(text: string, maxReferences = 1000): ObjectReference[] {
  const found: ObjectReference[] = [];
  let line = 0;
  let lineStart = 0;
  let counted = 0;
  const { key: KEY, kinds } = keyPattern();
  for (let match = KEY.exec(text); match && found.length < maxReferences; match = KEY.exec(text)) {
    const keyStart = match.index;
    const keyEnd = keyStart + match[0].length;
    // A key glued to other letters (`subcluster_id`, `cluster_identity`) is some other name; `_` and `-` may precede (DATABRICKS_CLUSTER_ID).
    if (isWordChar(text[keyStart - 1]) || isWordChar(text[keyEnd]) || text[keyEnd] === '_') continue;
    const row = kinds[match.findIndex((group, index) => index > 0 && group !== undefined) - 1]!;
    const kind = row.name as ObjectKind;
    const flag = text[keyStart - 1] === '-' && text[keyStart - 2] === '-';
    const closing = skipQuote(text, keyEnd);
    const valueAt = skipSeparator(text, closing.next, flag);
    if (valueAt === undefined) continue;
    const opening = skipQuote(text, valueAt);
    const rest = text.slice(opening.next, opening.next + 40);
    const value = row.references.id.exec(rest)?.[0];
    if (!value) continue;
    const after = text[opening.next + value.length];
    // `0412-093011-gpu7x4k2x-y` or `123abc` is not an id we know; `123.5` is a number, not a job.
    if (isWordChar(after) || after === '-' || after === '_' || (after === '.' && row.references.numeric && /\d/.test(text[opening.next + value.length + 1] ?? ''))) continue;
    // Count the lines up to here once: the pass stays linear.
    for (; counted < keyStart; counted++) {
      if (text.charCodeAt(counted) === 10) {
        line++;
        lineStart = counted + 1;
      }
    }
    const offset = opening.next;
    found.push({ kind, id: value, action: actionFor(row, text, keyStart, lineStart), key: match[0], line, start: offset - lineStart, end: offset - lineStart + value.length, offset });
  }
  return found;
}
