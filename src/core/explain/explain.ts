/**
 * `access-lens explain` and Access Lens: Explain Access Error: turns any
 * error text — a Databricks JSON answer, an HTML error page, an SDK or CLI
 * line, an Entra AADSTS message, a Python traceback, or a multi-megabyte log
 * holding one of them — into the docs/cli.md `explain` document.
 *
 * Pure: no I/O, no clock, no `vscode`. Linear in the input's length (see
 * signals.ts); only a bounded window around the chosen signal is read again.
 */
import { explainAadsts } from './aadsts';
import { ENTRA_CODES, type ExplainCode, type Explanation } from './explainTypes';
import { findBlockedIp, findHttpStatus, findKindWord, findObject, findPermission, windowAround } from './extract';
import { scanSignals, type Signal } from './signals';
import { findNotBoundCatalog, findUcDenial, isUcKind, type UcDenial } from './ucExtract';
import { ucWhyAction, ucWords } from './ucWording';
import type { Window } from './extract';
import { describe, whyAction } from './wording';

export type { ExplainCode, Explanation, ObjectKind, ObjectRef } from './explainTypes';
export { EXPLAIN_CODES } from './explainTypes';

function unknown(unknownAadsts: number | undefined): Explanation {
  // A known-but-UNKNOWN row (a transient Entra failure) still has words worth showing.
  const aad = unknownAadsts !== undefined ? explainAadsts(unknownAadsts) : undefined;
  const { title, explanation, remedies } = describe('UNKNOWN', { object: null, permission: null, aad, unknownAadsts: aad ? undefined : unknownAadsts });
  const result: Explanation = { matched: false, code: 'UNKNOWN', title, explanation, remedies, object: null, permission: null };
  if (unknownAadsts !== undefined) result.aadsts = unknownAadsts;
  return result;
}

/**
 * The `why` action to analyse for an explanation's object (docs/cli.md: the
 * action the text names, else `attach` for a cluster and `run` for a job);
 * undefined for objects `why` does not cover.
 */
export function suggestedAction(explanation: Pick<Explanation, 'object' | 'permission'>): string | undefined {
  const object = explanation.object;
  if (!object) return undefined;
  return isUcKind(object.kind) ? ucWhyAction(object.kind, explanation.permission) : whyAction(object, explanation.permission);
}

export interface ExplainOptions {
  /** The signed-in user name, for the GRANT a Unity Catalog remedy quotes; a placeholder otherwise. */
  readonly principal?: string;
}

function ucDenial(signal: Signal, w: Window): UcDenial | null {
  if (signal.code !== 'PERMISSION_DENIED') return null;
  return signal.notBound ? findNotBoundCatalog(w) : findUcDenial(w);
}

/** The explanation of a Unity Catalog refusal: the securable by kind and full name, and the privilege in API spelling. */
function explainUc(d: UcDenial, signal: Signal, w: Window, options: ExplainOptions): Explanation {
  const object = d.fullName ? { kind: d.kind, id: d.fullName } : null;
  const words = ucWords(d, object, options.principal);
  const result: Explanation = { matched: true, code: 'PERMISSION_DENIED', ...words, object, permission: d.privilege };
  const httpStatus = signal.httpStatus ?? findHttpStatus(w);
  if (httpStatus !== undefined) result.httpStatus = httpStatus;
  return result;
}

export function explainError(text: string, options: ExplainOptions = {}): Explanation {
  // Callers from JavaScript (or a parsed JSON body) may hand over anything.
  const input = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  const { best, unknownAadsts } = scanSignals(input);
  if (!best) return unknown(unknownAadsts);

  const code: ExplainCode = best.code;
  const entra = ENTRA_CODES.has(code) || best.aadsts !== undefined;
  const w = windowAround(input, best);
  const uc = ucDenial(best, w);
  if (uc) return explainUc(uc, best, w, options);
  const object = entra ? null : findObject(w);
  const permission = code === 'PERMISSION_DENIED' ? findPermission(w, best) : null;
  const aad = best.aadsts !== undefined ? explainAadsts(best.aadsts) : undefined;
  const blockedIp = code === 'IP_BLOCKED' ? findBlockedIp(w) : undefined;
  const kindWord = code === 'PERMISSION_DENIED' && !object ? findKindWord(w) : undefined;
  const { title, explanation, remedies } = describe(code, { object, permission, aad, singleUser: best.singleUser, blockedIp, kindWord });

  const result: Explanation = { matched: true, code, title, explanation, remedies, object, permission };
  if (best.aadsts !== undefined) result.aadsts = best.aadsts;
  // Entra answers with 400 whatever the cause: only Databricks-side statuses say something.
  const httpStatus = entra ? undefined : best.httpStatus ?? findHttpStatus(w);
  if (httpStatus !== undefined) result.httpStatus = httpStatus;
  return result;
}
