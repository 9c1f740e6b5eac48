/**
 * The first screen (issue 17, "First screen"; docs/architecture.md): the scale bench's workspace
 * (2,000 clusters + 10,000 jobs, 50 ms latency) opened cold by a fresh client, stopped at the 50th
 * cluster verdict: over HTTP/2 (the sandbox offers it, as the product takes it by default), and
 * over HTTP/1.1 with and without warm connections, as against a workspace that answers HTTP/1.1
 * only (runs alternate, so all see the same machine load). ACCESS_LENS_BENCH_TIMELINE=1 prints
 * each run's requests (sent → answered) and TLS connections (opened → ready). `benchScale` gives
 * the figure the target is judged by. Then the same over HTTP/2 from fresh processes, one run each:
 * what a sign-in right after the extension host started meets, with none of our code compiled or
 * optimized yet (the in-process runs share one warmed process; VS Code's code cache would spare a
 * fresh host the compiling, not the optimizing).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { SandboxInfo, startSandboxProcess } from './scale';
import { largeScenario, sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';
import { median } from './median';

const LATENCY_MS = 50;
const RUNS = 4;
const COLD_RUNS = 7;
/** Where a fresh process finds the sandbox and tokens (coldRun). */
const CHILD_ENV = 'ACCESS_LENS_BENCH_FIRST_SCREEN';

interface Run {
  readonly fiftieth: number;
  readonly page: number;
  readonly identity: number;
  readonly connections: number;
}

type Mode = 'http2' | 'warm' | 'cold';
const MODES: readonly Mode[] = ['http2', 'warm', 'cold'];
const LABEL: Record<Mode, string> = { http2: 'HTTP/2                     ', warm: 'HTTP/1.1, connections warmed', cold: 'HTTP/1.1, no warming       ' };

async function once(info: SandboxInfo, tokens: { databricks: string; entra: string }, mode: Mode, timeline: boolean): Promise<Run> {
  const warm = mode !== 'cold';
  const send = sandboxCall(info, tokens.databricks, undefined, { transientRetries: true, http2: mode === 'http2' });
  let started = performance.now();
  const at = () => Math.round(performance.now() - started);
  const requests: string[] = [];
  const call: AuthorizedHttp = async (request) => {
    const sent = at();
    const response = await send(request);
    requests.push(`${String(sent).padStart(4)} → ${String(at()).padStart(4)} ms  ${request.path.replace(/\?.*/, '')}`);
    return response;
  };
  // Every TLS connection the client opens (https and the warm pool call tls.connect through the module object).
  const sockets: { opened: number; ready?: number }[] = [];
  const connect = tls.connect;
  tls.connect = ((...args: Parameters<typeof tls.connect>) => {
    const entry: { opened: number; ready?: number } = { opened: at() };
    sockets.push(entry);
    return connect(...args).once('secureConnect', () => (entry.ready = at()));
  }) as typeof tls.connect;
  try {
    const core = sandboxAccessMapCore(warm ? Object.assign(call, { preconnect: send.preconnect }) : call, tokens.entra);
    const map = new AccessMap(core, info.workspaceHost, 'bench');
    started = performance.now();
    let identity = 0;
    const whoami = map.whoami().then(() => (identity = at()));
    const listing = map.listing('cluster');
    await listing.firstPage;
    const page = at();
    let done = 0;
    let fiftieth = 0;
    await Promise.all(listing.items.slice(0, 50).map((o) => map.row('cluster', o).then(() => ++done === 50 && (fiftieth = at()))));
    await whoami;
    await listing.value;
    if (timeline) {
      console.log(`  ${mode}: connections opened → ready: ${sockets.map((s) => `${s.opened}→${s.ready ?? '?'}`).join(' ')}`);
      for (const line of requests.sort((a, b) => Number(a.slice(0, 4)) - Number(b.slice(0, 4)))) console.log(`    ${line}`);
    }
    return { fiftieth, page, identity, connections: sockets.length };
  } finally {
    tls.connect = connect;
  }
}

export async function benchFirstScreen(): Promise<void> {
  const scenario = largeScenario('scale', { clusters: 2000, jobs: 10000, groups: 300 }, { latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: 100, retryAfterSec: 1 } });
  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-bench-'));
  writeFileSync(join(scratch, 'scale.json'), JSON.stringify(scenario));
  const sandbox = await startSandboxProcess(join(scratch, 'scale.json'), scratch);
  try {
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.info.caPath, 'utf8')], env: {} });
    const mint = async (path: string): Promise<string> => {
      const response = await http({ method: 'POST', url: `${sandbox.info.controlApi.workspace}/${path}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: 'alice@contoso.com' }) });
      return (JSON.parse(response.body) as { access_token: string }).access_token;
    };
    const tokens = { databricks: await mint('tokens/databricks'), entra: await mint('tokens/entra') };
    const timeline = process.env.ACCESS_LENS_BENCH_TIMELINE === '1';
    const runs: Record<Mode, Run[]> = { http2: [], warm: [], cold: [] };
    for (let i = 0; i < RUNS; i++) {
      for (let j = 0; j < MODES.length; j++) {
        const mode = MODES[(i + j) % MODES.length]!;
        runs[mode].push(await once(sandbox.info, tokens, mode, timeline));
        // The permission reads' server limit (100/s) starts afresh for the next run.
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
    }
    const cold: Run[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const child = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(__filename)}).coldRun()`], { env: { ...process.env, [CHILD_ENV]: JSON.stringify({ info: sandbox.info, tokens }) }, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`a fresh process's first screen failed: ${child.stderr}`);
      cold.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Run);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    console.log(`first-screen 50 cluster verdicts from a cold client, ${LATENCY_MS} ms latency, median of ${RUNS} runs each, alternating:`);
    const line = (label: string, list: Run[]): void => {
      const m = (key: keyof Run) => median(list.map((r) => r[key]));
      console.log(`            ${label}: 50th verdict ${m('fiftieth')} ms = ${(m('fiftieth') / LATENCY_MS).toFixed(1)} round trips (${list.map((r) => r.fiftieth).join(', ')}); first page ${m('page')} ms; identity ${m('identity')} ms; ${m('connections')} TLS connections`);
    };
    for (const mode of MODES) line(LABEL[mode], runs[mode]);
    line(`HTTP/2, ${COLD_RUNS} fresh processes     `, cold);
  } finally {
    sandbox.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One first screen over HTTP/2 in this fresh process (spawned by benchFirstScreen); prints its figures as JSON. */
export async function coldRun(): Promise<void> {
  const { info, tokens } = JSON.parse(process.env[CHILD_ENV] ?? '{}') as { info: SandboxInfo; tokens: { databricks: string; entra: string } };
  console.log(JSON.stringify(await once(info, tokens, 'http2', false)));
  process.exit(0);
}
