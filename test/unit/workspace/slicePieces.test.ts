import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SlicePieces } from '../../../src/core/workspace/slicePieces';
import { PersistedRow, PersistedSnapshot, readSnapshot, snapshotPieces, snapshotText } from '../../../src/core/workspace/verdictSnapshot';
import { VerdictStore } from '../../../src/core/workspace/verdictStore';

const HOST = 'https://adb-1.azuredatabricks.net';

function snapshotOf(rows: readonly PersistedRow[], savedAt = 1000): PersistedSnapshot {
  return { host: HOST, userName: 'alice@contoso.com', savedAt, lists: { cluster: { at: 900, items: rows.map((r) => ({ id: r.id, name: `cluster ${r.id}`, creator: 'bob@contoso.com' })) } }, rows: { cluster: rows } };
}
const row = (i: number, readAt = 900): PersistedRow => ({ id: `c${i}`, level: 'CAN_ATTACH_TO', via: 'ml', allowed: { attach: true }, blocker: {}, readAt, acl: 'h' });

async function text(snapshot: PersistedSnapshot, cache: SlicePieces): Promise<string> {
  let out = '';
  for await (const piece of snapshotPieces(snapshot, 3, cache)) out += piece.toString();
  return out;
}

describe('SlicePieces (the verdict cache\'s slices from the last write)', () => {
  it('reuses the slices whose objects are the same ones, and builds only the slice with a changed row', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i));
    const first = snapshotOf(rows);
    const cache = new SlicePieces();
    assert.equal(await text(first, cache), await snapshotText(first, 3));
    assert.equal(cache.built, 8, '4 slices of list items, 4 of rows');
    // The next write: the same list, the same rows but one read again (a new object), in a new array.
    const again: PersistedSnapshot = { ...first, savedAt: 2000, rows: { cluster: rows.map((r, i) => (i === 5 ? row(5, 950) : r)) } };
    const written = await text(again, cache);
    assert.equal(cache.built, 9, 'one slice built again');
    assert.equal(written, await snapshotText(again, 3));
    assert.deepEqual((readSnapshot(written, HOST) as { snapshot: PersistedSnapshot }).snapshot, again);
  });

  it('writes what is there when rows are added, removed or reordered, and a kind goes', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i));
    const cache = new SlicePieces();
    await text(snapshotOf(rows), cache);
    for (const next of [[...rows, row(10), row(11)], rows.slice(0, 4), [rows[1]!, rows[0]!, ...rows.slice(2)], []]) {
      const snapshot = snapshotOf(next);
      assert.equal(await text(snapshot, cache), await snapshotText(snapshot, 3));
    }
    const noKinds: PersistedSnapshot = { host: HOST, userName: undefined, savedAt: 5, lists: {}, rows: {} };
    assert.equal(await text(noKinds, cache), await snapshotText(noKinds, 3));
  });

  it('lets the store write a second snapshot from the first one\'s slices, and it reads back whole', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'al-slices-'));
    try {
      const store = new VerdictStore(path.join(dir, 'cache'), { info: () => undefined, warn: () => undefined } as never);
      const cache = new SlicePieces();
      const rows = Array.from({ length: 5_000 }, (_, i) => row(i));
      const first = snapshotOf(rows);
      assert.equal(await store.save(HOST, 'acct', store.generation('acct'), first, cache), true);
      const before = cache.built;
      const second: PersistedSnapshot = { ...first, savedAt: 3000, rows: { cluster: rows.map((r, i) => (i === 4_321 ? row(i, 999) : r)) } };
      assert.equal(await store.save(HOST, 'acct', store.generation('acct'), second, cache), true);
      assert.equal(cache.built, before + 1, 'the second write built one slice of rows');
      assert.deepEqual(await store.load(HOST, 'acct'), second);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
