// Reopen after a restart with 12,000 cached objects, in the real extension host (issue 17, target:
// verdicts within 1 s). Runs only against the generated "reopen-host" scenario (2,000 clusters and
// 10,000 jobs), which scripts/vscode-host/benchReopenHost.mjs starts; in the usual suite it skips.
// The views fill, the cache is written, then the views restart (TestApi.restartViews, as in
// verdictCache.test.ts) with the workspace slowed so nothing it says can count, and the time from
// then (the new maps are made on the views' first look) until the first screen of both views
// shows cached verdicts is printed as the line "reopen-host …".
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { TestApi, TestNode, extensionTestApi, waitFor } from './editorHelpers';
import { control, sandboxInfo } from './sandboxControl';

export const REOPEN_HOST_SCENARIO = 'reopen-host';
const SLOW_MS = 5_000;

describe('Reopen with 12,000 cached objects in the extension host', function () {
  this.timeout(15 * 60_000);
  let api: TestApi;

  before(async function () {
    if (!process.env.ACCESS_LENS_SANDBOX_FILE || (sandboxInfo() as { scenario?: string }).scenario !== REOPEN_HOST_SCENARIO) return this.skip();
    api = await extensionTestApi();
    await vscode.commands.executeCommand('accessLens.signIn');
  });
  after(async () => {
    if (!api) return;
    await control(sandboxInfo().controlApi.workspace, 'POST', 'knobs', { latencyMs: 0 });
    await vscode.commands.executeCommand('accessLens.signOut');
  });

  const views = (): vscode.TreeDataProvider<TestNode>[] => [api.trees.clusters, api.trees.jobs];
  /** A view's object items under its workspace, as the view would draw them now. */
  async function shown(tree: vscode.TreeDataProvider<TestNode>): Promise<vscode.TreeItem[]> {
    const [workspace] = (await tree.getChildren()) ?? [];
    if (workspace?.type !== 'workspace') return [];
    const nodes = ((await tree.getChildren(workspace)) ?? []).filter((n) => n.type === 'object');
    return Promise.all(nodes.map(async (n) => tree.getTreeItem(n)));
  }
  async function cacheRows(): Promise<{ clusters: number; jobs: number; bytes: number } | undefined> {
    const folder = path.join(api.storage.global, 'verdicts');
    const [file] = (await fs.readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
    if (!file) return undefined;
    const text = await fs.readFile(path.join(folder, file), 'utf8');
    const rows = (JSON.parse(text) as { rows?: Record<string, unknown[]> }).rows ?? {};
    return { clusters: rows.cluster?.length ?? 0, jobs: rows.job?.length ?? 0, bytes: Buffer.byteLength(text) };
  }

  it('shows the first screen of both views from the cache within 1 s of the restart', async () => {
    // Both views list and fill every object's verdicts; the cache is written as they come in.
    const fillStart = performance.now();
    for (const tree of views()) await shown(tree);
    const written = await waitFor('12,000 rows in the verdict cache', async () => {
      const rows = await cacheRows().catch(() => undefined);
      return rows && rows.clusters >= 2_000 && rows.jobs >= 10_000 ? rows : await new Promise<undefined>((r) => setTimeout(() => r(undefined), 2_000));
    }, 12 * 60_000);
    const fillSeconds = (performance.now() - fillStart) / 1000;

    await control(sandboxInfo().controlApi.workspace, 'POST', 'knobs', { latencyMs: SLOW_MS });
    // The old maps' last write (a real restart did it at shutdown) is not part of the reopen: timed apart.
    const writeStart = performance.now();
    await api.restartViews();
    const writeMs = performance.now() - writeStart;
    const start = performance.now();
    let firstScreen: vscode.TreeItem[][] | undefined;
    while (!firstScreen && performance.now() - start < SLOW_MS) {
      const now = await Promise.all(views().map(shown));
      if (now.every((items) => items.length >= 200 && items.every((i) => String(i.description).endsWith(' (cached)')))) firstScreen = now;
      else await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - start;
    assert.ok(firstScreen, `the cached verdicts show before the workspace (${SLOW_MS} ms per answer) has answered`);
    console.log(
      `      reopen-host   restart of the views with ${(written.clusters + written.jobs).toLocaleString('en')} cached objects (${written.clusters.toLocaleString('en')} clusters + ${written.jobs.toLocaleString('en')} jobs, file ${(written.bytes / 1e6).toFixed(1)} MB) → first screens (${firstScreen.map((s) => s.length).join(' + ')} rows) marked cached in ${ms.toFixed(0)} ms (target ≤ 1,000 ms); the last write before it ${writeMs.toFixed(0)} ms, the fill ${fillSeconds.toFixed(0)} s`,
    );
    assert.ok(ms < 1_000, `within 1 s (took ${ms.toFixed(0)} ms)`);
  });
});
