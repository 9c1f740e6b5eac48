/**
 * From references to findings: which clusters and jobs a text names that you
 * cannot use for what the text does with them. Resolution asks the access
 * maps (cached, so cheap once warm); judging is pure and synchronous.
 */
import { Action, ObjectKind, Verdict, actionVerb, isAction, kindRow } from '../access';
import type { ObjectReference } from './findReferences';

export interface ObjectSummaryLike {
  readonly id: string;
  readonly name: string;
}

/** What resolution needs from a workspace: an AccessMap fits. */
export interface VerdictSource {
  readonly host: string;
  list(kind: ObjectKind): Promise<readonly ObjectSummaryLike[]>;
  /** Called with a summary from `list` (method syntax: AccessMap's narrower summary type fits). */
  row(kind: ObjectKind, summary: ObjectSummaryLike): Promise<{ readonly verdicts: Record<string, Verdict> }>;
}

export type Resolution =
  | { readonly state: 'found'; readonly host: string; readonly summary: ObjectSummaryLike; readonly verdicts: Readonly<Record<string, Verdict>> }
  | { readonly state: 'notFound'; readonly hosts: readonly string[] }
  /** No workspace could answer (signed out, offline): say nothing rather than guess. */
  | { readonly state: 'unavailable'; readonly reason: string };

export type ReferenceSeverity = 'error' | 'warning' | 'information';

export interface ReferenceFinding {
  readonly reference: ObjectReference;
  readonly severity: ReferenceSeverity;
  /** A docs/codes.md blocker code (NO_GRANT, LEVEL_TOO_LOW, …), NOT_FOUND, or UNKNOWN when the verdict is null. */
  readonly code: string;
  readonly message: string;
  /** The workspace that knows the object, and the verdict for the reference's action (absent when not found). */
  readonly host?: string;
  /** The object as its workspace lists it (a cluster's access mode included), for the why view. */
  readonly summary?: ObjectSummaryLike;
  readonly verdict?: Verdict;
}

export const referenceKey = (kind: ObjectKind, id: string): string => `${kind}:${id}`;

const indexes = new WeakMap<readonly ObjectSummaryLike[], Map<string, ObjectSummaryLike>>();
function indexOf(list: readonly ObjectSummaryLike[]): Map<string, ObjectSummaryLike> {
  let index = indexes.get(list);
  if (!index) {
    index = new Map(list.map((o) => [o.id, o]));
    indexes.set(list, index);
  }
  return index;
}

async function resolveOne(kind: ObjectKind, id: string, sources: readonly VerdictSource[]): Promise<Resolution> {
  const searched: string[] = [];
  const failures: string[] = [];
  for (const source of sources) {
    let summary: ObjectSummaryLike | undefined;
    try {
      summary = indexOf(await source.list(kind)).get(id);
    } catch (error) {
      failures.push(`${source.host}: ${(error as Error).message}`);
      continue;
    }
    searched.push(source.host);
    if (!summary) continue;
    try {
      const row = await source.row(kind, summary);
      return { state: 'found', host: source.host, summary, verdicts: row.verdicts };
    } catch (error) {
      return { state: 'unavailable', reason: `${source.host}: ${(error as Error).message}` };
    }
  }
  if (searched.length > 0) return { state: 'notFound', hosts: searched };
  return { state: 'unavailable', reason: failures.join('; ') || 'no workspace is configured' };
}

/** One resolution per distinct object, asked of the workspaces in order (the first that lists the id wins). */
export async function resolveReferences(references: readonly ObjectReference[], sources: readonly VerdictSource[]): Promise<Map<string, Resolution>> {
  const wanted = new Map<string, { kind: ObjectKind; id: string }>();
  for (const r of references) wanted.set(referenceKey(r.kind, r.id), { kind: r.kind, id: r.id });
  const entries = await Promise.all([...wanted].map(async ([key, { kind, id }]) => [key, await resolveOne(kind, id, sources)] as const));
  return new Map(entries);
}

function hostList(hosts: readonly string[]): string {
  const names = hosts.map((h) => h.replace(/^https:\/\//, ''));
  return names.length <= 2 ? names.join(' or ') : `${names.slice(0, 2).join(', ')} or ${names.length - 2} more`;
}

/** Findings for the references you cannot use as their context needs; usable ones and unanswerable ones give none. */
export function judgeReferences(references: readonly ObjectReference[], resolutions: ReadonlyMap<string, Resolution>): ReferenceFinding[] {
  const findings: ReferenceFinding[] = [];
  for (const reference of references) {
    const resolution = resolutions.get(referenceKey(reference.kind, reference.id));
    if (!resolution || resolution.state === 'unavailable') continue;
    const { kind, id } = reference;
    if (resolution.state === 'notFound') {
      findings.push({ reference, severity: 'warning', code: 'NOT_FOUND', message: `No ${kind} with id ${id} in ${hostList(resolution.hosts)}: it does not exist, was deleted, or is not visible to you. Check the id, or whether it belongs to another workspace.` });
      continue;
    }
    const action: Action = isAction(kind, reference.action) ? reference.action : (kindRow(kind).defaultAction as Action);
    const verdict = resolution.verdicts[action];
    if (!verdict || verdict.allowed === true) continue;
    const what = `${kind} "${resolution.summary.name}" (needs ${verdict.required})`;
    const found = { reference, host: resolution.host, summary: resolution.summary, verdict };
    if (verdict.allowed === null) {
      const partly = verdict.blockers.some((b) => b.code === 'ACL_PARTIAL');
      findings.push({ ...found, severity: 'information', code: 'UNKNOWN', message: `Unknown whether you can ${actionVerb(kind, action)} ${what}: its permissions are ${partly ? 'only partly readable' : 'not readable'} to you.` });
    } else {
      const blocker = verdict.blockers[0];
      findings.push({ ...found, severity: 'error', code: blocker?.code ?? 'NO_GRANT', message: `You cannot ${actionVerb(kind, action)} ${what}: ${blocker?.message ?? verdict.summary}` });
    }
  }
  return findings;
}

export interface Alternative {
  readonly summary: ObjectSummaryLike;
  readonly verdict: Verdict;
}

/**
 * The objects of one workspace you can use for an action, to replace a
 * reference with: the first `limit` listed are checked (their verdicts are
 * the tree's, cached in the map), those that allow the action kept.
 */
export async function usableAlternatives(source: VerdictSource, kind: ObjectKind, action: Action, excludeId: string, limit = 500): Promise<{ alternatives: Alternative[]; checked: number; total: number }> {
  const others = (await source.list(kind)).filter((o) => o.id !== excludeId);
  const candidates = others.slice(0, limit);
  const rows = await Promise.all(candidates.map(async (summary) => ({ summary, verdict: (await source.row(kind, summary).catch(() => undefined))?.verdicts[action] })));
  const alternatives = rows.filter((r): r is Alternative => r.verdict?.allowed === true);
  return { alternatives, checked: candidates.length, total: others.length };
}
