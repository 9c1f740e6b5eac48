/**
 * host-fill (issue 17, `npm run bench -- --host`): the extension host's longest event-loop stall
 * while the Clusters and Jobs views fill 10,000 clusters + 90,000 jobs. The measuring runs inside
 * code-server's real extension host (test/integration-bench/fillStall.bench.ts); this starts it
 * through scripts/vscode-host/runExtensionTests.mjs --suite bench with the sandbox in its own
 * process (5 ms latency, a fast server: 2,000 permission reads/s, and the extension's request
 * ceiling raised to its highest, 1,000/s, as in huge.ts) and prints what the host measured.
 * Opt-in: it takes a few minutes and needs code-server (.cache/vscode-host) and a keychain.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeScenario } from '../fakes/sandboxClient';

const ROOT = join(__dirname, '..', '..', '..');
const LATENCY_MS = 5;
const SERVER_LIMIT = 2000;
/** accessLens.maxRequestsPerSecond's highest value (docs/settings.md): the client's ceiling, below the server's limit. */
const CLIENT_CEILING = 1000;

/** VS Code's remote port scan off for the run (see hostFill). */
const PORT_SCAN_OFF = ['remote.autoForwardPorts=false'];

export interface HostFillResult {
  readonly maxStallMs: number;
  readonly p99Ms: number;
  readonly fillMs: number;
  /** The extension host's CPU time over the fill, all threads. */
  readonly hostCpuMs?: number;
  readonly objects: number;
  /** The host's garbage collections over the fill (the longest few, with seconds since sign-in). */
  readonly gc?: { totalMs: number; count: number; longest: { kind: string; ms: number; atS: number }[] };
  /** The longest late 10 ms timers, with seconds since sign-in: to match with `gc.longest`. */
  readonly longestStalls?: { ms: number; atS: number }[];
}

export function hostFill(clusters = 10000, jobs = 90000): HostFillResult {
  const scenario = largeScenario('host-fill', { clusters, jobs, groups: 300 }, { latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: SERVER_LIMIT, retryAfterSec: 1 } });
  const scratch = mkdtempSync(join(tmpdir(), 'access-lens-host-fill-'));
  try {
    writeFileSync(join(scratch, 'host-fill.json'), JSON.stringify(scenario));
    const out = join(scratch, 'result.json');
    const env = [`ACCESS_LENS_MAX_RPS=${CLIENT_CEILING}`, `ACCESS_LENS_BENCH_OUT=${out}`];
    if (process.env.ACCESS_LENS_BENCH_CPUPROF) env.push(`ACCESS_LENS_BENCH_CPUPROF=${process.env.ACCESS_LENS_BENCH_CPUPROF}`);
    if (process.env.ACCESS_LENS_BENCH_HEAPPROF) env.push(`ACCESS_LENS_BENCH_HEAPPROF=${process.env.ACCESS_LENS_BENCH_HEAPPROF}`);
    if (process.env.ACCESS_LENS_BENCH_TRACEGC) env.push(`ACCESS_LENS_BENCH_TRACEGC=${process.env.ACCESS_LENS_BENCH_TRACEGC}`);
    // VS Code's remote port scan (code-server, SSH, WSL: not the desktop) is off: every 2 s it lists
    // /proc/net/tcp and every process's sockets in the host, and here those hold the sandbox's own
    // server sockets beside ours, thousands of them, which a real workspace's would not add.
    const settings = [...PORT_SCAN_OFF, ...(process.env.ACCESS_LENS_BENCH_SETTINGS ?? '').split(',').filter(Boolean)];
    const args = [join(ROOT, 'scripts/vscode-host/runExtensionTests.mjs'), '--suite', 'bench', '--scenario', join(scratch, 'host-fill.json'), '--timeout', '1200', ...env.flatMap((e) => ['--env', e]), ...settings.flatMap((s) => ['--setting', s])];
    const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', process.env.ACCESS_LENS_DEBUG ? 'inherit' : 'ignore', 'inherit'] });
    if (run.status !== 0) throw new Error(`the extension-host bench failed (exit ${run.status}); its log is test-results/bench-host.log`);
    return JSON.parse(readFileSync(out, 'utf8')) as HostFillResult;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function benchHostFill(): void {
  const r = hostFill();
  console.log(`host-fill ${r.objects.toLocaleString('en')} objects: longest event-loop stall ${r.maxStallMs.toFixed(0)} ms (target ≤ 50), p99 ${r.p99Ms.toFixed(0)} ms, fill ${(r.fillMs / 1000).toFixed(1)} s, host CPU ${((r.hostCpuMs ?? 0) / 1000).toFixed(1)} s (VS Code's remote port scan off: ${PORT_SCAN_OFF.join(', ')})`);
  if (r.gc) console.log(`            garbage collection ${r.gc.totalMs} ms in ${r.gc.count} pauses; longest: ${r.gc.longest.map((p) => `${p.kind} ${p.ms} ms at ${p.atS} s`).join(', ')}`);
  if (r.longestStalls) console.log(`            longest stalls: ${r.longestStalls.map((s) => `${s.ms} ms at ${s.atS} s`).join(', ')}`);
}

if (require.main === module) {
  const [clusters, jobs] = process.argv.slice(2).map(Number);
  if (clusters !== undefined && jobs !== undefined) console.log(JSON.stringify(hostFill(clusters, jobs)));
  else benchHostFill();
}
