/**
 * Access errors in notebook outputs: the error outputs (`ename`, `evalue`,
 * `traceback`) and stderr streams of a Jupyter `.ipynb` file, found in its raw
 * JSON text with their positions (so the editor can mark them), and the same
 * for output texts a notebook editor hands over. Code in cells is not read:
 * an error message quoted in code is not an error that happened.
 *
 * Pure and linear: one pass of a small JSON scanner that keeps only the path
 * to the current value; each output string goes through locateAccessErrors.
 */
import type { Explanation } from './explainTypes';
import { stripAnsi } from './ansi';
import { LocatedError, locateAccessErrors } from './locate';

/** The first access error in one output's text, with the line of that text that carries it. */
export function explainOutputText(text: string): { explanation: Explanation; line: string } | undefined {
  const plain = stripAnsi(text);
  const [first] = locateAccessErrors(plain, 1);
  if (!first) return undefined;
  const lineStart = lineStartAt(plain, first.line);
  return { explanation: first.explanation, line: plain.slice(lineStart + first.start, lineStart + first.end) };
}

function lineStartAt(text: string, line: number): number {
  let at = 0;
  for (let n = 0; n < line; n++) at = text.indexOf('\n', at) + 1;
  return at;
}

interface OutputString {
  readonly field: string;
  readonly start: number;
  readonly end: number;
  readonly raw: string;
}

interface OutputState {
  outputType?: string;
  streamName?: string;
  readonly strings: OutputString[];
}

type Frame = { readonly array: true; index: number } | { readonly array: false; key: string | undefined; expectKey: boolean };

/** Where each string of `cells[i].outputs[j]` sits: the field it belongs to (`evalue`, `traceback`, `text`, …) and its raw span. */
function scanOutputs(json: string, onOutput: (state: OutputState) => void): void {
  const stack: Frame[] = [];
  let output: OutputState | undefined;
  const keyAt = (depth: number): string | number | undefined => {
    const frame = stack[depth];
    return frame ? (frame.array ? frame.index : frame.key) : undefined;
  };
  // Inside an output when the stack reads {cells: [ {outputs: [ { … .
  const outputDepth = (): boolean => stack.length >= 5 && keyAt(0) === 'cells' && stack[1]?.array === true && keyAt(2) === 'outputs' && stack[3]?.array === true && stack[4]?.array === false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '{' || c === '[') {
      stack.push(c === '[' ? { array: true, index: 0 } : { array: false, key: undefined, expectKey: true });
      if (c === '{' && stack.length === 5 && outputDepth()) output = { strings: [] };
    } else if (c === '}' || c === ']') {
      if (c === '}' && stack.length === 5 && output && outputDepth()) {
        onOutput(output);
        output = undefined;
      }
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
    } else if (c === ':') {
      const top = stack[stack.length - 1];
      if (top && !top.array) top.expectKey = false;
    } else if (c === '"') {
      const start = i;
      for (i++; i < json.length && json[i] !== '"'; i++) if (json[i] === '\\') i++;
      const raw = json.slice(start, i + 1);
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        top.key = decode(raw);
      } else if (output && outputDepth()) {
        const field = String(keyAt(4));
        if (stack.length === 5 && field === 'output_type') output.outputType = decode(raw);
        else if (stack.length === 5 && field === 'name') output.streamName = decode(raw);
        else if (stack.length <= 6) output.strings.push({ field, start, end: i + 1, raw });
      }
    }
  }
}

function decode(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

/** The strings worth explaining in one output, best first: an error's `ename: evalue`, then its traceback; a stderr stream's text. */
function candidates(output: OutputState): { text: string; at: OutputString }[] {
  if (output.outputType === 'stream') return output.streamName === 'stderr' ? output.strings.filter((s) => s.field === 'text').map((s) => ({ text: decode(s.raw), at: s })) : [];
  if (output.outputType !== 'error') return [];
  const ename = output.strings.find((s) => s.field === 'ename');
  const evalue = output.strings.find((s) => s.field === 'evalue');
  const list = evalue ? [{ text: `${ename ? `${decode(ename.raw)}: ` : ''}${decode(evalue.raw)}`, at: evalue }] : [];
  for (const s of output.strings) if (s.field === 'traceback') list.push({ text: decode(s.raw), at: s });
  if (ename) list.push({ text: decode(ename.raw), at: ename });
  return list;
}

/**
 * Access errors in the error outputs and stderr streams of an `.ipynb` text:
 * one per output, placed on the output string that carries it. `text` is
 * the decoded line to explain (the raw line holds JSON escapes).
 */
export function locateNotebookOutputErrors(json: string, maxFindings = 200): (LocatedError & { readonly text: string })[] {
  const hits: { offset: number; end: number; explanation: Explanation; text: string }[] = [];
  scanOutputs(json, (output) => {
    if (hits.length >= maxFindings) return;
    for (const { text, at } of candidates(output)) {
      const found = explainOutputText(text);
      if (found) {
        hits.push({ offset: at.start, end: at.end, explanation: found.explanation, text: found.line });
        return;
      }
    }
  });
  // The evalue may come before or after the traceback in the text: keep text order for the line count.
  hits.sort((a, b) => a.offset - b.offset);
  // Offsets to lines in one more pass; the hits come in text order.
  const located: (LocatedError & { readonly text: string })[] = [];
  let line = 0;
  let lineStart = 0;
  let at = 0;
  for (const hit of hits) {
    for (; at < hit.offset; at++) {
      if (json.charCodeAt(at) === 10) {
        line++;
        lineStart = at + 1;
      }
    }
    const lineEnd = json.indexOf('\n', hit.offset);
    const end = Math.min(hit.end, lineEnd === -1 ? json.length : lineEnd);
    located.push({ line, start: hit.offset - lineStart, end: end - lineStart, explanation: hit.explanation, text: hit.text });
  }
  return located;
}

const HTML_MODEL = '__DATABRICKS_NOTEBOOK_MODEL';

/** The texts a Databricks command result holds: the error and its summary, stdout or stderr text, nested list results. */
function resultTexts(result: unknown, depth = 0): string[] {
  if (typeof result !== 'object' || result === null || depth > 3) return [];
  const r = result as { summary?: unknown; cause?: unknown; data?: unknown; type?: unknown };
  const texts = [r.summary, r.cause].filter((t): t is string => typeof t === 'string');
  if (typeof r.data === 'string' && r.type !== 'html') texts.push(r.data);
  if (Array.isArray(r.data) && r.type === 'listResults') for (const item of r.data.slice(0, 50)) texts.push(...resultTexts(item, depth + 1));
  return texts;
}

/**
 * Access errors in a Databricks notebook exported as HTML (`Export → HTML`,
 * or `databricks jobs export-run`): the page embeds the notebook model as
 * base64 of URL-encoded JSON; each command's error and output text is
 * explained. All findings sit on the model's name in the page, the only
 * place in its text that stands for them; `command` is 1-based, as
 * Databricks numbers them (Cmd 1, Cmd 2, …).
 */
export function locateDatabricksHtmlErrors(html: string, maxFindings = 50): (LocatedError & { readonly text: string; readonly command: number })[] {
  const at = html.indexOf(HTML_MODEL);
  if (at === -1) return [];
  const open = html.indexOf("'", at);
  const close = open === -1 ? -1 : html.indexOf("'", open + 1);
  if (close === -1) return [];
  let model: { commands?: unknown };
  try {
    const decoded = Buffer.from(html.slice(open + 1, close), 'base64').toString('utf8');
    model = JSON.parse(decodeURIComponent(decoded)) as { commands?: unknown };
  } catch {
    return [];
  }
  if (!Array.isArray(model.commands)) return [];
  const lineStart = html.lastIndexOf('\n', at) + 1;
  let line = 0;
  for (let i = html.indexOf('\n'); i !== -1 && i < at; i = html.indexOf('\n', i + 1)) line++;
  const found: (LocatedError & { readonly text: string; readonly command: number })[] = [];
  const commands = (model.commands as unknown[]).filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null);
  commands.sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0));
  for (const [index, command] of commands.entries()) {
    if (found.length >= maxFindings) break;
    const texts = [command.errorSummary, command.error].filter((t): t is string => typeof t === 'string').concat(resultTexts(command.results));
    const hit = texts.map(explainOutputText).find((h) => h !== undefined);
    if (hit) found.push({ line, start: at - lineStart, end: at - lineStart + HTML_MODEL.length, explanation: hit.explanation, text: hit.line, command: index + 1 });
  }
  return found;
}
