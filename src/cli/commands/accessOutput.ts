/** What ls and why share on the command line: the signed-in access map, the ls rows (JSON and table) and the why text. */
import { ACTIONS, Verdict, heldText } from '../../core/access';
import { AccessLensError } from '../../core/errors';
import { AccessMap, ObjectRow } from '../../core/workspace/accessMap';
import { CliContext } from '../context';
import { blockersAndRemedies } from './whyText';

export async function accessMap(ctx: CliContext): Promise<AccessMap> {
  const host = ctx.host();
  const core = await ctx.core();
  const account = await core.session.currentAccount();
  if (!account) throw new AccessLensError('SIGN_IN_REQUIRED', 'You are not signed in. Run "access-lens login" first.', ['signIn']);
  return ctx.maps.get(host, account.homeAccountId);
}

const MARK = (allowed: boolean | null): string => (allowed === true ? 'yes' : allowed === false ? 'no' : '?');

/** The `ls` JSON items: kind, id, name, level and allowed per action. */
export function rowItems(rows: readonly ObjectRow[]): object[] {
  return rows.map((r) => ({ kind: r.kind, id: r.id, name: r.name, level: r.level, actions: Object.fromEntries(ACTIONS[r.kind].map((a) => [a, { allowed: r.allowed[a] ?? null }])) }));
}

/** The `ls` table: a column per action of `actions` (the kinds listed together share them). */
export function rowsText(rows: readonly ObjectRow[], actions: readonly string[]): string {
  // A loop, not Math.max(...rows): spreading 150,000 rows as arguments overflows the stack.
  const width = rows.reduce((w, r) => Math.max(w, r.name.length), 4);
  const header = `${'NAME'.padEnd(width)}  ${'ID'.padEnd(22)}  ${actions.map((a) => a.toUpperCase().padEnd(8)).join('')}LEVEL`;
  const lines = rows.map((r) => `${r.name.padEnd(width)}  ${r.id.padEnd(22)}  ${actions.map((a) => MARK(r.allowed[a] ?? null).padEnd(8)).join('')}${r.level ? `${r.level}${r.via ? ` via ${r.via}` : ''}` : '-'}`);
  return [header, ...lines].join('\n');
}

export function verdictText(v: Verdict): string {
  const lines = [v.summary, '', `Required: ${v.required}    You hold: ${heldText(v)}`];
  if (v.grants.length > 0) {
    lines.push('', 'Grants that reach you:');
    for (const g of v.grants) lines.push(`  ${g.level.padEnd(15)} ${g.principal}   (${g.path.join(' → ')})${g.inheritedFrom ? `, inherited from ${g.inheritedFrom}` : ''}`);
  }
  return [...lines, ...blockersAndRemedies(v)].join('\n');
}
