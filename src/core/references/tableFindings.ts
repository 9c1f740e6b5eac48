/**
 * From table and volume references to findings (docs/references.md, "What the editor marks"): the
 * privilege chain's verdict for what each statement does, asked once per distinct securable and
 * action of a scan. The workspaces are asked in order and the first definite answer wins (one
 * metastore usually serves several of them; the code's workspace is not known). Judging is pure.
 *
 * Denied is a warning with the blocker's code; unknown an information that says why; allowed gives
 * nothing. A partial name is resolved at run time against the session's current catalog and schema,
 * so it is never judged: a hint says so.
 */
import type { SecurableRef, UcVerdict } from '../catalog/types';
import type { TableReference } from './tableReferences';

/** What resolution needs from a workspace: a CatalogAccess fits. */
export interface TableVerdictSource {
  readonly host: string;
  why(ref: SecurableRef, action: string): Promise<UcVerdict>;
}

export type TableResolution =
  | { readonly state: 'judged'; readonly host: string; readonly verdict: UcVerdict }
  /** No workspace could answer (signed out, offline): say nothing rather than guess. */
  | { readonly state: 'unavailable'; readonly reason: string };

export type TableSeverity = 'warning' | 'information' | 'hint';

export interface TableFinding {
  readonly reference: TableReference;
  readonly severity: TableSeverity;
  /** The first blocker's code (PRIVILEGE_MISSING, CATALOG_NOT_BOUND, ACL_UNREADABLE, …), or PARTIAL_NAME. */
  readonly code: string;
  readonly message: string;
  /** The workspace whose verdict this is; absent for a partial name. */
  readonly host?: string;
  readonly verdict?: UcVerdict;
}

export const PARTIAL_NAME = 'PARTIAL_NAME';

export const tableKey = (r: Pick<TableReference, 'kind' | 'fullName' | 'action'>): string => `${r.kind}:${r.action}:${r.fullName}`;

async function resolveOne(ref: SecurableRef, action: string, sources: readonly TableVerdictSource[]): Promise<TableResolution> {
  let unknown: TableResolution | undefined;
  const failures: string[] = [];
  for (const source of sources) {
    let verdict: UcVerdict;
    try {
      verdict = await source.why(ref, action);
    } catch (error) {
      failures.push(`${source.host}: ${(error as Error).message}`);
      continue;
    }
    if (verdict.allowed !== null) return { state: 'judged', host: source.host, verdict };
    unknown ??= { state: 'judged', host: source.host, verdict };
  }
  return unknown ?? { state: 'unavailable', reason: failures.join('; ') || 'no workspace is configured' };
}

/** One verdict per distinct (kind, full name, action); partial names are not asked about. */
export async function resolveTableReferences(references: readonly TableReference[], sources: readonly TableVerdictSource[]): Promise<Map<string, TableResolution>> {
  const wanted = new Map<string, TableReference>();
  for (const r of references) if (!r.partial) wanted.set(tableKey(r), r);
  const entries = await Promise.all([...wanted].map(async ([key, r]) => [key, await resolveOne({ kind: r.kind, fullName: r.fullName }, r.action, sources)] as const));
  return new Map(entries);
}

function partialMessage(r: TableReference): string {
  const missing = r.fullName.split('.').length >= 2 ? 'catalog' : 'catalog and schema';
  return `${r.fullName} is resolved when the code runs, against the session's current ${missing}: Access Lens cannot check it. Write the full name (catalog.schema.${r.kind === 'volume' ? 'volume' : 'table'}), or say USE CATALOG/USE SCHEMA earlier in the file, to have it checked.`;
}

/** Findings for the references you cannot (or may not be able to) use as the statement needs. */
export function judgeTableReferences(references: readonly TableReference[], resolutions: ReadonlyMap<string, TableResolution>): TableFinding[] {
  const findings: TableFinding[] = [];
  for (const reference of references) {
    if (reference.partial) {
      findings.push({ reference, severity: 'hint', code: PARTIAL_NAME, message: partialMessage(reference) });
      continue;
    }
    const resolution = resolutions.get(tableKey(reference));
    if (!resolution || resolution.state === 'unavailable' || resolution.verdict.allowed === true) continue;
    const { host, verdict } = resolution;
    const code = verdict.blockers[0]?.code ?? (verdict.allowed === false ? 'PRIVILEGE_MISSING' : 'ACL_UNREADABLE');
    findings.push({ reference, host, verdict, severity: verdict.allowed === false ? 'warning' : 'information', code, message: verdict.summary });
  }
  return findings;
}
