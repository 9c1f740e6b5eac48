/** access-lens why cluster-create: "can I create a cluster?" (docs/cli.md), through the access map. */
import type { ClusterCreateVerdict, Usable } from '../../core/access/clusterCreate';
import { clusterCreate } from '../../core/workspace/clusterCreate';
import type { AccessMap } from '../../core/workspace/accessMap';
import { UsageError } from '../args';
import { CliContext } from '../context';
import { Output } from '../output';
import { blockersAndRemedies } from './whyText';

export const CLUSTER_CREATE = 'cluster-create';

const HELD = (held: boolean | null): string => (held === true ? 'yes' : held === false ? 'no' : 'unknown');
const listed = (items: readonly Usable[], none: string): string[] => (items.length === 0 ? [`  ${none}`] : items.map((i) => `  ${i.name} (${i.id})${i.via ? ` via ${i.via}` : ''}`));

/** The text-mode answer: verdict, entitlement, the policies and pools you may use with who gave them, blockers, remedies. */
export function clusterCreateText(v: ClusterCreateVerdict): string {
  const lines = [
    v.summary,
    '',
    `Entitlement ${v.entitlement.name}: ${HELD(v.entitlement.held)}${v.entitlement.via ? ` via ${v.entitlement.via}` : ''}`,
    '',
    'Cluster policies you may use:',
    ...listed(v.policies, 'none'),
    '',
    'Instance pools you may attach to:',
    ...listed(v.pools, 'none'),
  ];
  return [...lines, ...blockersAndRemedies(v)].join('\n');
}

export async function whyClusterCreate(ctx: CliContext, out: Output, map: () => Promise<AccessMap>): Promise<number> {
  const extra = ctx.args.operands.slice(1);
  if (extra.length > 0) throw new UsageError(`access-lens why ${CLUSTER_CREATE} takes no id or action (not "${extra.join(' ')}"); for one policy write access-lens why policy <policy id> use.`);
  const verdict = await clusterCreate(await map());
  out.result(verdict, clusterCreateText(verdict));
  return 0;
}
