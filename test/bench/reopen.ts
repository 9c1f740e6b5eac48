/**
 * reopen: a restart with 12,000 cached objects (2,000 clusters + 10,000 jobs; issue 17 "Reopen after
 * a restart", target: verdicts within 1 s). A first map reads the lists from the sandbox and the
 * verdict cache is written with a row per object (rows made here: the reopen path reads them the
 * same whichever way they were built, and 12,000 permission reads would only slow the bench). Then,
 * at 50 ms latency, a new store and map on the same folder (a restart) show both lists and every
 * row, marked cached, timed from the map's creation, against one bare round trip in the same run.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { VerdictStore } from '../../src/core/workspace/verdictStore';
import { startSandbox } from '../fakes/sandbox';
import { largeScenario, sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';

const LATENCY_MS = 50;
const MB = 1024 * 1024;

export async function benchReopen(): Promise<void> {
  const sandbox = await startSandbox({ scenario: largeScenario('reopen', { clusters: 2000, jobs: 10000, groups: 50 }) });
  const dir = mkdtempSync(path.join(tmpdir(), 'reopen-bench-'));
  const quiet = { info: () => undefined, warn: () => undefined };
  try {
    const userName = 'alice@contoso.com';
    const call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName }));
    const core = sandboxAccessMapCore(call, sandbox.control.mintEntraToken({ userName }), 1000);
    const first = new AccessMap(core, sandbox.workspaceHost, 'bench', { store: new VerdictStore(dir, quiet) });
    let objects = 0;
    for (const kind of ['cluster', 'job'] as const) {
      const list = await first.list(kind);
      objects += list.length;
      for (const s of list) first.persisted!.rememberRow({ kind, id: s.id, name: s.name, level: 'CAN_VIEW', via: 'data-scientists', allowed: { a: true, b: false }, blocker: { b: 'LEVEL_TOO_LOW' }, verdicts: {} }, { state: 'readable', entries: [] });
    }
    const writeStart = performance.now();
    await first.persisted!.flush();
    const writeMs = performance.now() - writeStart;
    const fileMb = statSync(new VerdictStore(dir, quiet).fileOf(sandbox.workspaceHost, 'bench')).size / MB;

    sandbox.control.setKnobs({ latencyMs: LATENCY_MS });
    const trip = performance.now();
    await call({ method: 'GET', path: '/api/2.1/clusters/list?page_size=1' });
    const roundTrip = performance.now() - trip;

    // The restart: nothing in memory but what the new store reads from the folder.
    const start = performance.now();
    const reopened = new AccessMap(core, sandbox.workspaceHost, 'bench', { store: new VerdictStore(dir, quiet) });
    let shown = 0;
    for (const kind of ['cluster', 'job'] as const) {
      const listing = reopened.listing(kind);
      await listing.firstPage;
      for (const s of listing.items) if (reopened.cachedRow(kind, s.id, s.name)?.cached) shown++;
    }
    const reopenMs = performance.now() - start;
    if (shown !== objects) throw new Error(`reopen: ${shown} of ${objects} rows shown from the cache`);
    reopened.invalidate();
    console.log(
      `reopen      reopen after restart: ${objects.toLocaleString('en')} cached objects → verdicts in ${reopenMs.toFixed(0)} ms (target ≤ 1,000 ms; ${(reopenMs / roundTrip).toFixed(1)}× one ${roundTrip.toFixed(0)} ms round trip); cache file ${fileMb.toFixed(1)} MB, written in ${writeMs.toFixed(0)} ms`,
    );
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
