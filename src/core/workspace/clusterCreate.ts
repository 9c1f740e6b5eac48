/**
 * Reads what "can I create a cluster?" needs from one workspace (access/clusterCreate.ts judges):
 * your entitlements and your groups' (SCIM), the cluster policies listed to you with the verdict
 * of `use` and their ACLs, and the instance pools with the verdict of `attach`. Everything goes
 * through the access map, so its cache, limiter and identity serve `ls` and the editor too.
 */
import { ClusterCreateVerdict, judgeClusterCreate } from '../access/clusterCreate';
import type { AccessMap } from './accessMap';

export async function clusterCreate(map: AccessMap): Promise<ClusterCreateVerdict> {
  const [identity, policies, pools] = await Promise.all([map.whoami(), map.list('policy'), map.list('pool')]);
  const [policyRows, poolRows] = await Promise.all([
    Promise.all(policies.map(async (p) => ({ id: p.id, name: p.name, verdict: await map.explain('policy', p, 'use'), acl: await map.acl('policy', p.id, false, 'visible') }))),
    Promise.all(pools.map(async (p) => ({ id: p.id, name: p.name, verdict: await map.explain('pool', p, 'attach') }))),
  ]);
  return judgeClusterCreate({
    userName: identity.me.userName,
    host: map.host,
    entitlements: identity.me.entitlements,
    groups: identity.groups,
    policies: policyRows,
    pools: poolRows,
  });
}
