/**
 * The access map at scale (issue 4's targets): a generated workspace of 2,000
 * clusters and 10,000 jobs, 50 ms latency per request, and the server allowing
 * 100 permission reads per second (429 beyond). Our pipeline against a naive
 * sequential client, as a user would script it with an SDK.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AccessObject, Subject, evaluate } from '../../src/core/access';
import { AclState } from '../../src/core/access/types';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { resolveGroups } from '../../src/core/workspace/groups';
import { RequestLimiter } from '../../src/core/workspace/limiter';
import { getMe } from '../../src/core/workspace/scim';
import { ClusterSummary, JobSummary, WorkspaceClient } from '../../src/core/workspace/workspaceClient';
import { startSandbox } from '../fakes/sandbox';
import type { Scenario } from '../fakes/scenario';

const MB = 1024 * 1024;
const LATENCY_MS = 50;

export async function benchScale(): Promise<void> {
  const base = JSON.parse(readFileSync(join(__dirname, '../../../test/scenarios/large.json'), 'utf8')) as Scenario;
  const scenario = { ...base, name: 'scale', generate: { ...base.generate!, clusters: 2000, jobs: 10000, groups: 300 } } as Scenario;
  const sandbox = await startSandbox({ scenario, overrides: { latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: 100, retryAfterSec: 1 } } });
  try {
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.caPath, 'utf8')], env: {} });
    const token = sandbox.control.mintDatabricksToken({ userName: 'alice@contoso.com' });
    const call: AuthorizedHttp = (r) => http({ method: r.method, url: `${sandbox.workspaceHost}${r.path}`, headers: { authorization: `Bearer ${token}` } });
    let peakHeap = process.memoryUsage().heapUsed;
    const heapStart = peakHeap;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
    const logStart = sandbox.requestLog.length;

    // Ours: identity and the first list page in parallel, permissions for each page as soon as it arrives.
    const limiter = new RequestLimiter({ maxConcurrent: 50, requestsPerSecond: 95 });
    const client = new WorkspaceClient(sandbox.workspaceHost, call, limiter);
    const started = performance.now();
    let firstFifty = 0;
    let verdicts = 0;
    const acls = new Map<string, AclState>();
    let identityMs = 0;
    let firstAcl = 0;
    const identity = getMe(call, sandbox.workspaceHost).then(async (me) => {
      const groups = await resolveGroups(call, sandbox.workspaceHost, me, 50);
      identityMs = performance.now() - started;
      return { userName: me.userName, groups: groups.map((g) => ({ id: g.id, displayName: g.displayName, externalId: g.externalId, path: g.path })), entraGroupIds: [] } satisfies Subject;
    });
    const pending: Promise<void>[] = [];
    const onPage = (kind: 'cluster' | 'job') => (page: readonly (ClusterSummary | JobSummary)[]) => {
      for (const o of page) {
        pending.push(
          Promise.all([identity, client.permissions(kind, o.id).then((acl) => ((firstAcl ||= performance.now() - started), acl))]).then(([subject, acl]) => {
            acls.set(`${kind}:${o.id}`, acl);
            evaluate(subject, { kind, id: o.id, name: o.name, acl }, kind === 'cluster' ? 'attach' : 'run');
            verdicts++;
            if (verdicts === 50) firstFifty = performance.now() - started;
          }),
        );
      }
    };
    const [clusters, jobs] = await Promise.all([client.listClusters(onPage('cluster')), client.listJobs(onPage('job'))]);
    await Promise.all(pending);
    const all = performance.now() - started;
    clearInterval(sampler);
    const requests = sandbox.requestLog.slice(logStart);
    const throttled = requests.filter((r) => r.status === 429).length;
    const objects = clusters.length + jobs.length;
    const bound = (objects / 100) * 1000;

    // A warm reopen: every verdict again from the cached ACLs, no network.
    const subject = await identity;
    const warmStart = performance.now();
    for (const o of clusters) evaluate(subject, { kind: 'cluster', id: o.id, name: o.name, acl: acls.get(`cluster:${o.id}`)! } as AccessObject, 'attach');
    for (const o of jobs) evaluate(subject, { kind: 'job', id: o.id, name: o.name, acl: acls.get(`job:${o.id}`)! } as AccessObject, 'run');
    const warm = performance.now() - warmStart;

    // Naive: one request after another, no limiter (first 300 objects, then extrapolated).
    const sample = clusters.slice(0, 300);
    const naiveStart = performance.now();
    for (const o of sample) await call({ method: 'GET', path: `/api/2.0/permissions/clusters/${o.id}` });
    const naivePer = (performance.now() - naiveStart) / sample.length;

    console.log(`scale       ${clusters.length.toLocaleString('en')} clusters + ${jobs.length.toLocaleString('en')} jobs, ${LATENCY_MS} ms latency, server limit 100 permission reads/s:`);
    console.log(`            first 50 verdicts ${firstFifty.toFixed(0)} ms = ${(firstFifty / LATENCY_MS).toFixed(1)} round trips (target ≤ 5); identity (SCIM Me + ${(await identity).groups.length} groups) took ${identityMs.toFixed(0)} ms, the first ACL ${firstAcl.toFixed(0)} ms`);
    console.log(`            all ${objects.toLocaleString('en')} verdicts ${(all / 1000).toFixed(1)} s = ${(all / bound).toFixed(2)}× the rate-limit bound of ${(bound / 1000).toFixed(0)} s (target ≤ 1.2)`);
    console.log(`            ${requests.length.toLocaleString('en')} requests, ${throttled} answered 429 = ${((throttled / requests.length) * 100).toFixed(2)}% (target < 1%)`);
    console.log(`            heap growth ${((peakHeap - heapStart) / MB).toFixed(0)} MB (target < 100 MB); warm reopen ${warm.toFixed(0)} ms (target ≤ 100 ms)`);
    console.log(`            naive sequential client: ${naivePer.toFixed(0)} ms per object → ${((naivePer * objects) / 1000 / 60).toFixed(1)} min for all, ${((naivePer * objects) / all).toFixed(1)}× ours`);
  } finally {
    await sandbox.stop();
  }
}
