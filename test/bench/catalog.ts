/**
 * The Catalog view's time to its first level (docs/views.md, "Catalog"): what the view does when
 * expanded, on the product's own AccessMap against the basic scenario's Unity Catalog at 50 ms
 * latency per request (the sandbox in its own process, as a workspace is another machine): list
 * the catalogs (map.catalog.level), then the verdict of each one's main action (map.catalog.why),
 * in round trips as the tree's "first 50 verdicts" (target ≤ 5). Then the next level (main's
 * schemas, whose catalog step is cached by now) and a warm reopen, which must read nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { resolveScenarioPath } from '../fakes/scenarioLoad';
import { sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';
import { startSandboxProcess } from './scale';

const LATENCY_MS = 50;
const DEFAULT_MAX_RPS = 50;

export async function benchCatalog(): Promise<void> {
  const scenario = JSON.parse(readFileSync(resolveScenarioPath('basic'), 'utf8')) as { knobs?: Record<string, unknown> };
  scenario.knobs = { ...scenario.knobs, latencyMs: LATENCY_MS };
  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-bench-uc-'));
  writeFileSync(join(scratch, 'catalog.json'), JSON.stringify(scenario));
  const sandbox = await startSandboxProcess(join(scratch, 'catalog.json'), scratch);
  try {
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.info.caPath, 'utf8')], env: {} });
    const mint = async (path: string): Promise<string> => {
      const response = await http({ method: 'POST', url: `${sandbox.info.controlApi.workspace}/${path}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: 'alice@fabrikam.com' }) });
      return (JSON.parse(response.body) as { access_token: string }).access_token;
    };
    let requests = 0;
    const call = sandboxCall(sandbox.info, await mint('tokens/databricks'), () => requests++);
    // The shipped default pace (accessLens.maxRequestsPerSecond, 50/s), as a user runs it.
    const map = new AccessMap(sandboxAccessMapCore(call, await mint('tokens/entra'), DEFAULT_MAX_RPS), sandbox.info.workspaceHost, 'bench');

    // As the view on expanding the workspace: the list, then every shown catalog's verdict at visible priority.
    const started = performance.now();
    const catalogs = await map.catalog.level({ kind: 'catalog' });
    const listed = performance.now() - started;
    const verdicts = await Promise.all(catalogs.map((c) => map.catalog.why(c, 'use', { priority: 'visible' })));
    const first = performance.now() - started;
    const firstRequests = requests;

    const schemaStart = performance.now();
    const schemas = await map.catalog.level({ kind: 'schema', catalog: 'main' });
    await Promise.all(schemas.map((s) => map.catalog.why(s, 'use', { priority: 'visible' })));
    const second = performance.now() - schemaStart;

    // As when the Clusters view has read who you are already: Unity Catalog forgotten, the identity kept.
    map.catalog.invalidate();
    const knownStart = performance.now();
    await Promise.all((await map.catalog.level({ kind: 'catalog' })).map((c) => map.catalog.why(c, 'use', { priority: 'visible' })));
    const known = performance.now() - knownStart;

    const before = requests;
    const warmStart = performance.now();
    await Promise.all((await map.catalog.level({ kind: 'catalog' })).map((c) => map.catalog.why(c, 'use')));
    const warm = performance.now() - warmStart;
    if (requests !== before) throw new Error(`warm reopen of the Catalog view: ${requests - before} requests, expected none`);

    const rt = (ms: number): string => (ms / LATENCY_MS).toFixed(1);
    console.log(`catalog     Catalog view, basic scenario, ${LATENCY_MS} ms latency (the product's AccessMap, sandbox in its own process):`);
    console.log(`            first level ${first.toFixed(0)} ms = ${rt(first)} round trips (target ≤ 5): ${catalogs.length} catalogs listed in ${rt(listed)}, ${verdicts.length} verdicts (${verdicts.map((v) => `${v.name} ${v.allowed}`).join(', ')}), ${firstRequests} requests`);
    console.log(`            with your identity already read (the other views open): first level ${known.toFixed(0)} ms = ${rt(known)} round trips`);
    console.log(`            next level (main's ${schemas.length} schemas with verdicts) ${second.toFixed(0)} ms = ${rt(second)} round trips; warm reopen ${warm.toFixed(1)} ms, no request`);
  } finally {
    sandbox.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
