// The verdict cache's side in one access map (core/workspace/persisted.ts): what a cold start
// shows while the workspace has not answered again.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PersistedVerdicts } from '../../../src/core/workspace/persisted';
import { VerdictStore } from '../../../src/core/workspace/verdictStore';

const HOST = 'https://adb-1.azuredatabricks.net';

describe('persisted verdicts (a cold start from the verdict cache)', () => {
  let dir: string;
  let store: VerdictStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'persisted-'));
    store = new VerdictStore(path.join(dir, 'verdicts'), { info: () => undefined, warn: () => undefined });
    const items = ['c0', 'c1'].map((id) => ({ id, name: id, creator: 'bob@contoso.com' }));
    const rows = items.map((s) => ({ id: s.id, level: 'CAN_RESTART', via: 'ml', allowed: { attach: true }, blocker: {}, readAt: 900, acl: 'h' }));
    assert.ok(await store.save(HOST, 'acct', store.generation('acct'), { host: HOST, userName: 'alice@contoso.com', savedAt: 1000, lists: { cluster: { at: 900, items } }, rows: { cluster: rows } }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a row whose read failed before the file was read in is not shown from the cache afterwards', async () => {
    // On a fast connection the first permission read can fail before the cache file is read: the
    // seed must not bring the cached verdict back, or the view shows it "(cached)" for good.
    const persisted = new PersistedVerdicts(store, HOST, 'acct', { now: () => 5000, writeDelayMs: 60_000 });
    persisted.rowFailed('cluster', 'c1');
    await persisted.loaded();
    assert.equal(persisted.row('cluster', 'c1', 'c1'), undefined, 'the failed row is read live (or shows its error)');
    assert.equal(persisted.row('cluster', 'c0', 'c0')?.cached, true, 'the others still show cached');
    persisted.dispose();
  });

  it('orders a fill by age: objects without a cached row first as listed, then the oldest rows first, ties as listed', async () => {
    const persisted = new PersistedVerdicts(store, HOST, 'acct', { now: () => 5000, writeDelayMs: 60_000, seed: false });
    const summary = (id: string) => ({ id, name: id, creator: 'bob@contoso.com' });
    const acl = { state: 'readable' as const, entries: [] };
    const row = (id: string) => ({ kind: 'cluster' as const, id, name: id, level: null, via: null, allowed: {}, blocker: {}, verdicts: {} });
    let now = 100;
    const at = new PersistedVerdicts(store, HOST, 'acct2', { now: () => now, writeDelayMs: 60_000, seed: false });
    for (const [id, t] of [['r3', 300], ['r1', 100], ['r2', 200], ['r2b', 200]] as const) {
      now = t;
      at.rememberRow(row(id) as never, acl as never);
    }
    const list = ['n1', 'r2', 'r3', 'n2', 'r2b', 'r1', 'n3'].map(summary);
    assert.deepEqual(at.byAge('cluster', list).map((s) => s.id), ['n1', 'n2', 'n3', 'r1', 'r2', 'r2b', 'r3']);
    assert.equal(at.byAge('cluster', list), at.byAge('cluster', list), 'the same array for the same list: a fill is not restarted');
    assert.equal(persisted.byAge('cluster', list), list, 'no rows: the list as it is');
    // A list without r3 and r1 (listed twice) drops r3's row only.
    at.rememberList('cluster', ['r1', 'r1', 'r2', 'r2b', 'n1'].map(summary));
    assert.deepEqual(at.byAge('cluster', ['r3', 'r1', 'r2'].map(summary)).map((s) => s.id), ['r3', 'r1', 'r2'], 'r3 has no row any longer: first, as unread');
    persisted.dispose();
    at.dispose();
  });
});
