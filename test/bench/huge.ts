/**
 * 100,000 objects (issue 17): the AccessMap fills every verdict of a generated workspace of
 * 10,000 clusters + 90,000 jobs, and of a 12,000-object one with the same mix, so the time per
 * object at both sizes shows any quadratic step (their ratio should be about 1). At 100 reads/s
 * the big fill would take 17 minutes of waiting on the server, so the server here is fast (5 ms
 * latency, 2,000 permission reads/s) and the client's ceiling is raised to match: the figures are
 * OUR cost per object (client CPU and wall time), not a workspace's limit. Also: peak heap growth
 * (target ≤ 150 MB at 100k) and this process's longest event-loop stall during the fill.
 * The sandbox runs in its own process (scale.ts), as in the scale bench.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { ObjectKind } from '../../src/core/access';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { largeScenario, sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';
import { startSandboxProcess } from './scale';

const MB = 1024 * 1024;
const LATENCY_MS = 5;
const SERVER_LIMIT = 2000;
const VISIBLE = 200;

export interface HugeResult {
  readonly objects: number;
  readonly seconds: number;
  readonly msPerObject: number;
  readonly cpuUsPerObject: number;
  readonly heapGrowthMb: number;
  /** What the filled map still holds after a forced GC (the peak above includes short-lived garbage). */
  readonly retainedMb: number;
  readonly maxStallMs: number;
  readonly throttled: number;
}

/** One fill of `clusters` + `jobs` generated objects, as the tree does it: the first screen at visible priority, the rest behind. */
export async function fillOnce(clusters: number, jobs: number): Promise<HugeResult> {
  const scenario = largeScenario('huge', { clusters, jobs, groups: 300 }, { latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: SERVER_LIMIT, retryAfterSec: 1 } });
  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-huge-'));
  writeFileSync(join(scratch, 'huge.json'), JSON.stringify(scenario));
  const sandbox = await startSandboxProcess(join(scratch, 'huge.json'), scratch);
  try {
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.info.caPath, 'utf8')], env: {} });
    const mint = async (path: string): Promise<string> => {
      const response = await http({ method: 'POST', url: `${sandbox.info.controlApi.workspace}/${path}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: 'alice@contoso.com' }) });
      return (JSON.parse(response.body) as { access_token: string }).access_token;
    };
    let throttled = 0;
    const send = sandboxCall(sandbox.info, await mint('tokens/databricks'), undefined, { transientRetries: true });
    // As the product's authorizedHttp: the map warms connections to the workspace ahead of its permission reads.
    const core = sandboxAccessMapCore(
      Object.assign(
        async (request: Parameters<typeof send>[0]) => {
          const response = await send(request);
          if (response.status === 429) throttled++;
          return response;
        },
        { preconnect: send.preconnect },
      ),
      await mint('tokens/entra'),
      SERVER_LIMIT,
    );

    global.gc?.();
    const heapStart = process.memoryUsage().heapUsed;
    let peakHeap = heapStart;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const cpuStart = process.cpuUsage();
    const started = performance.now();

    const map = new AccessMap(core, sandbox.info.workspaceHost, 'bench');
    const open = async (kind: ObjectKind): Promise<number> => {
      const listing = map.listing(kind);
      await listing.firstPage;
      const visible = Promise.all(listing.items.slice(0, VISIBLE).map((o) => map.row(kind, o)));
      const list = await listing.value;
      await visible;
      await map.fillIn(kind, list);
      return list.length;
    };
    const counts = await Promise.all([open('cluster'), open('job')]);
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    stalls.disable();
    clearInterval(sampler);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const objects = counts[0]! + counts[1]!;
    global.gc?.();
    const retained = process.memoryUsage().heapUsed - heapStart;
    // For profiling: HUGE_SNAPSHOT=file.heapsnapshot writes what the filled map retains.
    if (process.env.HUGE_SNAPSHOT) {
      console.error(`retained after gc: +${(retained / MB).toFixed(0)} MB for ${map.host}`);
      writeHeapSnapshot(process.env.HUGE_SNAPSHOT);
    }
    return {
      objects,
      seconds: ms / 1000,
      msPerObject: ms / objects,
      cpuUsPerObject: (cpu.user + cpu.system) / objects,
      heapGrowthMb: (peakHeap - heapStart) / MB,
      retainedMb: retained / MB,
      maxStallMs: stalls.max / 1e6,
      throttled,
    };
  } finally {
    sandbox.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function benchHuge(): Promise<void> {
  const small = await fillOnce(1200, 10800);
  const big = await fillOnce(10000, 90000);
  const line = (r: HugeResult): string =>
    `${r.objects.toLocaleString('en')} objects: ${r.seconds.toFixed(1)} s, ${(r.msPerObject * 1000).toFixed(0)} µs and ${r.cpuUsPerObject.toFixed(0)} µs of client CPU per object, heap +${r.heapGrowthMb.toFixed(0)} MB at peak, +${r.retainedMb.toFixed(0)} MB retained after GC, longest stall ${r.maxStallMs.toFixed(0)} ms, ${r.throttled} answered 429`;
  console.log(`huge        the AccessMap filling every verdict, ${LATENCY_MS} ms latency, a fast server (${SERVER_LIMIT.toLocaleString('en')} permission reads/s) and the client's ceiling raised to match, so this measures our cost per object, not a workspace's limit:`);
  console.log(`            ${line(small)}`);
  console.log(`            ${line(big)}`);
  console.log(`            per object at 100k vs 12k: ${(big.msPerObject / small.msPerObject).toFixed(2)}× wall, ${(big.cpuUsPerObject / small.cpuUsPerObject).toFixed(2)}× CPU (target ≈ 1: no quadratic step); heap +${big.heapGrowthMb.toFixed(0)} MB at 100k (target ≤ 150 MB); longest event-loop stall ${big.maxStallMs.toFixed(0)} ms (target ≤ 50 ms)`);
}

if (require.main === module) {
  const [clusters, jobs] = process.argv.slice(2).map(Number);
  const run = clusters !== undefined && jobs !== undefined ? fillOnce(clusters, jobs).then((r) => console.log(JSON.stringify(r))) : benchHuge();
  void run.catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
