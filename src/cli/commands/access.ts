/** ls and why: the access map on the command line. */
import { ACTIONS, ObjectKind, Verdict, heldText, isAction, kindNamed, kindRows, orList } from '../../core/access';
import { isUcKind } from '../../core/catalog/types';
import { AccessLensError } from '../../core/errors';
import { AccessMap, ObjectRow } from '../../core/workspace/accessMap';
import { UsageError } from '../args';
import { CliContext } from '../context';
import { Output } from '../output';
import { whyUc } from './whyUc';
import { CLUSTER_CREATE, whyClusterCreate } from './whyClusterCreate';
import { blockersAndRemedies } from './whyText';
import { SERVICE_PRINCIPAL_KIND, runAsLine, whyServicePrincipal, withRunAs } from './whyRunAs';

/** The kind a word names (`cluster` or `clusters`, any kind of the table), else a usage error with an example per kind. */
export function parseKind(word: string | undefined, command: 'ls' | 'why'): ObjectKind {
  const kind = kindNamed(word);
  if (kind) return kind;
  const examples = kindRows().map((k) => `"access-lens ${command === 'ls' ? `ls ${k.plural}` : `why ${k.name} <id> ${k.defaultAction}`}"`);
  if (command === 'why') examples.push('"access-lens why table <catalog.schema.table> select" (or catalog, schema, volume, function, registered-model)', '"access-lens why service-principal <application id> use"', '"access-lens why cluster-create"');
  throw new UsageError(`Say what to ${command}: ${orList(examples)}.`);
}

export async function accessMap(ctx: CliContext): Promise<AccessMap> {
  const host = ctx.host();
  const core = await ctx.core();
  const account = await core.session.currentAccount();
  if (!account) throw new AccessLensError('SIGN_IN_REQUIRED', 'You are not signed in. Run "access-lens login" first.', ['signIn']);
  return ctx.maps.get(host, account.homeAccountId);
}

const MARK = (allowed: boolean | null): string => (allowed === true ? 'yes' : allowed === false ? 'no' : '?');

export async function ls(ctx: CliContext, out: Output): Promise<number> {
  const kind = parseKind(ctx.args.operands[0], 'ls');
  const map = await accessMap(ctx);
  const objects = await map.list(kind);
  out.progress(`Reading the permissions of ${objects.length} ${kind}s…`);
  const rows: ObjectRow[] = await Promise.all(objects.map((o) => map.row(kind, o)));
  const items = rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    name: r.name,
    level: r.level,
    actions: Object.fromEntries(ACTIONS[kind].map((a) => [a, { allowed: r.allowed[a] ?? null }])),
  }));
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  const header = `${'NAME'.padEnd(width)}  ${'ID'.padEnd(22)}  ${ACTIONS[kind].map((a) => a.toUpperCase().padEnd(8)).join('')}LEVEL`;
  const lines = rows.map((r) => `${r.name.padEnd(width)}  ${r.id.padEnd(22)}  ${ACTIONS[kind].map((a) => MARK(r.allowed[a] ?? null).padEnd(8)).join('')}${r.level ? `${r.level}${r.via ? ` via ${r.via}` : ''}` : '-'}`);
  out.result({ items }, [header, ...lines].join('\n'));
  return 0;
}

export function verdictText(v: Verdict): string {
  const lines = [v.summary, '', `Required: ${v.required}    You hold: ${heldText(v)}`];
  if (v.grants.length > 0) {
    lines.push('', 'Grants that reach you:');
    for (const g of v.grants) lines.push(`  ${g.level.padEnd(15)} ${g.principal}   (${g.path.join(' → ')})${g.inheritedFrom ? `, inherited from ${g.inheritedFrom}` : ''}`);
  }
  return [...lines, ...blockersAndRemedies(v)].join('\n');
}

export async function why(ctx: CliContext, out: Output): Promise<number> {
  const [kindWord, id, action] = ctx.args.operands;
  if (kindWord && isUcKind(kindWord)) return whyUc(ctx, out, kindWord, () => accessMap(ctx));
  if (kindWord === SERVICE_PRINCIPAL_KIND) return whyServicePrincipal(out, () => accessMap(ctx), id, action);
  if (kindWord === CLUSTER_CREATE) return whyClusterCreate(ctx, out, () => accessMap(ctx));
  if (ctx.args.cluster !== undefined) throw new UsageError(`--cluster goes with a Unity Catalog why, e.g. access-lens why table main.features.churn select --cluster <cluster id>; for a cluster itself write access-lens why cluster <id> attach.`);
  const kind = parseKind(kindWord, 'why');
  if (!id) throw new UsageError(`Name the ${kind} id: access-lens why ${kind} <id> ${ACTIONS[kind][0]}`);
  if (!action || !isAction(kind, action)) {
    throw new UsageError(`Name the action on the ${kind}: one of ${ACTIONS[kind].join(', ')}${action ? ` (not "${action}")` : ''}.`);
  }
  const map = await accessMap(ctx);
  const verdict = await map.why(kind, id, action);
  if (kind === 'job') {
    // Which identity the job runs as: one jobs/get, only here (ls would need one per job).
    const doc = await withRunAs(map, verdict);
    out.result(doc, `${verdictText(verdict)}\n\n${runAsLine(doc)}`);
    return 0;
  }
  out.result(verdict, verdictText(verdict));
  return 0;
}
