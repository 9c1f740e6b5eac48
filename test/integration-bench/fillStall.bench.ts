// Issue 17, "the tree stays responsive while filling": inside the real extension host, the
// Clusters and Jobs views open on a generated workspace of 10,000 clusters + 90,000 jobs
// (test/bench/hostFill.ts starts the sandbox for it in its own process, 5 ms latency, 2,000
// reads/s, and raises the extension's request ceiling to match), and the host's event loop is
// watched with monitorEventLoopDelay from sign-in until both views have every verdict.
// Writes { maxStallMs, p99Ms, fillMs, objects } to $ACCESS_LENS_BENCH_OUT; with
// $ACCESS_LENS_BENCH_CPUPROF, also a CPU profile of the host over the fill (for DevTools).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
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

function profiler(file: string | undefined): { stop(): Promise<void> } {
  if (!file) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  return {
    stop: () =>
      new Promise((resolve) =>
        session.post('Profiler.stop', (error, result) => {
          if (!error) writeFileSync(file, JSON.stringify(result.profile));
          session.disconnect();
          resolve();
        }),
      ),
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

    const stalls = monitorEventLoopDelay({ resolution: 10 });
    const profile = profiler(process.env.ACCESS_LENS_BENCH_CPUPROF);
    await vscode.commands.executeCommand('accessLens.signIn');
    stalls.enable();
    const started = performance.now();
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
    stalls.disable();
    await profile.stop();
    const result = { maxStallMs: stalls.max / 1e6, p99Ms: stalls.percentile(99) / 1e6, fillMs, objects: (states.clusters?.objects ?? 0) + (states.jobs?.objects ?? 0) };
    writeFileSync(out, JSON.stringify(result));
    console.log(`  host fill: ${JSON.stringify(result)}`);
    await vscode.commands.executeCommand('accessLens.signOut');
  });
});
