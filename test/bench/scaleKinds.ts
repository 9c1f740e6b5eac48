/**
 * The Workspace view's kinds at scale (issue 16): 2,000 SQL warehouses, 2,000 serving endpoints and
 * 2,000 MLflow experiments in a generated workspace (test/fakes/scenarioGenerateKinds.ts), 50 ms latency
 * per request, the server allowing 100 permission reads per second (429 beyond), and the product's
 * shipped settings (no request ceiling: the pace adapts to the server's 429s). Opened as the
 * Workspace view opens its groups: each kind listed, the first screenful of verdicts at visible
 * priority, the rest filled in behind with `map.fillIn`. The same lines and targets as scale.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ObjectKind } from '../../src/core/access';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';
import { largeKindsScenario } from '../fakes/scenarioGenerateKinds';
import { startSandboxProcess } from './scale';
import { viewOpener } from './openAsView';

const MB = 1024 * 1024;
const PER_KIND = 2000;
const LATENCY_MS = 50;
const SERVER_LIMIT = 100;
/** What a view shows of a kind before "Show more" (src/extension/views/tree/accessTreeProvider.ts). */
const VISIBLE = 200;
const KINDS: readonly ObjectKind[] = ['warehouse', 'endpoint', 'experiment'];

export async function benchScaleKinds(): Promise<void> {
  const scenario = largeKindsScenario('scale-kinds', PER_KIND, { latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: SERVER_LIMIT, retryAfterSec: 1 } });
  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-bench-kinds-'));
  writeFileSync(join(scratch, 'scale-kinds.json'), JSON.stringify(scenario));
  const sandbox = await startSandboxProcess(join(scratch, 'scale-kinds.json'), scratch);
  try {
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.info.caPath, 'utf8')], env: {} });
    const mint = async (path: string): Promise<string> => {
      const response = await http({ method: 'POST', url: `${sandbox.info.controlApi.workspace}/${path}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: 'alice@contoso.com' }) });
      return (JSON.parse(response.body) as { access_token: string }).access_token;
    };
    let requests = 0;
    let reads = 0;
    let throttled = 0;
    const send = sandboxCall(sandbox.info, await mint('tokens/databricks'), (path) => {
      requests++;
      if (path.startsWith('/api/2.0/permissions/')) reads++;
    }, { transientRetries: true });
    const call: AuthorizedHttp = async (request) => {
      const response = await send(request);
      if (response.status === 429) throttled++;
      return response;
    };
    // With the transport's warm connections, as the product's authorizedHttp has them (and scale.ts).
    const map = new AccessMap(sandboxAccessMapCore(Object.assign(call, { preconnect: send.preconnect }), await mint('tokens/entra')), sandbox.info.workspaceHost, 'bench');

    global.gc?.();
    let peakHeap = process.memoryUsage().heapUsed;
    const heapStart = peakHeap;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
    const started = performance.now();
    let identity = 0;
    void map.whoami().then(() => (identity = performance.now() - started));
    // As the Workspace view: each group lists its kind, asks verdicts for what it shows, and fills in the rest behind.
    const { open, firstFifty: fiftieth } = viewOpener(map, started, VISIBLE);
    const counts = await Promise.all(KINDS.map(open));
    const all = performance.now() - started;
    clearInterval(sampler);
    const objects = counts.reduce((a, b) => a + b, 0);
    const serverBound = (objects / SERVER_LIMIT) * 1000;

    // A warm reopen of the three groups: lists and shown rows again, every row from the cache; no network.
    const before = requests;
    const warmStart = performance.now();
    let cachedRows = 0;
    for (const kind of KINDS) {
      const list = await map.list(kind);
      await Promise.all(list.slice(0, VISIBLE).map((o) => map.row(kind, o)));
      for (const o of list) if (map.cachedRow(kind, o.id)) cachedRows++;
    }
    const warm = performance.now() - warmStart;
    if (requests !== before || cachedRows !== objects) throw new Error(`warm reopen: ${requests - before} requests, ${cachedRows} of ${objects} rows cached`);

    console.log(`scale-kinds ${counts.map((n, i) => `${n.toLocaleString('en')} ${KINDS[i]}s`).join(' + ')}, ${LATENCY_MS} ms latency, server limit ${SERVER_LIMIT} permission reads/s, shipped settings (adaptive pace; the Workspace view's way: list, first screenful, fillIn):`);
    console.log(`            first 50 verdicts ${fiftieth().toFixed(0)} ms = ${(fiftieth() / LATENCY_MS).toFixed(1)} round trips (target ≤ 3); identity resolved at ${identity.toFixed(0)} ms`);
    console.log(`            all ${objects.toLocaleString('en')} verdicts ${(all / 1000).toFixed(1)} s = ${(all / serverBound).toFixed(2)}× the rate-limit bound of ${(serverBound / 1000).toFixed(0)} s (target ≤ 1.08)`);
    console.log(`            ${requests.toLocaleString('en')} requests (${reads.toLocaleString('en')} permission reads), ${throttled} answered 429 = ${((throttled / requests) * 100).toFixed(2)}% (target < 1%)`);
    console.log(`            heap growth ${((peakHeap - heapStart) / MB).toFixed(0)} MB (target < 100 MB); warm reopen ${warm.toFixed(1)} ms for the three groups and ${objects.toLocaleString('en')} cached rows (target ≤ 100 ms)`);
  } finally {
    sandbox.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
