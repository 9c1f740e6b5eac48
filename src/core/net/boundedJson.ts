/**
 * JSON.parse for text a server or an identity provider sent. V8 needs about
 * 1.5 s per megabyte to refuse deeply nested text such as `[[[[…` (it runs
 * out of stack first), so a hostile answer of 50 MB would freeze the
 * extension host. No real answer nests past a few levels: a linear scan
 * refuses deeper text before JSON.parse sees it.
 */
const MAX_DEPTH = 64;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** Whether `text` nests no deeper than `maxDepth`, brackets inside strings aside: one linear pass. */
export function nestingWithin(text: string, maxDepth = MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) return false;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return true;
}

/** Throws a SyntaxError at once when `text` nests deeper than `maxDepth`: for parsers we do not own (jose's decodeJwt). */
export function assertNestingWithin(text: string, maxDepth = MAX_DEPTH): void {
  if (!nestingWithin(text, maxDepth)) throw new SyntaxError(`JSON nested deeper than ${maxDepth} levels`);
}

/** JSON.parse, except that text nested deeper than `maxDepth` throws a SyntaxError at once. */
export function parseServerJson(text: string, maxDepth = MAX_DEPTH): unknown {
  assertNestingWithin(text, maxDepth);
  return JSON.parse(text);
}
