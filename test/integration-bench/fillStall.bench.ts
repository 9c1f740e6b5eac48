// Issue 17, "the tree stays responsive while filling": inside the real extension host, the
// Clusters and Jobs views open on a generated workspace of 10,000 clusters + 90,000 jobs
// (test/bench/hostFill.ts starts the sandbox for it in its own process, 5 ms latency, 2,000
// reads/s, and raises the extension's request ceiling to match), and the host's event loop is
// watched with monitorEventLoopDelay from sign-in until both views have every verdict.
// Writes { maxStallMs, p99Ms, fillMs, objects, hostCpuMs } to $ACCESS_LENS_BENCH_OUT; with
// $ACCESS_LENS_BENCH_CPUPROF, also a CPU profile of the host over the fill (for DevTools); with
// $ACCESS_LENS_BENCH_HEAPPROF, a sampling heap profile of every allocation, freed or not.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { setFlagsFromString } from 'node:v8';
import { PerformanceObserver, constants, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { TestNode, extensionTestApi } from '../integration/editorHelpers';

type View = 'clusters' | 'jobs';

interface ViewState {
  /** The list is complete and the workspace item no longer counts verdicts, after it did. */
  readonly done: boolean;
  readonly objects: number;
  readonly filling: boolean;
}

/** Where one view is: cheap to ask (the workspace item and the first page's nodes only), so the polling barely weighs on the loop it measures. */
async function viewState(tree: vscode.TreeDataProvider<TestNode>, sawFilling: boolean): Promise<ViewState> {
  const [workspace] = (await tree.getChildren()) ?? [];
  if (workspace?.type !== 'workspace') return { done: false, objects: 0, filling: false };
  const description = String((await tree.getTreeItem(workspace)).description ?? '');
  const children = (await tree.getChildren(workspace)) ?? [];
  const loading = children.some((n) => n.type === 'info' && /Loading|Cached/.test(String((n as { message?: string }).message)));
  const more = children.find((n) => n.type === 'more') as { remaining?: number } | undefined;
  const objects = children.filter((n) => n.type === 'object').length + (more?.remaining ?? 0);
  const filling = description.includes('verdicts');
  return { done: !loading && sawFilling && !filling && objects > 0, objects, filling, description, children: children.length } as ViewState;
}

function profiler(file: string | undefined, heapFile: string | undefined): { stop(): Promise<void> } {
  if (!file && !heapFile) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  if (file) {
    session.post('Profiler.enable');
    session.post('Profiler.start');
  }
  // Every allocation sampled, also what the collectors freed: where the host's allocation rate comes from.
  if (heapFile) session.post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const post = <T>(method: string): Promise<T | undefined> => new Promise((resolve) => session.post(method, (error, result) => resolve(error ? undefined : (result as T))));
  return {
    async stop() {
      if (file) {
        const result = await post<{ profile: unknown }>('Profiler.stop');
        if (result) writeFileSync(file, JSON.stringify(result.profile));
      }
      if (heapFile) {
        const result = await post<{ profile: unknown }>('HeapProfiler.stopSampling');
        if (result) writeFileSync(heapFile, JSON.stringify(result.profile));
      }
      session.disconnect();
    },
  };
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** The host's garbage collections over the fill: their total and the longest few, so the longest stall can be told apart from our own code. */
function gcWatch(): { stop(): { totalMs: number; count: number; longest: { kind: string; ms: number; atS: number }[] } } {
  const pauses: { kind: string; ms: number; at: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ kind: GC_KINDS[(entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other', ms: entry.duration, at: entry.startTime });
  });
  observer.observe({ entryTypes: ['gc'] });
  const from = performance.now();
  return {
    stop() {
      observer.disconnect();
      const longest = [...pauses].sort((a, b) => b.ms - a.ms).slice(0, 5).map((p) => ({ kind: p.kind, ms: Math.round(p.ms), atS: Math.round((p.at - from) / 100) / 10 }));
      return { totalMs: Math.round(pauses.reduce((sum, p) => sum + p.ms, 0)), count: pauses.length, longest };
    },
  };
}

/** The longest few stretches the loop could not run a 10 ms timer on time, and when: to match them with the collections above. */
function stallWatch(): { stop(): { ms: number; atS: number }[] } {
  const from = performance.now();
  const stalls: { ms: number; atS: number }[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 30) stalls.push({ ms: Math.round(now - last - 10), atS: Math.round((last - from) / 100) / 10 });
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return stalls.sort((a, b) => b.ms - a.ms).slice(0, 5);
    },
  };
}

describe('host fill: 100,000 objects in the Clusters and Jobs views', () => {
  it('fills every verdict and reports the extension host\'s longest event-loop stall', async function () {
    this.timeout(20 * 60_000);
    const out = process.env.ACCESS_LENS_BENCH_OUT;
    if (!process.env.ACCESS_LENS_SANDBOX_FILE || !out) return this.skip();
    const api = await extensionTestApi();
    // Open both views first: VS Code asks a tree for its items only while it is visible.
    await vscode.commands.executeCommand('accessLens.clusters.focus');
    await vscode.commands.executeCommand('accessLens.jobs.focus');

    // V8's own line per collection (survivors, promoted bytes, the young generation's size), on the host's stderr.
    if (process.env.ACCESS_LENS_BENCH_TRACEGC) setFlagsFromString(process.env.ACCESS_LENS_BENCH_TRACEGC === 'nvp' ? '--trace-gc-nvp' : '--trace-gc-verbose');
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    const profile = profiler(process.env.ACCESS_LENS_BENCH_CPUPROF, process.env.ACCESS_LENS_BENCH_HEAPPROF);
    await vscode.commands.executeCommand('accessLens.signIn');
    stalls.enable();
    const gc = gcWatch();
    const longStalls = stallWatch();
    const started = performance.now();
    // The host's CPU over the fill (all of its threads: our code, VS Code's tree and RPC, the collectors).
    const cpuAtStart = process.cpuUsage();
    const saw: Record<View, boolean> = { clusters: false, jobs: false };
    const states: Partial<Record<View, ViewState>> = {};
    let polls = 0;
    for (;;) {
      for (const view of ['clusters', 'jobs'] as const) {
        const state = await viewState(api.trees[view], saw[view]);
        saw[view] ||= state.filling;
        states[view] = state;
      }
      if (states.clusters?.done && states.jobs?.done) break;
      if (++polls % 20 === 0) console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(states)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const fillMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    stalls.disable();
    await profile.stop();
    const result = { maxStallMs: stalls.max / 1e6, p99Ms: stalls.percentile(99) / 1e6, fillMs, objects: (states.clusters?.objects ?? 0) + (states.jobs?.objects ?? 0), hostCpuMs: (cpu.user + cpu.system) / 1000, gc: gc.stop(), longestStalls: longStalls.stop() };
    writeFileSync(out, JSON.stringify(result));
    console.log(`  host fill: ${JSON.stringify(result)}`);
    await vscode.commands.executeCommand('accessLens.signOut');
  });
});
