/**
 * The Unity Catalog privilege chain: from you, a securable and an action, the `why` document an
 * admin would trust (docs/verdicts.md, "Unity Catalog"). Every privilege the action needs is a
 * link (USE CATALOG on the catalog, USE SCHEMA on the schema, SELECT on the table, …); the action
 * is allowed when every link is held and the catalog is bound to this workspace. Pure: no I/O.
 * A "no" needs one link known to be missing; a link that could not be read makes the answer
 * unknown, never a guess either way.
 */
import type { Blocker } from '../access/types';
import { chainRemedies } from './chainRemedies';
import { JudgedLink, MANAGE, judgeLink } from './holding';
import { UcKindRow, sqlPrivilege, stepIndex, ucAction, ucKindRow } from './requirements';
import { ChainFacts, SecurableFacts, UcVerdict } from './types';

/** Blockers that decide "no" whatever is unknown elsewhere. */
const CERTAIN = new Set(['CATALOG_NOT_BOUND', 'PRIVILEGE_MISSING']);

/** The steps must run from the catalog down to the object: a mismatch is a bug of the caller, said plainly. */
function checkSteps(facts: ChainFacts, row: UcKindRow): void {
  const expected = ['catalog', 'schema', facts.object.kind].slice(0, row.depth).concat(facts.object.kind);
  const actual = facts.steps.map((s) => s.ref.kind);
  const last = facts.steps[facts.steps.length - 1];
  if (actual.join(',') !== expected.join(',') || last?.ref.fullName !== facts.object.fullName) {
    throw new Error(`The chain for ${facts.object.kind} ${facts.object.fullName} needs the steps ${expected.join(' → ')} ending at the object itself; it was given ${actual.join(' → ') || 'none'}.`);
  }
}

function describe(step: SecurableFacts): string {
  return `${step.ref.kind} ${step.ref.fullName}`;
}

function missingBlocker(judged: JudgedLink): Blocker {
  const managed = (judged.step.effective ?? []).some((e) => e.privilege === MANAGE);
  const note = managed ? ' You hold MANAGE there, which lets you grant it to yourself but does not give it by itself.' : '';
  return {
    code: 'PRIVILEGE_MISSING',
    message: `You do not hold ${sqlPrivilege(judged.link.privilege)} on ${describe(judged.step)} (directly, through a group, inherited from above or as its owner).${note}`,
  };
}

function blockersOf(facts: ChainFacts, links: readonly JudgedLink[]): Blocker[] {
  const catalog = facts.steps[0];
  const blockers: Blocker[] = [];
  if (catalog?.boundToThisWorkspace === false) {
    blockers.push({ code: 'CATALOG_NOT_BOUND', message: `Catalog ${catalog.ref.fullName} is bound to other workspaces only, so nothing in it can be used from this one, whatever your privileges.` });
  }
  const missing = links.find((l) => l.link.held === false);
  if (missing) blockers.push(missingBlocker(missing));
  if (catalog && (catalog.boundToThisWorkspace === null || catalog.boundToThisWorkspace === undefined)) {
    blockers.push({ code: 'CATALOG_BINDING_UNKNOWN', message: `Whether catalog ${catalog.ref.fullName} may be used from this workspace (its workspace bindings) could not be read.` });
  }
  for (const judged of links) {
    if (judged.link.held !== null) continue;
    blockers.push({ code: 'ACL_UNREADABLE', message: `Whether you hold ${sqlPrivilege(judged.link.privilege)} on ${describe(judged.step)} is unknown: ${judged.unknownReason ?? 'it could not be read'}.` });
  }
  return blockers;
}

/**
 * Row filters and column masks do not block a read; they change what it returns, and the summary
 * says so. A table whose metadata could not be read (null) says that too: silence would read as
 * "unfiltered", which nobody checked.
 */
function filteredNote(step: SecurableFacts): string {
  const what = [step.rowFilter ? 'a row filter' : '', step.columnMasks ? 'column masks' : ''].filter(Boolean);
  const unread = [step.rowFilter === null ? 'a row filter' : '', step.columnMasks === null ? 'column masks' : ''].filter(Boolean);
  const known = what.length === 0 ? '' : `, but filtered: ${what.join(' and ')} ${what.length > 1 ? 'apply' : 'applies'}, so you see only the rows and values ${what.length > 1 ? 'they let' : 'it lets'} through`;
  const unknown = unread.length === 0 ? '' : `; whether the table has ${unread.join(' or ')} could not be read (the table's metadata was refused), so the rows and values you see may be filtered`;
  return known + unknown;
}

export function judgeChain(facts: ChainFacts): UcVerdict {
  const row = ucKindRow(facts.object.kind);
  const action = ucAction(row.kind, facts.action);
  checkSteps(facts, row);
  const links = action.needs.map((need) => {
    const index = stepIndex(row, need.on);
    return judgeLink(facts.subject, facts.steps[index] as SecurableFacts, index, need.privilege);
  });
  const blockers = blockersOf(facts, links);
  const allowed = blockers.some((b) => CERTAIN.has(b.code)) ? false : blockers.length > 0 ? null : true;
  const object = facts.steps[row.depth] as SecurableFacts;
  const target = `${row.kind} ${facts.object.fullName}`;
  const summary =
    allowed === true
      ? `You can ${action.verb} ${target} (${links.map((l) => `${sqlPrivilege(l.link.privilege)} ${l.viaText ?? ''}`.trim()).join('; ')})${filteredNote(object)}.`
      : allowed === false
        ? `You cannot ${action.verb} ${target}: ${blockers[0]?.message ?? ''}`
        : `Unknown whether you can ${action.verb} ${target}: ${blockers[0]?.message ?? ''}`;
  return {
    kind: row.kind,
    id: facts.object.fullName,
    name: facts.object.fullName,
    action: action.name,
    allowed,
    required: action.needs[action.needs.length - 1]?.privilege ?? '',
    granted: [...new Set((object.effective ?? []).map((e) => e.privilege))],
    chain: links.map((l) => l.link),
    blockers,
    remedies: allowed === true ? [] : chainRemedies(facts, links, blockers, action.verb),
    summary,
  };
}
