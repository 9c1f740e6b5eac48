/**
 * Access errors in notebook outputs: the error outputs (`ename`, `evalue`,
 * `traceback`) and stderr streams of a Jupyter `.ipynb` file, found in its raw
 * JSON text with their positions (so the editor can mark them), and the same
 * for output texts a notebook editor hands over. Code in cells is not read:
 * an error message quoted in code is not an error that happened.
 *
 * Pure and linear: one pass of jsonc-parser's visitor (which tolerates a
 * damaged file as our own scanner did); each output string goes through
 * locateAccessErrors.
 */
import { type JSONPath, visit } from 'jsonc-parser';
import { nestingWithin } from '../net/boundedJson';
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
  readonly value: string;
}

interface OutputState {
  outputType?: string;
  streamName?: string;
  readonly strings: OutputString[];
}

const CLOSE_BRACE = 0x7d;

/** `cells[i].outputs[j]`, or a value below it: the path jsonc-parser hands over. */
function inOutput(path: JSONPath): boolean {
  return path[0] === 'cells' && typeof path[1] === 'number' && path[2] === 'outputs' && typeof path[3] === 'number';
}

/**
 * Where each string of `cells[i].outputs[j]` sits: the field it belongs to (`evalue`, `traceback`, `text`, …) and its raw span.
 * jsonc-parser's visitor does the scanning (tolerant of a damaged file, linear); paths are asked for only at the depths that matter.
 */
function scanOutputs(json: string, onOutput: (state: OutputState) => void): void {
  // jsonc-parser recurses once per level: `[[[[…` would overflow the stack. No notebook Jupyter writes nests that deep.
  if (!nestingWithin(json)) return;
  let depth = 0;
  let output: OutputState | undefined;
  visit(json, {
    onObjectBegin: (_offset, _length, _line, _character, pathSupplier) => {
      depth++;
      if (depth === 5 && inOutput(pathSupplier())) output = { strings: [] };
    },
    onObjectEnd: (offset) => {
      // An output cut short by the end of a damaged file is not reported: only a closed one is.
      if (depth === 5 && output && json.charCodeAt(offset) === CLOSE_BRACE) {
        onOutput(output);
        output = undefined;
      }
      depth--;
    },
    onArrayBegin: () => void depth++,
    onArrayEnd: () => void depth--,
    onLiteralValue: (value: unknown, offset, length, _line, _character, pathSupplier) => {
      if (!output || typeof value !== 'string' || depth < 5 || depth > 6) return;
      const path = pathSupplier();
      const field = String(path[4]);
      if (depth === 5 && field === 'output_type') output.outputType = value;
      else if (depth === 5 && field === 'name') output.streamName = value;
      else output.strings.push({ field, start: offset, end: offset + length, value });
    },
  });
}

/** The strings worth explaining in one output, best first: an error's `ename: evalue`, then its traceback; a stderr stream's text. */
function candidates(output: OutputState): { text: string; at: OutputString }[] {
  if (output.outputType === 'stream') return output.streamName === 'stderr' ? output.strings.filter((s) => s.field === 'text').map((s) => ({ text: s.value, at: s })) : [];
  if (output.outputType !== 'error') return [];
  const ename = output.strings.find((s) => s.field === 'ename');
  const evalue = output.strings.find((s) => s.field === 'evalue');
  const list = evalue ? [{ text: `${ename ? `${ename.value}: ` : ''}${evalue.value}`, at: evalue }] : [];
  for (const s of output.strings) if (s.field === 'traceback') list.push({ text: s.value, at: s });
  if (ename) list.push({ text: ename.value, at: ename });
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
