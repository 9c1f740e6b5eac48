/**
 * npm run bench: speed and memory of the hot paths, as ratios to a baseline
 * measured in the same run (machines here are noisy; ratios travel better).
 *   explainer   10 MB log through explainError vs a plain indexOf scan of it
 *   access      verdicts per second for 5,000 clusters × 3 actions, 20 ACL entries each
 *   paging      5,000 clusters listed from the sandbox over real HTTPS (50 pages)
 *   diagnostics reference and access-error diagnostics for a 5,000-line file, warm access map (see diagnostics.ts)
 *   tables      table-reference diagnostics for a 5,000-line SQL file, cold and warm, against the id-reference scan (see tableDiagnostics.ts)
 *   catalog     the Catalog view's first level (catalogs listed, each with its verdict) at 50 ms latency (see catalog.ts)
 *   reopen      a restart with 12,000 objects in the verdict cache: time to every cached verdict (see reopen.ts)
 *   activation  loading the production extension bundle against a one-line module (see activation.ts)
 *   cli-token   warm `access-lens token` against `node -e 0` (see cliToken.ts; needs scripts/with-keyring.sh)
 *   scale       the AccessMap on 2,000 clusters + 10,000 jobs at 50 ms latency and 100 reads/s (see scale.ts; not with --quick)
 *   huge        every verdict of 12,000 and of 100,000 objects against a fast server: cost per object, heap, longest stall (see huge.ts; not with --quick)
 *   cli         the built CLI's ls clusters + ls jobs on 1,000 + 5,000 objects, default settings (see cli.ts; not with --quick; needs dist/)
 *   scale-kinds 2,000 warehouses + 2,000 endpoints + 2,000 experiments as the Workspace view opens them, shipped pace (see scaleKinds.ts; not with --quick)
 *   gc-floor    --host first: young-generation pauses of one allocation pattern here, alone and beside busy processes (see gcFloor.ts)
 *   host-fill   --host runs only the host benches: the extension host's longest event-loop stall while the views fill 100,000 objects (see hostFill.ts; needs code-server)
 *   activation-host  then (scripts/bench.mjs --host): load + activate() in code-server's extension host (see host/index.ts)
 */
import { performance } from 'node:perf_hooks';
import { AccessObject, Subject, evaluate } from '../../src/core/access';
import { explainError } from '../../src/core/explain/explain';
import { RequestLimiter } from '../../src/core/workspace/limiter';
import { WorkspaceClient } from '../../src/core/workspace/workspaceClient';
import { startSandbox } from '../fakes/sandbox';
import { sandboxCall } from '../fakes/sandboxClient';
import { benchHuge } from './huge';
import { benchScale } from './scale';
import { benchActivation } from './activation';
import { benchCli } from './cli';
import { benchScaleKinds } from './scaleKinds';
import { benchCatalog } from './catalog';
import { benchReopen } from './reopen';
import { benchCliToken } from './cliToken';
import { benchDiagnostics } from './diagnostics';
import { benchTableDiagnostics } from './tableDiagnostics';
import { benchHostFill } from './hostFill';
import { benchGcFloor } from './gcFloor';

const MB = 1024 * 1024;

function time<T>(fn: () => T, runs = 3): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, result };
}

function buildLog(size: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const line = `2026-11-28T12:${String(i % 60).padStart(2, '0')}:00Z INFO TaskSetManager: Finished task ${i}.0 in stage ${i % 50}.0 (TID ${i * 3}) on 10.139.64.${i % 255} {"job_id": ${i}, "status": "RUNNING"}\n`;
    parts.push(line);
    length += line.length;
  }
  return `${parts.join('')}{"error_code":"PERMISSION_DENIED","message":"User a does not have Attach permissions on cluster 0412-093011-gpu7x4k2"}\n`;
}

function benchExplainer(): void {
  const log = buildLog(10 * MB);
  const baseline = time(() => log.indexOf('PERMISSION_DENIED', 0) + log.lastIndexOf('\n'));
  const heapBefore = process.memoryUsage().heapUsed;
  const explained = time(() => explainError(log));
  const heapAfter = process.memoryUsage().heapUsed;
  const mbps = 10 / (explained.ms / 1000);
  console.log(`explainer   10 MB log: ${mbps.toFixed(0)} MB/s (${explained.ms.toFixed(1)} ms; ${(explained.ms / Math.max(baseline.ms, 0.01)).toFixed(1)}× a bare indexOf scan); code ${explained.result.code}; heap +${((heapAfter - heapBefore) / MB).toFixed(1)} MB`);
}

function benchAccess(): void {
  const subject: Subject = {
    userName: 'alice@contoso.com',
    groups: Array.from({ length: 40 }, (_, i) => ({ id: String(i), displayName: `group-${i}`, externalId: `e-${i}`, path: ['user:alice@contoso.com', `group:group-${i}`] })),
    entraGroupIds: Array.from({ length: 60 }, (_, i) => `e-${i}`),
  };
  const levels = ['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'];
  const objects: AccessObject[] = Array.from({ length: 5000 }, (_, i) => ({
    kind: 'cluster',
    id: `c-${i}`,
    name: `cluster-${i}`,
    acl: { state: 'readable', entries: Array.from({ length: 20 }, (_, j) => ({ principal: j % 4 === 0 ? `user:u${j}@contoso.com` : `group:group-${(i + j * 7) % 120}`, permissions: [{ level: levels[(i + j) % 3] ?? 'CAN_ATTACH_TO', inherited: false, inheritedFrom: null }] })) },
  }));
  const directory = (name: string) => ({ displayName: name, externalId: `e-${name.slice(6)}`, memberCount: 10 });
  const baseline = time(() => objects.reduce((n, o) => n + (o.acl.state === 'readable' ? o.acl.entries.length : 0), 0));
  const run = time(() => {
    let allowed = 0;
    for (const o of objects) for (const a of ['attach', 'restart', 'manage'] as const) if (evaluate(subject, o, a, directory).allowed) allowed++;
    return allowed;
  });
  const perSecond = (objects.length * 3) / (run.ms / 1000);
  console.log(`access      15,000 verdicts: ${Math.round(perSecond).toLocaleString('en')} verdicts/s (${run.ms.toFixed(0)} ms; ${(run.ms / Math.max(baseline.ms, 0.01)).toFixed(0)}× a bare walk over the ACL entries); ${run.result} allowed`);
}

async function benchPaging(): Promise<void> {
  const sandbox = await startSandbox({ scenario: 'large' });
  try {
    const call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: sandbox.info().users[0]?.userName ?? '' }));
    const client = new WorkspaceClient(sandbox.workspaceHost, call, new RequestLimiter({ maxConcurrent: 8, requestsPerSecond: 1000 }));
    const start = performance.now();
    let pages = 0;
    const clusters = await client.listClusters(() => pages++);
    const ms = performance.now() - start;
    const single = performance.now();
    await call({ method: 'GET', path: '/api/2.1/clusters/list?page_size=100' });
    const oneRequest = performance.now() - single;
    console.log(`paging      ${clusters.length.toLocaleString('en')} clusters in ${pages} pages over HTTPS: ${ms.toFixed(0)} ms (${(ms / pages / Math.max(oneRequest, 0.01)).toFixed(1)}× one page request per page)`);
  } finally {
    await sandbox.stop();
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  // Opt-in and alone: it starts code-server and takes minutes (hostFill.ts).
  if (process.argv.includes('--host')) {
    // The machine's own floor first: what a young-generation collection costs here, alone and with the cores busy.
    benchGcFloor();
    return benchHostFill();
  }
  benchActivation();
  benchExplainer();
  benchAccess();
  await benchDiagnostics();
  await benchTableDiagnostics();
  await benchPaging();
  await benchCatalog();
  await benchReopen();
  await benchCliToken();
  if (!process.argv.includes('--quick')) {
    await benchScale();
    await benchScaleKinds();
    await benchHuge();
    await benchCli();
  }
  const { rss, heapUsed } = process.memoryUsage();
  console.log(`memory      rss ${(rss / MB).toFixed(0)} MB, heap ${(heapUsed / MB).toFixed(0)} MB at the end`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
