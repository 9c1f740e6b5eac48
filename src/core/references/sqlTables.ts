/**
 * The tables and volumes a SQL text reads or writes, from its tokens (sqlTokens.ts) in one pass:
 * `FROM`/`JOIN`/`MERGE … USING` name tables to select from; `CREATE [OR REPLACE] TABLE`,
 * `INSERT INTO|OVERWRITE`, `MERGE INTO`, `UPDATE`, `DELETE FROM`, `COPY INTO` name tables to
 * modify; `USE CATALOG|SCHEMA` and `USE a.b` set the defaults that complete later short names
 * (docs/references.md). What cannot be known stays partial: no default catalog is assumed.
 */
import { SqlToken, sqlTokens } from './sqlTokens';
import { HOLE } from './segment';

export type TableAction = 'select' | 'modify' | 'read' | 'write';

/** A finding in the tokenized text's own indices; the caller maps them to the document. */
export interface RawTableReference {
  readonly kind: 'table' | 'volume';
  readonly fullName: string;
  readonly action: TableAction;
  readonly partial: boolean;
  readonly start: number;
  readonly end: number;
}

/** What earlier statements of the same file set: the session's current catalog and schema, temp views. */
export interface SqlDefaults {
  catalog: string | null;
  schema: string | null;
  readonly tempViews: Set<string>;
}

export const newDefaults = (): SqlDefaults => ({ catalog: null, schema: null, tempViews: new Set() });

/** Words that, where a table name is expected, say none follows (a subquery, inline rows, a directory). */
const NOT_A_NAME = new Set(['SELECT', 'VALUES', 'LATERAL', 'DIRECTORY', 'LOCAL', 'WITH', 'STREAM', 'IDENTIFIER']);
/** Words between the keyword and the name. */
const FILLER = new Set(['TABLE', 'IF', 'NOT', 'EXISTS', 'ONLY']);
/** Words that end a `FROM a, b` item, so they are no alias. */
const CLAUSE = new Set(['WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ANTI', 'SEMI', 'ON', 'USING', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'WINDOW', 'QUALIFY', 'PIVOT', 'UNPIVOT', 'LATERAL', 'TABLESAMPLE', 'VERSION', 'TIMESTAMP', 'SELECT', 'SET', 'WHEN', 'CLUSTER', 'DISTRIBUTE', 'SORT', 'OFFSET', 'FOR', 'WITH']);
/** SQL functions whose arguments say `FROM` (`EXTRACT(YEAR FROM ts)`), which names no table. */
const FROM_FUNCTIONS = new Set(['EXTRACT', 'TRIM', 'SUBSTRING', 'SUBSTR', 'OVERLAY', 'POSITION']);

const VOLUME = /^(?:dbfs:)?\/Volumes\/([^/\u0001]+)\/([^/\u0001]+)\/([^/\u0001]+)/;

/** `/Volumes/cat/schema/vol/…` → the volume's full name and the length of its prefix; undefined otherwise. */
export function volumeOf(path: string): { fullName: string; length: number } | undefined {
  const m = VOLUME.exec(path);
  return m ? { fullName: `${m[1]}.${m[2]}.${m[3]}`, length: m[0].length } : undefined;
}

class Tokens {
  private buffered: SqlToken | undefined;
  constructor(private readonly source: Generator<SqlToken>) {}
  next(): SqlToken | undefined {
    const t = this.buffered ?? this.source.next().value ?? undefined;
    this.buffered = undefined;
    return t;
  }
  peek(): SqlToken | undefined {
    this.buffered ??= this.source.next().value ?? undefined;
    return this.buffered;
  }
}

const upper = (t: SqlToken | undefined): string => (t?.type === 'word' ? t.value.toUpperCase() : '');

/** A dotted name from its first token: its parts, whether a hole is part of it, and its span. */
function readName(first: SqlToken, tokens: Tokens): { parts: string[]; hole: boolean; end: number } {
  const parts = [first.value];
  let hole = first.type === 'hole';
  let end = first.end;
  for (;;) {
    const dot = tokens.peek();
    if (dot?.type === 'hole' && dot.start === end) {
      hole = true;
      end = tokens.next()!.end;
      continue;
    }
    if (dot?.type !== 'punct' || dot.value !== '.' || dot.start !== end) break;
    tokens.next();
    const part = tokens.next();
    if (!part || part.type === 'punct' || part.type === 'string') {
      hole = true;
      break;
    }
    hole ||= part.type === 'hole';
    parts.push(part.value);
    end = part.end;
  }
  return { parts, hole, end };
}

/**
 * Scans SQL text; with `nameOnly`, the text must be one table name and nothing else (the argument
 * of `spark.table(…)` or `saveAsTable(…)`), judged for that action.
 */
export function scanSql(text: string, defaults: SqlDefaults, emit: (r: RawTableReference) => void, nameOnly?: 'select' | 'modify'): void {
  const tokens = new Tokens(sqlTokens(text));
  let head = '';
  let ctes = new Set<string>();
  let expect: { action: 'select' | 'modify'; list: boolean } | undefined;
  let fromItem = -1;
  let tempView = false;
  let creatingView = false;
  const frames: boolean[] = [];
  const recent: (SqlToken | undefined)[] = [undefined, undefined, undefined];

  const resolve = (parts: string[]): { fullName: string; partial: boolean } => {
    if (parts.length === 3) return { fullName: parts.join('.'), partial: false };
    if (parts.length === 2) return defaults.catalog ? { fullName: `${defaults.catalog}.${parts.join('.')}`, partial: false } : { fullName: parts.join('.'), partial: true };
    if (defaults.catalog && defaults.schema) return { fullName: `${defaults.catalog}.${defaults.schema}.${parts[0]}`, partial: false };
    return { fullName: defaults.schema ? `${defaults.schema}.${parts[0]}` : parts[0]!, partial: true };
  };

  const report = (parts: string[], action: 'select' | 'modify', start: number, end: number): void => {
    const path = parts.find((p) => p.includes('/'));
    if (path !== undefined) {
      const volume = volumeOf(path);
      if (volume) emit({ kind: 'volume', fullName: volume.fullName, action: action === 'select' ? 'read' : 'write', partial: false, start, end });
      return;
    }
    const lower = parts.map((p) => p.toLowerCase());
    if (parts.length > 3 || lower.includes('information_schema') || lower[0] === 'hive_metastore' || (parts.length === 2 && lower[0] === 'live')) return;
    if (parts.length === 1 && (ctes.has(lower[0]!) || defaults.tempViews.has(lower[0]!))) return;
    emit({ kind: 'table', ...resolve(parts), action, start, end });
  };

  /** `USE [CATALOG|SCHEMA|DATABASE|NAMESPACE] name` or `SET CATALOG|SCHEMA name`: a hole makes the default unknown. */
  const use = (first: SqlToken): void => {
    let what = upper(first);
    let nameToken: SqlToken | undefined = first;
    if (['CATALOG', 'SCHEMA', 'DATABASE', 'NAMESPACE'].includes(what)) nameToken = tokens.next();
    else if (head === 'SET') return;
    else what = '';
    if (!nameToken || nameToken.type === 'punct') return;
    const { parts, hole } = readName(nameToken, tokens);
    const known = (p: string | undefined): string | null => (hole || p === undefined || p.includes(HOLE) ? null : p);
    if (what === 'CATALOG') {
      defaults.catalog = known(parts[0]);
      // Setting the catalog resets the current schema to `default` (Databricks SQL reference, USE CATALOG).
      defaults.schema = 'default';
    } else if (parts.length >= 2) {
      defaults.catalog = known(parts[0]);
      defaults.schema = known(parts[1]);
    } else defaults.schema = known(parts[0]);
  };

  if (nameOnly) {
    const first = tokens.next();
    if (first?.type !== 'word' && first?.type !== 'quoted') return;
    const { parts, hole, end } = readName(first, tokens);
    if (!hole && tokens.peek() === undefined) report(parts, nameOnly, first.start, end);
    return;
  }
  for (let t = tokens.next(); t; t = tokens.next()) {
    const word = upper(t);
    if (t.type === 'punct' && t.value === ';') {
      head = '';
      ctes = new Set();
      expect = undefined;
      fromItem = -1;
      tempView = false;
      creatingView = false;
      frames.length = 0;
      recent.fill(undefined);
      continue;
    }
    const isHead = head === '';
    if (isHead) head = word || '-';
    if (isHead && (head === 'USE' || head === 'SET')) {
      const next = tokens.next();
      if (next) use(next);
      continue;
    }
    if (expect && FILLER.has(word)) continue;
    if (expect && (t.type === 'word' || t.type === 'quoted' || t.type === 'hole') && !NOT_A_NAME.has(word)) {
      const { action, list } = expect;
      expect = undefined;
      const { parts, hole, end } = readName(t, tokens);
      const next = tokens.peek();
      // `FROM range(10)`, `FROM a.b.fn(…)`: a table-valued function, not a table; after a modifying keyword, `(` opens a column list.
      if (!hole && !(action === 'select' && next?.type === 'punct' && next.value === '(')) report(parts, action, t.start, end);
      fromItem = list ? 0 : -1;
      recent.push(t);
      recent.shift();
      continue;
    }
    expect = undefined;
    if (tempView && (t.type === 'word' || t.type === 'quoted')) defaults.tempViews.add(t.value.toLowerCase());
    tempView = false;
    // After `FROM a.b.c [AS] [alias]`, a comma names one more table.
    if (fromItem >= 0) {
      if (t.type === 'punct' && t.value === ',') {
        expect = { action: 'select', list: true };
        fromItem = -1;
      } else if (((t.type === 'word' && !CLAUSE.has(word)) || t.type === 'quoted') && fromItem < 2) fromItem++;
      else fromItem = -1;
    }
    const prev = recent[2];
    const prevWord = upper(prev);
    if (t.type === 'punct' && t.value === '(') {
      frames.push(FROM_FUNCTIONS.has(prevWord));
      // `WITH x AS (`, `, y AS (`: x and y name common table expressions, not tables.
      const before = recent[0];
      if (prevWord === 'AS' && recent[1] && (recent[1].type === 'word' || recent[1].type === 'quoted') && (['WITH', 'RECURSIVE'].includes(upper(before)) || (before?.type === 'punct' && before.value === ','))) ctes.add(recent[1].value.toLowerCase());
    } else if (t.type === 'punct' && t.value === ')') frames.pop();
    else if (word === 'SELECT' && frames.length > 0) frames[frames.length - 1] = false;
    else if (word === 'FROM' && prevWord !== 'DISTINCT' && !frames[frames.length - 1]) expect = head === 'DELETE' && prevWord === 'DELETE' ? { action: 'modify', list: false } : { action: 'select', list: true };
    else if (word === 'JOIN' || (word === 'USING' && head === 'MERGE')) expect = { action: 'select', list: false };
    else if ((word === 'INTO' && ['INSERT', 'MERGE', 'COPY'].includes(prevWord)) || (word === 'OVERWRITE' && prevWord === 'INSERT') || (word === 'UPDATE' && isHead)) expect = { action: 'modify', list: false };
    else if ((word === 'TABLE' && ((head === 'CREATE' && !creatingView) || prevWord === 'TRUNCATE'))) expect = { action: 'modify', list: false };
    else if (word === 'VIEW' && head === 'CREATE') {
      creatingView = true;
      tempView = ['TEMP', 'TEMPORARY'].includes(prevWord);
    } else if (t.type === 'string') {
      const volume = volumeOf(t.value);
      if (volume) emit({ kind: 'volume', fullName: volume.fullName, action: head === 'PUT' || head === 'REMOVE' ? 'write' : 'read', partial: false, start: t.start + 1, end: t.start + 1 + volume.length });
    }
    recent.push(t);
    recent.shift();
  }
}
