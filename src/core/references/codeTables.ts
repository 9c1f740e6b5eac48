/**
 * Tables and volumes named by Python or Scala code: the string passed to `spark.table`,
 * `spark.read.table`, `saveAsTable`, `insertInto`, `toTable`; the SQL passed to `spark.sql`
 * (adjacent literals joined, interpolated parts left as holes, so names built from variables are
 * skipped); and `/Volumes/cat/schema/vol/…` paths, written when the call writes (`open(…, 'w')`,
 * `dbutils.fs.put`, `.write….save(…)`). One pass over the code; the context of a path is read in
 * bounded windows around it, as the id finder does (findReferences.ts).
 */
import { Segment, SegmentBuilder, decodeString, origin } from './segment';
import { RawTableReference, SqlDefaults, scanSql, volumeOf } from './sqlTables';

export type CodeLanguage = 'python' | 'scala';

/** A table reference with document offsets. */
export type PlacedReference = RawTableReference;

interface Frame {
  readonly callee: string | undefined;
  readonly method: boolean;
  readonly calleeStart: number;
  arg: number;
  argTokens: number;
}

const PY_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;
const TABLE_CALLS: Record<string, 'select' | 'modify'> = { table: 'select', saveAsTable: 'modify', insertInto: 'modify', toTable: 'modify' };
const TEMP_VIEW_CALLS = new Set(['createOrReplaceTempView', 'createTempView', 'createGlobalTempView', 'createOrReplaceGlobalTempView', 'registerTempTable']);
const WRITE_CALLS = new Set(['put', 'rm', 'mkdirs', 'save', 'to_csv', 'to_parquet', 'to_json', 'to_excel', 'to_pickle', 'makedirs', 'mkdir', 'remove', 'unlink', 'rmtree', 'write_text', 'write_bytes', 'mv', 'move', 'rename', 'start']);
const COPY_CALLS = new Set(['cp', 'copy', 'copyfile', 'copy2', 'copytree']);
const OPEN_MODE = /^\s*,\s*(?:mode\s*=\s*)?[rRbBuU]?["']([A-Za-z+]{1,4})["']/;
const PATH_WRITE = /^\s*\)\s*\.\s*(?:write_text|write_bytes|mkdir|unlink|touch|rmdir|open\s*\(\s*["'][wax])/;
const WINDOW = 200;

/** What a call does with a volume path given as its `arg`-th argument. */
function volumeAction(text: string, frame: Frame | undefined, arg: number, literalEnd: number): 'read' | 'write' {
  const after = text.slice(literalEnd, literalEnd + WINDOW);
  if (PATH_WRITE.test(after)) return 'write';
  if (!frame?.callee) return 'read';
  const { callee } = frame;
  if (callee === 'open') return /[wax+]/.test(OPEN_MODE.exec(after)?.[1] ?? '') ? 'write' : 'read';
  if (WRITE_CALLS.has(callee)) return 'write';
  if (COPY_CALLS.has(callee)) return arg === 0 ? 'read' : 'write';
  // `df.write.format("csv").save(…)` / `spark.read.csv(…)`: the last of `.write` and `.read` in the statement's chain.
  const before = text.slice(Math.max(0, frame.calleeStart - WINDOW), frame.calleeStart);
  const statement = before.slice(statementStart(before));
  return frame.method && statement.lastIndexOf('.write') > statement.lastIndexOf('.read') ? 'write' : 'read';
}

/** Where the last line that does not continue a chain (`.write`, `)`, indented) starts in a bounded window. */
function statementStart(window: string): number {
  for (let nl = window.lastIndexOf('\n'); nl >= 0; nl = window.lastIndexOf('\n', nl - 1)) {
    if (!/[\s.)]/.test(window[nl + 1] ?? ' ')) return nl + 1;
    if (nl === 0) break;
  }
  return 0;
}

export function scanCode(segment: Segment, language: CodeLanguage, defaults: SqlDefaults, emit: (r: PlacedReference) => void): void {
  const text = segment.text;
  const n = text.length;
  const frames: Frame[] = [];
  let ident: { name: string; start: number; method: boolean } | undefined;
  let run: { frame: Frame; parts: Segment[] } | undefined;
  let lastStringEnd = -1;

  const place = (inner: Segment) => (r: RawTableReference): void => emit({ ...r, start: origin(inner, r.start), end: origin(inner, r.end) });

  const flush = (): void => {
    if (!run) return;
    const { frame, parts } = run;
    run = undefined;
    const joined = parts.length === 1 ? parts[0]! : join(parts);
    const callee = frame.callee ?? '';
    if (!frame.method) return;
    if (callee === 'sql') scanSql(joined.text, defaults, place(joined));
    else if (Object.hasOwn(TABLE_CALLS, callee)) scanSql(joined.text, defaults, place(joined), TABLE_CALLS[callee]);
    else if (TEMP_VIEW_CALLS.has(callee)) defaults.tempViews.add(joined.text.toLowerCase());
    else if (callee === 'setCurrentCatalog') {
      // Whether the current schema follows is not documented for the Python call: unknown, not guessed.
      defaults.catalog = joined.text;
      defaults.schema = null;
    } else if (callee === 'setCurrentDatabase') defaults.schema = joined.text;
  };

  const stringAt = (i: number, prefix: string): number => {
    const quote = text[i]!;
    const triple = text[i + 1] === quote && text[i + 2] === quote;
    const open = triple ? 3 : 1;
    const raw = language === 'python' ? /[rR]/.test(prefix) : triple || prefix === 'raw';
    let j = i + open;
    for (; j < n; j++) {
      const c = text[j];
      if (c === '\\' && !(language === 'scala' && triple)) j++;
      else if (!triple && c === '\n') break;
      else if (c === quote && (!triple || (text[j + 1] === quote && text[j + 2] === quote))) break;
    }
    const contentEnd = Math.min(j, n);
    const holes = language === 'python' ? 'braces' : prefix ? 'dollar' : undefined;
    const content = decodeString(segment, i + open, contentEnd, { raw, holes });
    const end = Math.min(n, contentEnd + (text[contentEnd] === '\n' ? 0 : open));
    const top = frames[frames.length - 1];
    if (run && lastStringEnd >= 0 && /^\s*$/.test(text.slice(lastStringEnd, i - prefix.length))) run.parts.push(content);
    else {
      flush();
      if (top && top.argTokens === 0 && top.arg === 0) run = { frame: top, parts: [content] };
    }
    const volume = volumeOf(content.text);
    if (volume) emit({ kind: 'volume', fullName: volume.fullName, action: volumeAction(text, top, top?.arg ?? 0, end), partial: false, start: origin(content, 0), end: origin(content, volume.length) });
    if (top) top.argTokens++;
    lastStringEnd = end;
    return end;
  };

  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || (c === '\\' && text[i + 1] === '\n')) {
      i += c === '\\' ? 2 : 1;
      continue;
    }
    if ((language === 'python' && c === '#') || (language === 'scala' && c === '/' && text[i + 1] === '/')) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    if (language === 'scala' && c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === '"' || (c === "'" && language === 'python')) {
      i = stringAt(i, '');
      ident = undefined;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < n && /\w/.test(text[i]!)) i++;
      const name = text.slice(start, i);
      if ((text[i] === '"' || (text[i] === "'" && language === 'python')) && (language === 'scala' || PY_PREFIX.test(name))) {
        i = stringAt(i, name);
        ident = undefined;
        continue;
      }
      flush();
      const top = frames[frames.length - 1];
      if (top) top.argTokens++;
      let k = start - 1;
      while (k >= 0 && (text[k] === ' ' || text[k] === '\t' || text[k] === '\n')) k--;
      ident = { name, start, method: text[k] === '.' };
      continue;
    }
    flush();
    const top = frames[frames.length - 1];
    if (c === '(' || c === '[' || c === '{') {
      if (top) top.argTokens++;
      const call = c === '(' ? ident : undefined;
      frames.push({ callee: call?.name, method: call?.method ?? false, calleeStart: call?.start ?? i, arg: 0, argTokens: 0 });
    } else if (c === ')' || c === ']' || c === '}') frames.pop();
    else if (c === ',' && top) {
      top.arg++;
      top.argTokens = 0;
    } else if (top) top.argTokens++;
    ident = undefined;
    i++;
  }
  flush();
}

function join(parts: readonly Segment[]): Segment {
  const builder = new SegmentBuilder(parts[0]!);
  for (const p of parts) builder.append(p);
  const last = parts[parts.length - 1]!;
  return builder.done(0, origin(last, last.text.length));
}

