/**
 * Where access errors sit in a longer text (a log, saved output, a notebook
 * export): one finding per line that carries one, for editor diagnostics.
 * A cheap prefilter keeps it linear; only candidate lines go to explainError.
 */
import { explainError } from './explain';
import type { Explanation } from './explainTypes';

export interface LocatedError {
  /** Zero-based line number and the character span of the line's text. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly explanation: Explanation;
}

// Fixed phrases only (no nested quantifiers): a line without one of them cannot hold an access error we explain.
const CANDIDATE = /PERMISSION_DENIED|AADSTS\d|error_code|does not have|not authori[sz]ed|Invalid access|[Tt]oken is expir|REQUEST_LIMIT_EXCEEDED|RESOURCE_EXHAUSTED|RESOURCE_DOES_NOT_EXIST|IP access list|is blocked by|Invalid access to Org|not part of (?:the )?org|PermissionDenied|Unauthenticated|Forbidden|\b40[13]\b|\b429\b|invalid_grant|interaction_required/;
const MAX_LINE = 8 * 1024;

export function locateAccessErrors(text: string, maxFindings = 500): LocatedError[] {
  const found: LocatedError[] = [];
  let previous = '';
  let lineNumber = 0;
  let offset = 0;
  while (offset <= text.length && found.length < maxFindings) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(offset, Math.min(lineEnd, offset + MAX_LINE));
    if (CANDIDATE.test(line)) {
      const explanation = explainError(line);
      const key = `${explanation.code}|${explanation.object?.id ?? ''}|${line.trim()}`;
      // The same error repeated line after line (retries) is one finding.
      if (explanation.matched && key !== previous) {
        const leading = line.length - line.trimStart().length;
        found.push({ line: lineNumber, start: leading, end: line.trimEnd().length, explanation });
      }
      previous = explanation.matched ? key : previous;
    }
    if (newline === -1) break;
    offset = newline + 1;
    lineNumber++;
  }
  return found;
}
