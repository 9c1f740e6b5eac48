/**
 * A single-pass SQL tokenizer for the table finder: words, backtick-quoted names, string literals,
 * punctuation, and holes (parts filled in at run time: `${var}`, `{{param}}`, `:param`, or a
 * variable interpolated by the host language). Comments and whitespace are dropped.
 *
 * Hand-written rather than taken from a package: no SQL tokenizer is installed (node_modules holds
 * none, and the project adds no dependencies), and the general SQL parsers on npm backtrack or
 * build full trees, while this needs only names after a few keywords, in linear time: every loop
 * below advances `i`, and none rescans.
 */
import { HOLE, skipBraces } from './segment';

export type SqlTokenType = 'word' | 'quoted' | 'string' | 'hole' | 'punct';

export interface SqlToken {
  readonly type: SqlTokenType;
  /** Words as written; quoted names and strings without their quotes (escapes undone). */
  readonly value: string;
  /** Index of the first character and one past the last, in the tokenized text. */
  readonly start: number;
  readonly end: number;
}

const isWord = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** The end of a quoted run starting at `i` (the opening quote), honouring backslash escapes and doubled quotes. */
function quotedEnd(text: string, i: number, quote: string, backslash: boolean): { end: number; value: string } {
  let value = '';
  let j = i + 1;
  for (; j < text.length; j++) {
    const c = text[j]!;
    if (backslash && c === '\\' && j + 1 < text.length) {
      value += text[++j];
    } else if (c === quote) {
      if (text[j + 1] !== quote) return { end: j + 1, value };
      value += quote;
      j++;
    } else value += c;
  }
  return { end: j, value };
}

export function* sqlTokens(text: string): Generator<SqlToken> {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
    } else if (c === '/' && text[i + 1] === '*') {
      // Spark SQL nests bracketed comments.
      let depth = 0;
      for (; i < n; i++) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i++;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          if (--depth === 0) break;
          i++;
        }
      }
      i += 2;
    } else if (c === "'" || c === '"') {
      const { end, value } = quotedEnd(text, i, c, true);
      i = end;
      yield { type: 'string', value, start, end };
    } else if (c === '`') {
      const { end, value } = quotedEnd(text, i, '`', false);
      i = end;
      yield { type: 'quoted', value, start, end };
    } else if (c === HOLE) {
      i++;
      yield { type: 'hole', value: '', start, end: i };
    } else if ((c === '$' && text[i + 1] === '{') || (c === '{' && text[i + 1] === '{')) {
      i = skipBraces(text, c === '$' ? i + 1 : i, n) + 1;
      if (c === '{' && text[i] === '}') i++;
      yield { type: 'hole', value: '', start, end: i };
    } else if (c === ':' && text[i + 1] !== ':' && text[i - 1] !== ':' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      i++;
      while (isWord(text[i])) i++;
      yield { type: 'hole', value: '', start, end: i };
    } else if (isWord(c)) {
      while (isWord(text[i])) i++;
      yield { type: 'word', value: text.slice(start, i), start, end: i };
    } else {
      i++;
      yield { type: 'punct', value: c, start, end: i };
    }
  }
}
