/**
 * access-lens why <catalog|schema|table|volume|function|registered-model> <full-name> <action>
 * [--cluster ID]: the Unity Catalog privilege chain through the access map's CatalogAccess, and
 * with --cluster the compute side (catalog/compute.ts). docs/cli.md, "Unity Catalog".
 */
import { ComputeFacts, UcComputeVerdict, withCompute } from '../../core/catalog/compute';
import { chainRefs, fullNameForm, ucAction, ucKindRow } from '../../core/catalog/requirements';
import type { SecurableRef, UcKind, UcVerdict } from '../../core/catalog/types';
import type { AccessMap } from '../../core/workspace/accessMap';
import { UsageError } from '../args';
import { CliContext } from '../context';
import { Output } from '../output';
import { blockersAndRemedies } from './whyText';

const HELD = (held: boolean | null): string => (held === true ? 'yes' : held === false ? 'no' : 'unknown');

/** The text-mode `why` of a securable: summary, the chain one link a line, blockers, remedies (with the GRANT). */
export function ucVerdictText(v: UcVerdict | UcComputeVerdict): string {
  const lines = [v.summary, '', `Required: ${v.required}    You hold on it: ${v.granted.length > 0 ? v.granted.join(', ') : 'nothing'}`, '', 'The chain:'];
  const width = Math.max(...v.chain.map((l) => l.securable.length));
  const privilegeWidth = Math.max(...v.chain.map((l) => l.privilege.length));
  for (const link of v.chain) lines.push(`  ${link.securable.padEnd(width)}  ${link.privilege.padEnd(privilegeWidth)}  ${HELD(link.held).padEnd(7)}${link.via ? ` via ${link.via}` : ''}`.trimEnd());
  if ('compute' in v) lines.push('', `Cluster: ${v.compute.name ?? '?'} (${v.compute.id}), access mode ${v.compute.dataSecurityMode ?? 'unknown'}${v.compute.singleUserName ? ` for ${v.compute.singleUserName}` : ''}`);
  return [...lines, ...blockersAndRemedies(v)].join('\n');
}

/** The securable and action of the command line, or a usage error that shows the form to write. */
export function parseUcOperands(kind: UcKind, fullName: string | undefined, action: string | undefined): { ref: SecurableRef; action: string } {
  const row = ucKindRow(kind);
  const example = `access-lens why ${kind} ${fullNameForm(kind)} ${row.defaultAction}`;
  if (!fullName) throw new UsageError(`Name the ${kind} by its full name: ${example}`);
  if (!action) throw new UsageError(`Name the action on the ${kind}: one of ${row.actions.map((a) => a.name).join(', ')} (${example}).`);
  try {
    const refs = chainRefs({ kind, fullName });
    ucAction(kind, action);
    return { ref: refs[refs.length - 1] as SecurableRef, action };
  } catch (error) {
    throw new UsageError(`${(error as Error).message} For example: ${example}`);
  }
}

/** The cluster as the access map's (cached) cluster list has it; null when it is not listed. */
async function clusterFacts(map: AccessMap, id: string): Promise<ComputeFacts | null> {
  const found = (await map.list('cluster')).find((c) => c.id === id);
  if (!found) return null;
  return { id, name: found.name, ...('dataSecurityMode' in found ? { dataSecurityMode: found.dataSecurityMode, singleUserName: found.singleUserName } : { dataSecurityMode: undefined, singleUserName: undefined }) };
}

export async function whyUc(ctx: CliContext, out: Output, kind: UcKind, map: () => Promise<AccessMap>): Promise<number> {
  const [, fullName, actionWord] = ctx.args.operands;
  const { ref, action } = parseUcOperands(kind, fullName, actionWord);
  const accessMap = await map();
  const verdict = await accessMap.catalog.why(ref, action);
  const cluster = ctx.args.cluster;
  const document = cluster ? withCompute(verdict, (await accessMap.whoami()).subject, cluster, await clusterFacts(accessMap, cluster)) : verdict;
  out.result(document, ucVerdictText(document));
  return 0;
}
