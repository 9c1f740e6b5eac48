/**
 * The command line at scale (issue 17), as a user runs it: the built `access-lens` (dist/cli.js)
 * signed in with a device code, then `ls clusters` and `ls jobs` with default settings against a
 * generated workspace at 50 ms latency whose server allows 100 permission reads a second (429
 * beyond). 1,000 clusters + 5,000 jobs rather than the scale bench's 2,000 + 10,000: at the
 * default pace (about 50 reads/s) the bigger one takes four and a half minutes. The sandbox runs
 * in its own process; the CLI keeps its tokens in the keychain, so this part runs only under
 * scripts/with-keyring.sh (npm run bench does that).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import type { RequestLogEntry } from '../fakes/requestLog';
import type { SandboxInfo } from '../fakes/sandbox';
import { largeScenario, sandboxCall } from '../fakes/sandboxClient';
import { CLI, sandboxEnv } from '../e2e/cliRunner';
import { startSandboxProcess } from './scale';

const LATENCY_MS = 50;
const SERVER_LIMIT = 100;
const SIZES = { clusters: 1000, jobs: 5000 };

/** Runs the CLI to the end (no time limit: `ls jobs` takes minutes); its wall time from spawn. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string; startedAt: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const start = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr, startedAt, ms: performance.now() - start }));
  });
}

export async function benchCli(): Promise<void> {
  if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') {
    console.log('cli         skipped: needs the private keychain (run under scripts/with-keyring.sh, as npm run bench does)');
    return;
  }
  const scenario = largeScenario('cli', { ...SIZES, groups: 300 }, { latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: SERVER_LIMIT, retryAfterSec: 1 }, autoApprove: true });
  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-bench-cli-'));
  writeFileSync(join(scratch, 'cli.json'), JSON.stringify(scenario));
  const sandbox = await startSandboxProcess(join(scratch, 'cli.json'), scratch);
  const info = JSON.parse(readFileSync(join(scratch, 'sandbox.json'), 'utf8')) as SandboxInfo;
  const env = sandboxEnv(info, { ACCESS_LENS_AUDIT_FILE: '/dev/null', XDG_STATE_HOME: scratch });
  const http = createHttpsClient({ extraCaPem: [readFileSync(info.caPath, 'utf8')], env: {} });
  const control = async (method: 'GET' | 'POST', path: string, body?: object): Promise<unknown> =>
    JSON.parse((await http({ method, url: `${info.controlApi.workspace}/${path}`, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })).body);
  try {
    const login = await runCli(['login', '--device-code'], env);
    if (login.code !== 0) throw new Error(`access-lens login failed: ${login.stderr}`);
    const runs: { kind: string; ms: number; firstRead: number; firstPageServed: number; listServed: number; pagesAfter: number; requests: number; throttled: number }[] = [];
    for (const kind of ['clusters', 'jobs']) {
      const since = ((await control('GET', 'requests')) as { requests: RequestLogEntry[] }).requests.at(-1)?.seq ?? 0;
      const run = await runCli(['ls', kind, '--json'], env);
      if (run.code !== 0) throw new Error(`access-lens ls ${kind} failed: ${run.stderr}`);
      const log = ((await control('GET', `requests?since=${since}`)) as { requests: RequestLogEntry[] }).requests.filter((e) => e.server === 'workspace');
      const at = (e: RequestLogEntry): number => Date.parse(e.startedAt) - run.startedAt;
      const pages = log.filter((e) => e.path.endsWith('/list'));
      const reads = log.filter((e) => e.path.startsWith('/api/2.0/permissions/'));
      const firstRead = Math.min(...reads.map(at));
      // BENCH_TRACE=1: where the time goes, permission reads started per second of the run and when 429s came.
      if (process.env.BENCH_TRACE === '1') {
        const perSecond: number[] = [];
        for (const e of reads) perSecond[Math.floor(at(e) / 1000)] = (perSecond[Math.floor(at(e) / 1000)] ?? 0) + 1;
        console.log(`trace ls ${kind}: reads per second ${Array.from(perSecond, (n) => n ?? 0).join(' ')}; 429 at ${reads.filter((e) => e.status === 429).map((e) => at(e).toFixed(0)).join(' ')} ms`);
      }
      runs.push({ kind, ms: run.ms, firstRead, firstPageServed: Math.min(...pages.map((e) => at(e) + e.durationMs)), listServed: Math.max(...pages.map((e) => at(e) + e.durationMs)), pagesAfter: pages.filter((e) => at(e) > firstRead).length, requests: log.length, throttled: log.filter((e) => e.status === 429).length });
    }
    // Naive: one permission read after another with a token of alice's, no limiter (300 clusters, extrapolated).
    const token = ((await control('POST', 'tokens/databricks', { userName: 'alice@contoso.com' })) as { access_token: string }).access_token;
    const call = sandboxCall(info, token);
    const list = JSON.parse((await call({ method: 'GET', path: '/api/2.1/clusters/list?page_size=100' })).body) as { clusters: { cluster_id: string }[] };
    const sample = [...list.clusters, ...list.clusters, ...list.clusters].slice(0, 300);
    const naiveStart = performance.now();
    for (const c of sample) await call({ method: 'GET', path: `/api/2.0/permissions/clusters/${c.cluster_id}` });
    const naivePer = (performance.now() - naiveStart) / sample.length;

    const objects = SIZES.clusters + SIZES.jobs;
    const total = runs.reduce((sum, r) => sum + r.ms, 0);
    const bound = (objects / SERVER_LIMIT) * 1000;
    const requests = runs.reduce((sum, r) => sum + r.requests, 0);
    const throttled = runs.reduce((sum, r) => sum + r.throttled, 0);
    console.log(`cli         access-lens ls clusters + ls jobs, ${SIZES.clusters.toLocaleString('en')} + ${SIZES.jobs.toLocaleString('en')} objects, ${LATENCY_MS} ms latency, server limit ${SERVER_LIMIT} permission reads/s, default settings (dist/cli.js, sandbox in its own process):`);
    console.log(`            total ${(total / 1000).toFixed(1)} s = ${(total / bound).toFixed(2)}× the rate-limit bound of ${(bound / 1000).toFixed(0)} s (target ≤ 1.08; ${runs.map((r) => `${r.kind} ${(r.ms / 1000).toFixed(1)} s`).join(', ')})`);
    for (const r of runs) console.log(`            ls ${r.kind}: first permission read ${r.firstRead.toFixed(0)} ms after start, ${(r.firstRead - r.firstPageServed).toFixed(0)} ms after the first list page was served; the whole list was in at ${r.listServed.toFixed(0)} ms (where reads began before), ${r.pagesAfter} list pages after the first read`);
    console.log(`            ${requests.toLocaleString('en')} requests, ${throttled} answered 429 = ${((throttled / requests) * 100).toFixed(2)}% (target < 1%)`);
    console.log(`            naive sequential script: ${naivePer.toFixed(0)} ms per object → ${((naivePer * objects) / 1000 / 60).toFixed(1)} min for all, ${((naivePer * objects) / total).toFixed(1)}× ours`);
  } finally {
    await runCli(['logout'], env).catch(() => undefined);
    sandbox.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
