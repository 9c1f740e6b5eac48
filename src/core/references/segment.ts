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

/** Builds a segment character by character, each with its source index in `parent`. */
export class SegmentBuilder {
  private readonly chars: string[] = [];
  private readonly at: number[] = [];
  constructor(private readonly parent: Segment) {}
  push(char: string, index: number): void {
    this.chars.push(char);
    this.at.push(origin(this.parent, index));
  }
  /** Appends a whole segment of any parent (joined strings of one call or one cell). */
  append(segment: Segment): void {
    for (let i = 0; i < segment.text.length; i++) {
      this.chars.push(segment.text[i]!);
      this.at.push(origin(segment, i));
    }
  }
  /** Ends the segment at `endIndex` of the parent; `endOffset` gives the document offset directly. */
  done(endIndex: number, endOffset = origin(this.parent, endIndex)): Segment {
    const offsets = new Int32Array(this.at.length + 1);
    offsets.set(this.at);
    offsets[this.at.length] = endOffset;
    return { text: this.chars.join(''), offsets, base: 0 };
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
  const out = new SegmentBuilder(parent);
  const text = parent.text;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === '\\' && !options.raw && i + 1 < to) {
      const next = text[i + 1]!;
      if (options.unicode && next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out.push(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), i);
        i += 5;
        continue;
      }
      out.push(SIMPLE_ESCAPES[next] ?? next, i);
      i++;
      continue;
    }
    if (options.holes === 'braces' && c === '{') {
      if (text[i + 1] === '{') {
        out.push('{', i);
        i++;
        continue;
      }
      i = skipBraces(text, i, to);
      out.push(HOLE, i);
      continue;
    }
    if (options.holes === 'dollar' && c === '$' && (text[i + 1] === '{' || /[A-Za-z_]/.test(text[i + 1] ?? ''))) {
      if (text[i + 1] === '{') i = skipBraces(text, i + 1, to);
      else while (i + 1 < to && /\w/.test(text[i + 1]!)) i++;
      out.push(HOLE, i);
      continue;
    }
    out.push(c, i);
  }
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
