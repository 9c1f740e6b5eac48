/**
 * Where code and SQL name Unity Catalog tables and volumes, and what they do with them
 * (docs/references.md): Python and Scala (`spark.table`, `spark.sql`, `/Volumes/…` paths), SQL
 * files, Databricks source notebooks (`# COMMAND ----------`, `# MAGIC %sql` cells) and Jupyter
 * `.ipynb` cells (`%sql` first lines). Each reference is placed on the file as the user sees it.
 *
 * Pure, bounded and linear: texts above the id finder's cap are not read; each part of a file is
 * scanned once, left to right, by the hand-written tokenizers of codeTables.ts and sqlTokens.ts.
 * `USE CATALOG`/`USE SCHEMA` carry down the file (cells run in order); short names are completed
 * only from them, else reported as partial, never guessed.
 */
import { visit } from 'jsonc-parser';
import { nestingWithin } from '../net/boundedJson';
import type { UcKind } from '../catalog/types';
import { LineIndex, Segment, SegmentBuilder, decodeString, origin, slice, wholeText } from './segment';
import { SqlDefaults, TableAction, newDefaults, scanSql } from './sqlTables';
import { CodeLanguage, PlacedReference, scanCode } from './codeTables';

/** The largest text the reference finders read (5 MiB), in characters, as the editor measures it. */
export const MAX_REFERENCE_TEXT = 5 * 1024 * 1024;

export interface TableReference {
  readonly kind: Extract<UcKind, 'table' | 'volume'>;
  /** `catalog.schema.name` as written (backticks removed), completed from `USE`; shorter when partial. */
  readonly fullName: string;
  /** `select`/`modify` for tables, `read`/`write` for volumes. */
  readonly action: TableAction;
  /** Zero-based line, and the name's character span on it. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /** The name lacks its catalog (or schema) and no `USE` in the file says which. */
  readonly partial?: boolean;
}

export type TableSourceLanguage = CodeLanguage | 'sql' | 'ipynb';

/** The language to read a file in, by its name (and the editor's language id); undefined: not a file with table references. */
export function tableLanguageOf(fileName: string, languageId?: string): TableSourceLanguage | undefined {
  if (/\.ipynb$/i.test(fileName)) return 'ipynb';
  if (languageId === 'python' || /\.py$/i.test(fileName)) return 'python';
  if (languageId === 'scala' || /\.(?:scala|sc)$/i.test(fileName)) return 'scala';
  if (languageId === 'sql' || /\.sql$/i.test(fileName)) return 'sql';
  return undefined;
}

type BlockLanguage = CodeLanguage | 'sql';
const MAGIC_LANGUAGES: Record<string, BlockLanguage> = { sql: 'sql', python: 'python', scala: 'scala' };
const COMMENT: Record<BlockLanguage, string> = { python: '#', sql: '--', scala: '//' };

function scanBlock(segment: Segment, language: BlockLanguage, defaults: SqlDefaults, emit: (r: PlacedReference) => void): void {
  if (language === 'sql') scanSql(segment.text, defaults, (r) => emit({ ...r, start: origin(segment, r.start), end: origin(segment, r.end) }));
  else scanCode(segment, language, defaults, emit);
}

/** A cell whose first line is `%sql` (or `%%sql`, `%python`, `%scala`): its language, that line blanked. */
function magicCell(cell: Segment, fallback: BlockLanguage): { segment: Segment; language: BlockLanguage } | undefined {
  const m = /^\s*%%?(\w+)/.exec(cell.text);
  if (!m) return { segment: cell, language: fallback };
  const language = MAGIC_LANGUAGES[m[1]!.toLowerCase()];
  if (!language) return undefined;
  const eol = cell.text.indexOf('\n');
  return { segment: slice(cell, eol < 0 ? cell.text.length : eol, cell.text.length), language };
}

/**
 * A Databricks source notebook: lines `<c> MAGIC …` form foreign-language cells (prefix removed);
 * the other lines are the notebook's own language. Blocks come back in file order.
 */
function sourceNotebookBlocks(whole: Segment, language: BlockLanguage): { segment: Segment; language: BlockLanguage }[] {
  const text = whole.text;
  const magic = `${COMMENT[language]} MAGIC`;
  const blocks: { segment: Segment; language: BlockLanguage }[] = [];
  let hostStart = 0;
  let cell: SegmentBuilder | undefined;
  const endCell = (at: number): void => {
    if (!cell) return;
    const found = magicCell(cell.done(at), language);
    if (found) blocks.push(found);
    cell = undefined;
  };
  for (let lineStart = 0; lineStart < text.length; ) {
    const eol = text.indexOf('\n', lineStart);
    const lineEnd = eol < 0 ? text.length : eol;
    if (text.startsWith(magic, lineStart)) {
      if (!cell) {
        if (lineStart > hostStart) blocks.push({ segment: slice(whole, hostStart, lineStart), language });
        cell = new SegmentBuilder(whole);
      }
      const from = lineStart + magic.length + (text[lineStart + magic.length] === ' ' ? 1 : 0);
      cell.pushRange(from, Math.min(lineEnd + 1, text.length));
      hostStart = lineEnd + 1;
    } else endCell(lineStart);
    lineStart = lineEnd + 1;
  }
  endCell(text.length);
  if (hostStart < text.length) blocks.push({ segment: slice(whole, hostStart, text.length), language });
  return blocks;
}

/** The code cells of a Jupyter notebook (decoded, placed on the JSON text) and the notebook's language. */
function ipynbBlocks(json: string): { segment: Segment; language: BlockLanguage }[] {
  if (!nestingWithin(json)) return [];
  const whole = wholeText(json);
  const cells: { type?: string; parts: Segment[] }[] = [];
  let notebookLanguage = 'python';
  visit(json, {
    onLiteralValue: (value: unknown, offset, length, _line, _character, pathSupplier) => {
      if (typeof value !== 'string') return;
      const path = pathSupplier();
      if (path[0] === 'metadata' && (path[path.length - 1] === 'language' || (path[1] === 'language_info' && path[2] === 'name'))) notebookLanguage = value.toLowerCase();
      if (path[0] !== 'cells' || typeof path[1] !== 'number') return;
      const cell = (cells[path[1]] ??= { parts: [] });
      if (path[2] === 'cell_type' && path.length === 3) cell.type = value;
      else if (path[2] === 'source' && path.length <= 4) cell.parts.push(decodeString(whole, offset + 1, offset + length - 1, { unicode: true }));
    },
  });
  const fallback = MAGIC_LANGUAGES[notebookLanguage] ?? 'python';
  const blocks: { segment: Segment; language: BlockLanguage }[] = [];
  for (const cell of cells) {
    if (!cell || cell.type !== 'code' || cell.parts.length === 0) continue;
    const joined = new SegmentBuilder(whole);
    for (const part of cell.parts) joined.append(part);
    const last = cell.parts[cell.parts.length - 1]!;
    const found = magicCell(joined.done(0, origin(last, last.text.length)), fallback);
    if (found) blocks.push(found);
  }
  return blocks;
}

const NOTEBOOK_HEADER = /^(#|--|\/\/) Databricks notebook source/;

/** The table and volume references of a text, in file order, at most `maxReferences`. */
export function findTableReferences(text: string, language: TableSourceLanguage = 'python', maxReferences = 1000): TableReference[] {
  if (text.length > MAX_REFERENCE_TEXT) return [];
  const whole = wholeText(text);
  let blocks: { segment: Segment; language: BlockLanguage }[];
  if (language === 'ipynb') blocks = ipynbBlocks(text);
  else {
    const header = NOTEBOOK_HEADER.exec(text)?.[1];
    const own: BlockLanguage = header === '--' ? 'sql' : header === '//' ? 'scala' : header === '#' ? (language === 'sql' ? 'python' : language) : language;
    blocks = header ? sourceNotebookBlocks(whole, own) : [{ segment: whole, language: own }];
  }
  const found: PlacedReference[] = [];
  const defaults = newDefaults();
  // Past the cap the scan goes on (USE statements still count) but keeps nothing.
  for (const block of blocks) scanBlock(block.segment, block.language, defaults, (r) => void (found.length < maxReferences && found.push(r)));
  const lines = new LineIndex(text);
  return found
    .sort((a, b) => a.start - b.start)
    .map((r) => {
      const at = lines.position(r.start);
      const end = lines.position(r.end);
      const base = { kind: r.kind, fullName: r.fullName, action: r.action, line: at.line, start: at.character, end: end.line === at.line ? end.character : at.character + 1 };
      return r.partial ? { ...base, partial: true } : base;
    });
}
