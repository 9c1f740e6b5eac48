import * as assert from 'node:assert/strict';
import { mkdtempSync, promises as fs, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PersistedSnapshot, VerdictStore } from '../../../src/core/workspace/verdictStore';
import { PersistedVerdicts } from '../../../src/core/workspace/persisted';
import type { ObjectRow } from '../../../src/core/workspace/rows';
import { readSnapshot, snapshotPieces } from '../../../src/core/workspace/verdictSnapshot';

const HOST = 'https://adb-1.azuredatabricks.net';
const posix = process.platform !== 'win32';

function snapshot(rows = 3): PersistedSnapshot {
  const items = Array.from({ length: rows }, (_, i) => ({ id: `c${i}`, name: `cluster ${i}`, creator: 'bob@contoso.com' }));
  return {
    host: HOST,
    userName: 'alice@contoso.com',
    savedAt: 1000,
    lists: { cluster: { at: 900, items } },
    rows: { cluster: items.map((s, i) => ({ id: s.id, level: 'CAN_RESTART', via: 'ml', allowed: { attach: true, restart: true, manage: false }, blocker: { manage: 'LEVEL_TOO_LOW' }, readAt: 900 + i, acl: 'h' })) },
  };
}

describe('verdict store (the verdict cache on disk)', () => {
  let dir: string;
  let folder: string;
  let logs: string[];
  let store: VerdictStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'verdicts-'));
    folder = path.join(dir, 'verdicts');
    logs = [];
    store = new VerdictStore(folder, { info: (m) => logs.push(m), warn: (m) => logs.push(m) });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an owner-only file (0600) in an owner-only folder (0700) and reads it back', async function () {
    if (!posix) this.skip();
    assert.equal(await store.save(HOST, 'acct', store.generation('acct'), snapshot()), true);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    const file = store.fileOf(HOST, 'acct');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(!path.basename(file).includes('acct') && !path.basename(file).includes('azuredatabricks'), 'a hashed name');
    const back = await new VerdictStore(folder, { info: () => undefined, warn: () => undefined }).load(HOST, 'acct');
    assert.deepEqual(back, snapshot());
  });

  it('writes atomically: no temp file is left, and a failed write keeps the last file', async () => {
    await store.save(HOST, 'acct', 0, snapshot(2));
    assert.deepEqual(readdirSync(folder).filter((n) => n.endsWith('.tmp')), []);
    // A rename onto a folder fails: the earlier snapshot stays readable.
    const file = store.fileOf(HOST, 'acct');
    const other = new VerdictStore(folder, { info: () => undefined, warn: (m) => logs.push(m) });
    await fs.rename(file, `${file}.keep`);
    await fs.mkdir(file);
    assert.equal(await other.save(HOST, 'acct', 0, snapshot(5)), false);
    assert.ok(logs.some((l) => l.includes('Could not write the verdict cache')), logs.join('\n'));
    assert.deepEqual(readdirSync(folder).filter((n) => n.endsWith('.tmp')), [], 'the temp file is removed');
    await fs.rmdir(file);
    await fs.rename(`${file}.keep`, file);
    assert.equal((await other.load(HOST, 'acct'))?.rows.cluster?.length, 2);
  });

  it('ignores a corrupt file and one of another format version, with a log line each, never throwing', async () => {
    await store.save(HOST, 'acct', 0, snapshot());
    const file = store.fileOf(HOST, 'acct');
    writeFileSync(file, '{"version":1,"host":', { mode: 0o600 });
    assert.equal(await store.load(HOST, 'acct'), undefined);
    assert.ok(logs.some((l) => l.includes('is not JSON')), logs.join('\n'));
    writeFileSync(file, JSON.stringify({ ...snapshot(), version: 99 }), { mode: 0o600 });
    assert.equal(await store.load(HOST, 'acct'), undefined);
    assert.ok(logs.some((l) => l.includes('format version 99')), logs.join('\n'));
    writeFileSync(file, JSON.stringify({ ...snapshot(), version: 1, host: 'https://other.example' }), { mode: 0o600 });
    assert.equal(await store.load(HOST, 'acct'), undefined, 'another workspace');
  });

  it('leaves out a row that does not read instead of guessing a verdict', async () => {
    const s = snapshot(2);
    const broken = { ...s, version: 1, rows: { cluster: [s.rows.cluster![0], { id: 'c1', level: 'CAN_MANAGE', allowed: 'yes' }] } };
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    writeFileSync(store.fileOf(HOST, 'acct'), JSON.stringify(broken), { mode: 0o600 });
    const back = await store.load(HOST, 'acct');
    assert.deepEqual(back?.rows.cluster?.map((r) => r.id), ['c0']);
  });

  it('repairs a folder open to others and deletes what was in it; refuses a file readable by others', async function () {
    if (!posix) this.skip();
    await fs.mkdir(folder, { recursive: true, mode: 0o777 });
    await fs.chmod(folder, 0o755);
    writeFileSync(path.join(folder, 'planted.json'), '{}');
    assert.equal(await store.load(HOST, 'acct'), undefined);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(folder), [], 'files written while it was open are not trusted');
    assert.ok(logs.some((l) => l.includes('was open to others')), logs.join('\n'));
    await store.save(HOST, 'acct', 0, snapshot());
    await fs.chmod(store.fileOf(HOST, 'acct'), 0o644);
    assert.equal(await store.load(HOST, 'acct'), undefined);
    assert.ok(logs.some((l) => l.includes('readable by others')), logs.join('\n'));
  });

  it('forgets an account: its files go, other accounts stay, and a write begun before lands nowhere', async () => {
    const generation = store.generation('a');
    await store.save(HOST, 'a', generation, snapshot());
    await store.save('https://two.example', 'a', generation, snapshot());
    await store.save(HOST, 'b', 0, snapshot());
    await store.forgetAccount('a');
    assert.deepEqual(readdirSync(folder), [path.basename(store.fileOf(HOST, 'b'))]);
    assert.equal(await store.save(HOST, 'a', generation, snapshot()), false, 'the old generation writes nothing');
    assert.deepEqual(readdirSync(folder).length, 1);
  });

  it('batches the rows of a fill into one write and keeps no token field', async () => {
    const persisted = new PersistedVerdicts(store, HOST, 'acct', { now: () => 5000, writeDelayMs: 60_000 });
    await persisted.loaded();
    for (let i = 0; i < 500; i++) {
      const row: ObjectRow = { kind: 'cluster', id: `c${i}`, name: `c${i}`, level: null, via: null, allowed: { attach: false }, blocker: { attach: 'NO_GRANT' }, verdicts: {} };
      persisted.rememberRow(row, { state: 'readable', entries: [{ principal: 'group:ml', level: 'CAN_ATTACH_TO' }] } as never);
    }
    assert.equal(persisted.writes, 0, 'nothing written per row');
    await persisted.flush();
    assert.equal(persisted.writes, 1);
    const text = await fs.readFile(store.fileOf(HOST, 'acct'), 'utf8');
    assert.doesNotMatch(text, /token|bearer|eyJ/i);
    persisted.dispose();
  });

  it('builds the file in pieces of a slice of objects each, which together are the whole snapshot', async () => {
    const full = snapshot(7);
    const twoKinds: PersistedSnapshot = { ...full, lists: { ...full.lists, job: { at: 950, items: [] } }, rows: { ...full.rows, job: [] } };
    const pieces: string[] = [];
    for await (const piece of snapshotPieces(twoKinds, 2)) pieces.push(piece.toString());
    // No piece holds more than 2 objects: the writer never meets the file as one string.
    const biggest = Math.max(...pieces.map((p) => (p.match(/"id":/g) ?? []).length));
    assert.equal(biggest, 2);
    const read = readSnapshot(pieces.join(''), HOST);
    assert.ok('snapshot' in read, 'problem' in read ? read.problem : '');
    assert.deepEqual(read.snapshot, twoKinds);
  });

  it('writes a large snapshot that reads back whole', async () => {
    const big = snapshot(5_000);
    assert.equal(await store.save(HOST, 'acct', store.generation('acct'), big), true);
    assert.deepEqual(await store.load(HOST, 'acct'), big);
    assert.deepEqual(readdirSync(folder).filter((n) => n.endsWith('.tmp')), [], 'no temp file left');
  });
});
