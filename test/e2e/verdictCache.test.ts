import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AccessMap } from '../../src/core/workspace/accessMap';
import type { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { VerdictStore } from '../../src/core/workspace/verdictStore';
import { WRITE_DELAY_MS } from '../../src/core/workspace/persisted';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { largeScenario, sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';

/**
 * The verdict cache against the sandbox over real HTTPS (docs/architecture.md, "Reopen after a
 * restart"): a first map fills and writes; a second map in the same folder (a restart) shows every
 * row, marked cached, before the workspace has answered anything; a changed ACL shows its new
 * verdict after one fill; a sign-out deletes the file.
 */
describe('verdict cache: reopen after a restart', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let call: AuthorizedHttp;
  let entraToken: string;
  let databricksToken: string;
  let dir: string;
  const quiet = { info: () => undefined, warn: () => undefined };

  const newMap = (store: VerdictStore) => new AccessMap(sandboxAccessMapCore(call, entraToken, 1000), sandbox.workspaceHost, 'account-1', { store });

  before(async () => {
    sandbox = await startSandbox({ scenario: largeScenario('verdict-cache', { clusters: 300, jobs: 200, groups: 40 }) });
    entraToken = sandbox.control.mintEntraToken({ userName: 'alice@contoso.com' });
    databricksToken = sandbox.control.mintDatabricksToken({ userName: 'alice@contoso.com' });
    call = sandboxCall(sandbox, databricksToken);
    dir = mkdtempSync(path.join(tmpdir(), 'verdict-cache-e2e-'));
  });
  after(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => sandbox.control.setKnobs({ latencyMs: 0 }));

  it('fills, writes, and after a restart shows every row cached before any answer; a changed ACL shows after one fill; sign-out drops the file', async () => {
    // The first session: every verdict read and written.
    const first = newMap(new VerdictStore(dir, quiet));
    const fillStart = Date.now();
    const clusters = await first.list('cluster');
    await first.fillIn('cluster', clusters);
    await first.persisted!.flush();
    // Writes are batched, at most one per WRITE_DELAY_MS: one for a quick fill, a few for a slow one
    // (a loaded machine), never one per row.
    const allowedWrites = 1 + Math.floor((Date.now() - fillStart) / WRITE_DELAY_MS);
    assert.ok(first.persisted!.writes >= 1 && first.persisted!.writes <= allowedWrites, `${first.persisted!.writes} writes for ${clusters.length} rows, at most ${allowedWrites} in ${Date.now() - fillStart} ms`);
    const file = new VerdictStore(dir, quiet).fileOf(sandbox.workspaceHost, 'account-1');
    const text = readFileSync(file, 'utf8');
    for (const secret of [entraToken, databricksToken]) assert.ok(!text.includes(secret) && !text.includes(secret.split('.')[1]!), 'no token, nor a token part, in the cache file');
    const liveRows = new Map(clusters.map((c) => [c.id, first.cachedRow('cluster', c.id)!]));

    // A restart: a new store and map on the same folder, a slow workspace, and a count of its answers.
    sandbox.control.setKnobs({ latencyMs: 400 });
    let answered = 0;
    const stopCounting = sandbox.onRequest(() => answered++);
    const started = process.hrtime.bigint();
    const second = newMap(new VerdictStore(dir, quiet));
    const listing = second.listing('cluster');
    await listing.firstPage;
    const seededMs = Number(process.hrtime.bigint() - started) / 1e6;
    const answeredAtSeed = answered;
    assert.equal(listing.seeded, true, 'the cached list');
    assert.equal(listing.items.length, clusters.length);
    for (const summary of listing.items) {
      const row = second.cachedRow('cluster', summary.id, summary.name);
      assert.ok(row?.cached, `${summary.id} shows a cached row`);
      assert.deepEqual(row.allowed, liveRows.get(summary.id)!.allowed, `${summary.id}: the verdicts written`);
    }
    assert.equal(answeredAtSeed, 0, `every cached row shown before the workspace answered anything (${seededMs.toFixed(0)} ms)`);
    assert.ok(seededMs < 400, `cached rows in ${seededMs.toFixed(0)} ms, before one 400 ms round trip`);
    await listing.value;
    stopCounting();
    sandbox.control.setKnobs({ latencyMs: 0 });

    // Someone grants alice CAN_MANAGE on a cluster she could not manage (the sandbox reads its ACL live).
    const target = clusters.find((c) => liveRows.get(c.id)!.allowed.manage === false && liveRows.get(c.id)!.blocker.manage !== 'ACL_UNREADABLE')!;
    assert.ok(target, 'a cluster alice cannot manage');
    const scenarioCluster = sandbox.scenarioData.workspace.clusters!.find((c) => c.cluster_id === target.id)!;
    scenarioCluster.acl!.push({ user: 'alice@contoso.com', level: 'CAN_MANAGE' });

    // One fill cycle: the revalidated row replaces the cached one, new verdict, no mark.
    const fill = await second.fillIn('cluster', await second.list('cluster'));
    assert.equal(fill.done, clusters.length);
    const changed = second.cachedRow('cluster', target.id)!;
    assert.equal(changed.cached, undefined, 'read again: no longer marked cached');
    assert.equal(changed.allowed.manage, true, 'the new ACL\'s verdict');
    assert.ok(listing.items.every((s) => !second.cachedRow('cluster', s.id)?.cached), 'every row read again');

    // Sign-out: the account's file goes, and a write still pending lands nowhere.
    const store = new VerdictStore(dir, quiet);
    await store.forgetAccount('account-1');
    assert.equal(existsSync(file), false, 'the account\'s cache is deleted');
  });

  it('never shows another user\'s verdicts: a cache written for someone else is dropped once the workspace says who you are', async () => {
    const store = new VerdictStore(dir, quiet);
    const map = newMap(store);
    await map.fillIn('cluster', await map.list('cluster'));
    await map.persisted!.flush();
    const text = readFileSync(store.fileOf(sandbox.workspaceHost, 'account-1'), 'utf8');
    const other = JSON.parse(text) as { userName: string };
    other.userName = 'bob@contoso.com';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(store.fileOf(sandbox.workspaceHost, 'account-1'), JSON.stringify(other), { mode: 0o600 });
    const restarted = newMap(new VerdictStore(dir, quiet));
    await restarted.persisted!.loaded();
    const anyId = (await map.list('cluster'))[0]!.id;
    assert.ok(restarted.cachedRow('cluster', anyId)?.cached, 'shown until the workspace answers');
    await restarted.whoami();
    assert.equal(restarted.cachedRow('cluster', anyId), undefined, 'dropped once the workspace names another user');
  });
});
