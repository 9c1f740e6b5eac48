// Clusters API 2.1: list (page_size / page_token) and get.
import type { DirCluster } from '../directory';
import type { RequestContext } from '../http/router';
import { sendJson } from '../http/respond';
import { effectiveLevel } from './acl';
import type { Caller, WorkspaceContext } from './context';
import { sendApiError } from './errors';
import { decodePageToken, intParam, paginate } from './paging';

const MAX_PAGE_SIZE = 100;

export function handleListClusters(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void {
  const pageSize = intParam(ctx.url, 'page_size') ?? MAX_PAGE_SIZE;
  if (Number.isNaN(pageSize) || pageSize < 1) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Invalid page_size: ${ctx.url.searchParams.get('page_size')}. It must be a positive integer.`);
  const token = ctx.url.searchParams.get('page_token');
  const offset = token ? decodePageToken('clusters', token) : 0;
  if (offset === null) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Invalid page_token.');
  // The server constrains the page size, as Databricks says it may.
  const page = paginate('clusters', visibleClusters(wc, caller), offset, Math.min(pageSize, MAX_PAGE_SIZE));
  // No clusters: Databricks answers {} rather than {"clusters": []}.
  sendJson(ctx.res, 200, {
    ...(page.items.length > 0 ? { clusters: page.items.map((c) => clusterInfo(c)) } : {}),
    ...(page.next ? { next_page_token: page.next } : {}),
    ...(page.prev ? { prev_page_token: page.prev } : {}),
  });
}

export function handleGetCluster(wc: WorkspaceContext, ctx: RequestContext, caller: Caller): void {
  const id = ctx.url.searchParams.get('cluster_id');
  if (!id) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', 'Missing required field: cluster_id');
  const cluster = wc.runtime.directory.cluster(id);
  if (!cluster || !visibleClusters(wc, caller, [cluster]).includes(cluster)) return sendApiError(ctx.res, 400, 'INVALID_PARAMETER_VALUE', `Cluster ${id} does not exist`);
  sendJson(ctx.res, 200, clusterInfo(cluster));
}

/** All clusters, or with listVisibility "permitted" only those the caller holds a level on. */
function visibleClusters(wc: WorkspaceContext, caller: Caller, among?: DirCluster[]): DirCluster[] {
  const dir = wc.runtime.directory;
  const candidates = among ?? dir.clusters;
  if (wc.runtime.knobs.listVisibility === 'all') return candidates;
  const groups = dir.transitiveGroupsOf(caller.user.userName);
  return candidates.filter((c) => effectiveLevel(dir, { kind: 'clusters', object: c }, caller.user.userName, groups) !== null);
}

export function clusterInfo(c: DirCluster): Record<string, unknown> {
  // Times derived from the id so the same scenario always shows the same values.
  const seed = [...c.cluster_id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  const startTime = 1_750_000_000_000 + (seed % 10_000_000) * 1000;
  const running = c.state === 'RUNNING' || c.state === 'RESIZING';
  return {
    cluster_id: c.cluster_id,
    creator_user_name: c.creator,
    cluster_name: c.cluster_name,
    spark_version: c.spark_version,
    node_type_id: c.node_type_id,
    driver_node_type_id: c.node_type_id,
    num_workers: c.num_workers,
    autotermination_minutes: 120,
    enable_elastic_disk: true,
    data_security_mode: c.data_security_mode,
    ...(c.single_user_name ? { single_user_name: c.single_user_name } : {}),
    cluster_source: 'UI',
    state: c.state,
    state_message: running ? '' : c.state === 'TERMINATED' ? 'Inactive cluster terminated (inactive for 120 minutes).' : 'Finding instances for new nodes',
    start_time: startTime,
    ...(c.state === 'TERMINATED' ? { terminated_time: startTime + 3_600_000, termination_reason: { code: 'INACTIVITY', type: 'SUCCESS', parameters: { inactivity_duration_min: '120' } } } : {}),
    default_tags: { Vendor: 'Databricks', Creator: c.creator, ClusterName: c.cluster_name, ClusterId: c.cluster_id },
    disk_spec: {},
    ...(running ? { spark_context_id: seed, driver: { host_private_ip: '10.139.64.4', node_id: c.cluster_id.slice(-8) } } : {}),
  };
}
