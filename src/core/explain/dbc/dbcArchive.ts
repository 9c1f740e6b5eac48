/**
 * Access errors in a Databricks DBC archive (`Export → DBC Archive`): a ZIP
 * file whose entries are notebooks as JSON (`<name>.python`, `.scala`,
 * `.sql`, `.r`, in folders), each with its `commands` and their results.
 * Every failed command's error text goes through the explainer; the access
 * errors among them come back with their notebook, command and source.
 *
 * Pure: the archive is read by zip.ts, with its limits on entries and sizes.
 */
import type { Explanation } from '../explainTypes';
import { LocatedError, locateAccessErrors } from '../locate';
import { stripAnsi } from '../ansi';
import { explainOutputText } from '../notebooks';
import { DEFAULT_ZIP_LIMITS, readZipEntries, type ZipLimits } from './zip';

/** One failed command of a notebook in the archive whose error is an access error. */
export interface DbcAccessError {
  /** The entry's path in the archive without its language extension, e.g. `Users/alice/nightly`. */
  readonly notebook: string;
  readonly language: string;
  /** 1-based, as Databricks numbers them (Cmd 1, Cmd 2, …), in the notebook's order. */
  readonly command: number;
  readonly source: string;
  /** The line of the error text that carries the access error, plain (no colours or HTML). */
  readonly line: string;
  readonly explanation: Explanation;
}

export interface DbcScan {
  readonly notebooks: number;
  /** Commands that failed, access errors or not. */
  readonly failedCommands: number;
  readonly accessErrors: DbcAccessError[];
  /** Entries that look like notebooks but are not readable JSON notebooks, with the reason. */
  readonly skipped: string[];
}

const NOTEBOOK = /\.(python|scala|sql|r)$/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of an error as a notebook stores it: ANSI colours, or HTML (`errorTraceType: "html"`) with its tags and entities. */
export function plainErrorText(text: string): string {
  const noAnsi = stripAnsi(text);
  if (!noAnsi.includes('<') && !noAnsi.includes('&')) return noAnsi;
  return noAnsi
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
}

/** The strings of a value up to a small depth: `errorDetails` and result data come as strings, objects or lists, by Databricks version. */
function strings(value: unknown, depth = 0, out: string[] = []): string[] {
  if (out.length >= 50) return out;
  if (typeof value === 'string') {
    if (value.trim() !== '') out.push(value);
  } else if (Array.isArray(value) && depth < 3) {
    for (const item of value.slice(0, 50)) strings(item, depth + 1, out);
  } else if (typeof value === 'object' && value !== null && depth < 3) {
    for (const item of Object.values(value)) strings(item, depth + 1, out);
  }
  return out;
}

type Command = Record<string, unknown>;

/** The error texts of a command, best first, when it failed; empty when it did not. */
function errorTexts(command: Command): string[] {
  const results = typeof command.results === 'object' && command.results !== null ? (command.results as Record<string, unknown>) : undefined;
  const resultFailed = results?.type === 'error';
  const failed = command.state === 'error' || resultFailed || [command.errorSummary, command.error].some((e) => typeof e === 'string' && e.trim() !== '') || (command.errorDetails !== null && command.errorDetails !== undefined);
  if (!failed) return [];
  const texts = [command.errorSummary, command.error].filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  strings(command.errorDetails, 0, texts);
  strings(command.baseErrorDetails, 0, texts);
  // Results hold the error for some versions (`type: "error"`), the output before the failure for others (`%sh`, listResults).
  if (results && results.type !== 'table') {
    strings([results.summary, results.cause], 0, texts);
    if (results.type !== 'html' || resultFailed) strings(results.data, 0, texts);
  }
  return texts;
}

function notebookCommands(json: unknown): Command[] | undefined {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { commands?: unknown }).commands)) return undefined;
  const commands = ((json as { commands: unknown[] }).commands).filter((c): c is Command => typeof c === 'object' && c !== null);
  // Positions order the commands; the sort is stable for equal or missing ones.
  return commands.map((c, i) => ({ c, p: typeof c.position === 'number' ? c.position : i })).sort((a, b) => a.p - b.p).map((x) => x.c);
}

/** Reads a DBC archive and explains each failed command's error: the access errors, one per command, in archive order. */
export function scanDbcArchive(zip: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS, maxFindings = 500): DbcScan {
  const entries = readZipEntries(zip, limits);
  const accessErrors: DbcAccessError[] = [];
  const skipped: string[] = [];
  let notebooks = 0;
  let failedCommands = 0;
  for (const entry of entries) {
    const match = NOTEBOOK.exec(entry.name);
    if (!match) continue;
    let commands: Command[] | undefined;
    try {
      commands = notebookCommands(JSON.parse(entry.data.toString('utf8')));
    } catch {
      commands = undefined;
    }
    if (!commands) {
      skipped.push(`${entry.name}: not a notebook (no JSON with "commands")`);
      continue;
    }
    notebooks++;
    for (const [index, command] of commands.entries()) {
      const texts = errorTexts(command);
      if (texts.length === 0) continue;
      failedCommands++;
      if (accessErrors.length >= maxFindings) continue;
      // Best: the first text that names the object (an errorDetails' bare errorClass names none).
      const hits = texts.map((t) => explainOutputText(plainErrorText(t))).filter((h) => h !== undefined);
      const hit = hits.find((h) => h.explanation.object) ?? hits[0];
      if (!hit) continue;
      accessErrors.push({
        notebook: entry.name.slice(0, match.index),
        language: match[1]!.toLowerCase(),
        command: index + 1,
        source: typeof command.command === 'string' ? command.command : '',
        line: hit.line.trim(),
        explanation: hit.explanation,
      });
    }
  }
  return { notebooks, failedCommands, accessErrors, skipped };
}

const ERROR_PREFIX = '    error │ ';
const SOURCE_PREFIX = '     code │ ';
const SOURCE_LINES = 8;

/**
 * The scan as a read-only text document: per notebook and command, an excerpt
 * of the command's source and the error line. Only lines starting with the
 * error marker are errors (see locateDbcReportErrors): code that quotes an
 * error is never marked.
 */
export function renderDbcReport(archive: string, scan: DbcScan): string {
  const out = [`Access errors in the DBC archive ${archive}`, `${scan.notebooks} notebook${scan.notebooks === 1 ? '' : 's'}, ${scan.failedCommands} failed command${scan.failedCommands === 1 ? '' : 's'}, ${scan.accessErrors.length} access error${scan.accessErrors.length === 1 ? '' : 's'}.`];
  let notebook: string | undefined;
  for (const found of scan.accessErrors) {
    if (found.notebook !== notebook) {
      notebook = found.notebook;
      out.push('', `── ${found.notebook} (${found.language}) ──`);
    }
    const source = found.source.replace(/\r\n?/g, '\n').split('\n');
    const shown = source.slice(0, SOURCE_LINES).map((l) => `${SOURCE_PREFIX}${l.replace(/\t/g, '  ').slice(0, 200)}`);
    if (source.length > SOURCE_LINES) shown.push(`${SOURCE_PREFIX}… (${source.length - SOURCE_LINES} more lines)`);
    out.push('', `  Cmd ${found.command}: ${found.explanation.code} · ${found.explanation.title}`, ...shown, `${ERROR_PREFIX}${found.line.replace(/\s+/g, ' ')}`);
  }
  if (scan.skipped.length > 0) out.push('', 'Not read:', ...scan.skipped.map((s) => `  ${s}`));
  return `${out.join('\n')}\n`;
}

/**
 * The access errors in a document that renderDbcReport wrote: on its error
 * lines only, each on its own (the same error in two commands is two
 * findings), spanning the error text after the marker; `text` is that text.
 */
export function locateDbcReportErrors(text: string): (LocatedError & { readonly text: string })[] {
  const found: (LocatedError & { readonly text: string })[] = [];
  let line = 0;
  for (let at = 0; at <= text.length; line++) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    if (text.startsWith(ERROR_PREFIX, at)) {
      const error = text.slice(at + ERROR_PREFIX.length, end);
      const [hit] = locateAccessErrors(error, 1);
      if (hit) found.push({ line, start: ERROR_PREFIX.length + hit.start, end: ERROR_PREFIX.length + hit.end, explanation: hit.explanation, text: error });
    }
    if (newline === -1) break;
    at = newline + 1;
  }
  return found;
}
