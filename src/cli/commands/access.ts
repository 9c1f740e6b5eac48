/** ls and why: the access map on the command line. */
import { ACTIONS, ObjectKind, isAction, kindNamed, kindRows, orList } from '../../core/access';
import { isUcKind } from '../../core/catalog/types';
import { ObjectRow } from '../../core/workspace/accessMap';
import { rowsAsListed } from '../../core/workspace/rowsAsListed';
import { isFolderKind } from '../../core/workspace/workspaceTree';
import { UsageError } from '../args';
import { CliContext } from '../context';
import { Output } from '../output';
import { whyUc } from './whyUc';
import { CLUSTER_CREATE, whyClusterCreate } from './whyClusterCreate';
import { runAsLine } from '../../core/workspace/runAs';
import { SERVICE_PRINCIPAL_KIND, whyServicePrincipal, withRunAs } from './whyRunAs';
import { pipelineRunAsLines, withPipelineRunAs } from './whyPipelineRunAs';
import { accessMap, rowItems, rowsText, verdictText } from './accessOutput';
import { lsWorkspace, whyWorkspace } from './workspaceObjects';

/** The kind a word names (`cluster` or `clusters`, any kind of the table), else a usage error with an example per kind. */
export function parseKind(word: string | undefined, command: 'ls' | 'why'): ObjectKind {
  const kind = kindNamed(word);
  if (kind) return kind;
  // The folder listing first: the kinds' examples end the sentence, as they grow with the table.
  const examples = command === 'ls' ? ['"access-lens ls workspace <folder path>"'] : [];
  examples.push(...kindRows()
    .filter((k) => command === 'why' || !isFolderKind(k.name))
    .map((k) => `"access-lens ${command === 'ls' ? `ls ${k.plural}` : `why ${k.name} <${isFolderKind(k.name) ? 'path|id' : 'id'}> ${k.defaultAction}`}"`));
  if (command === 'why') examples.push('"access-lens why table <catalog.schema.table> select" (or catalog, schema, volume, function, registered-model)', '"access-lens why service-principal <application id> use"', '"access-lens why cluster-create"');
  throw new UsageError(`Say what to ${command}: ${orList(examples)}.`);
}

export async function ls(ctx: CliContext, out: Output): Promise<number> {
  if (ctx.args.operands[0] === 'workspace') return lsWorkspace(ctx, out);
  const kind = parseKind(ctx.args.operands[0], 'ls');
  if (isFolderKind(kind)) throw new UsageError(`${kind === 'directory' ? 'Folders' : kind === 'repo' ? 'Git folders' : 'Notebooks'} are listed one folder at a time: access-lens ls workspace <folder path>, e.g. access-lens ls workspace /Users/<you>.`);
  const map = await accessMap(ctx);
  // Who you are loads beside the first list page instead of after it (the verdicts need both; a
  // failure is reported by the rows, which await it too), and permission reads start with the first
  // page, not after the last one (rowsAsListed.ts).
  map.whoami().catch(() => undefined);
  const { rows } = await rowsAsListed<ObjectRow>(map.listing(kind), (o) => map.row(kind, o), (objects) => out.progress(`Listed ${objects.length} ${kind}s; reading the rest of their permissions…`));
  out.result({ items: rowItems(rows) }, rowsText(rows, ACTIONS[kind]));
  return 0;
}

export async function why(ctx: CliContext, out: Output): Promise<number> {
  const [kindWord, id, action] = ctx.args.operands;
  if (kindWord && isUcKind(kindWord)) return whyUc(ctx, out, kindWord, () => accessMap(ctx));
  if (kindWord === SERVICE_PRINCIPAL_KIND) return whyServicePrincipal(out, () => accessMap(ctx), id, action);
  if (kindWord === CLUSTER_CREATE) return whyClusterCreate(ctx, out, () => accessMap(ctx));
  if (ctx.args.cluster !== undefined) throw new UsageError(`--cluster goes with a Unity Catalog why, e.g. access-lens why table main.features.churn select --cluster <cluster id>; for a cluster itself write access-lens why cluster <id> attach.`);
  const kind = parseKind(kindWord, 'why');
  if (!id) throw new UsageError(`Name the ${kind} ${isFolderKind(kind) ? 'by its workspace path or object id' : 'id'}: access-lens why ${kind} <${isFolderKind(kind) ? 'path|id' : 'id'}> ${ACTIONS[kind][0]}`);
  if (!action || !isAction(kind, action)) {
    throw new UsageError(`Name the action on the ${kind}: one of ${ACTIONS[kind].join(', ')}${action ? ` (not "${action}")` : ''}.`);
  }
  if (isFolderKind(kind)) return whyWorkspace(ctx, out, kind, id, action);
  const map = await accessMap(ctx);
  const verdict = await map.why(kind, id, action);
  if (kind === 'job') {
    // Which identity the job runs as: one jobs/get, only here (ls would need one per job).
    const doc = await withRunAs(map, verdict);
    out.result(doc, `${verdictText(verdict)}\n\n${runAsLine(doc)}`);
    return 0;
  }
  if (kind === 'pipeline') {
    const doc = await withPipelineRunAs(map, verdict);
    out.result(doc, `${verdictText(verdict)}\n\n${pipelineRunAsLines(doc)}`);
    return 0;
  }
  out.result(verdict, verdictText(verdict));
  return 0;
}
