/**
 * A piece of text cut out of a document, possibly decoded (a JSON string of a notebook cell, a
 * Python string literal, a `# MAGIC` line without its prefix), that still knows where each of its
 * characters sits in the document: the table finder reports positions in the file the user sees.
 * Decoding is one pass; composing a decoded piece of a decoded piece maps straight to the document.
 */
export interface Segment {
  readonly text: string;
  /** Document offset of each character (length text.length + 1); absent: `base + i`. */
  readonly offsets?: Int32Array;
  readonly base: number;
}

export const HOLE = '\u0001';

export const wholeText = (text: string): Segment => ({ text, base: 0 });

export function origin(segment: Segment, i: number): number {
  return segment.offsets ? segment.offsets[Math.min(i, segment.offsets.length - 1)]! : segment.base + i;
}

export function slice(segment: Segment, from: number, to: number): Segment {
  const text = segment.text.slice(from, to);
  return segment.offsets ? { text, offsets: segment.offsets.subarray(from, to + 1), base: 0 } : { text, base: segment.base + from };
}

/**
 * Builds a segment from characters and ranges of other segments, each character with its document
 * offset (in a growing typed array, text in chunks: little garbage, so large files stay fast).
 */
export class SegmentBuilder {
  private readonly chunks: string[] = [];
  private at = new Int32Array(16);
  private length = 0;
  constructor(private readonly parent: Segment) {}
  private reserve(extra: number): void {
    if (this.length + extra <= this.at.length) return;
    const grown = new Int32Array(Math.max(this.at.length * 2, this.length + extra));
    grown.set(this.at.subarray(0, this.length));
    this.at = grown;
  }
  push(char: string, index: number): void {
    this.reserve(1);
    this.at[this.length++] = origin(this.parent, index);
    this.chunks.push(char);
  }
  /** Appends `segment.text[from, to)` (of the parent when no segment is given). */
  pushRange(from: number, to: number, segment: Segment = this.parent): void {
    if (to <= from) return;
    this.reserve(to - from);
    for (let i = from; i < to; i++) this.at[this.length++] = origin(segment, i);
    this.chunks.push(segment.text.slice(from, to));
  }
  /** Appends a whole segment of any parent (joined strings of one call or one cell). */
  append(segment: Segment): void {
    this.pushRange(0, segment.text.length, segment);
  }
  /** Ends the segment at `endIndex` of the parent; `endOffset` gives the document offset directly. */
  done(endIndex: number, endOffset = origin(this.parent, endIndex)): Segment {
    const offsets = new Int32Array(this.length + 1);
    offsets.set(this.at.subarray(0, this.length));
    offsets[this.length] = endOffset;
    return { text: this.chunks.join(''), offsets, base: 0 };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '/': '/' };

/**
 * Decodes `parent.text[from, to)` as the inside of a string literal: backslash escapes (JSON's, and
 * the common ones of Python and Scala; `\uXXXX` in JSON), and, when `holes` is given, the
 * interpolated parts (`{name}`, `${expr}`, `$name`) each become one HOLE character, so a name built
 * from a variable is never taken for a table.
 */
export function decodeString(parent: Segment, from: number, to: number, options: { raw?: boolean; unicode?: boolean; holes?: 'braces' | 'dollar' }): Segment {
  const text = parent.text;
  // Most literals need no decoding: a slice of the parent costs no offsets of its own.
  let plain = true;
  for (let i = from; i < to && plain; i++) {
    const c = text[i];
    plain = !(c === '\\' || (c === '{' && options.holes === 'braces') || (c === '$' && options.holes === 'dollar'));
  }
  if (plain) return slice(parent, from, to);
  const out = new SegmentBuilder(parent);
  /** Decodes the escape or hole at `i`; returns the last index it consumed. */
  const special = (i: number): number => {
    const c = text[i]!;
    const next = text[i + 1] ?? '';
    if (c === '\\') {
      if (options.raw || i + 1 >= to) out.push(c, i);
      else if (options.unicode && next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out.push(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), i);
        return i + 5;
      } else {
        out.push(SIMPLE_ESCAPES[next] ?? next, i);
        return i + 1;
      }
      return i;
    }
    if (options.holes === 'braces' && c === '{') {
      if (next === '{') {
        out.push('{', i);
        return i + 1;
      }
      out.push(HOLE, i);
      return skipBraces(text, i, to);
    }
    if (options.holes === 'dollar' && c === '$' && (next === '{' || /[A-Za-z_]/.test(next))) {
      out.push(HOLE, i);
      if (next === '{') return skipBraces(text, i + 1, to);
      while (i + 1 < to && /\w/.test(text[i + 1]!)) i++;
      return i;
    }
    out.push(c, i);
    return i;
  };
  let run = from;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c !== '\\' && c !== '{' && c !== '$') continue;
    out.pushRange(run, i);
    i = special(i);
    run = i + 1;
  }
  out.pushRange(run, to);
  return out.done(to);
}

/** The index of the `}` closing the `{` at `i` (nesting counted), or the last index before `to`. */
export function skipBraces(text: string, i: number, to: number): number {
  let depth = 0;
  for (; i < to; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return to - 1;
}

/** Zero-based line and column of document offsets, from a line index built once. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; character: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.starts[low]! };
  }
}
