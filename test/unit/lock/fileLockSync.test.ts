import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireFileLock } from '../../../src/core/lock/fileLock';
import { tryAcquireFileLockSync } from '../../../src/core/lock/fileLockSync';

describe('one synchronous attempt at a file lock (lock/fileLockSync.ts)', () => {
  let dir: string;
  let lock: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lock-sync-'));
    lock = path.join(dir, 'locks', 'x.lock');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('takes a free lock with the holder the async lock writes (so every process can judge it stale), and releases it', async () => {
    const release = tryAcquireFileLockSync(lock);
    assert.ok(release, 'taken');
    const holder = JSON.parse(await fs.readFile(lock, 'utf8')) as { pid: number; host: string; since: number };
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.host, os.hostname());
    assert.ok(Math.abs(holder.since - Date.now()) < 5_000);
    release();
    await assert.rejects(fs.stat(lock), { code: 'ENOENT' });
  });

  it('answers undefined while another holder has it, and the async lock waits for the sync one', async () => {
    const releaseAsync = await acquireFileLock(lock);
    assert.equal(tryAcquireFileLockSync(lock), undefined);
    await releaseAsync();
    const release = tryAcquireFileLockSync(lock);
    assert.ok(release);
    let taken = false;
    const waiting = acquireFileLock(lock, { retryMs: 5 }).then((r) => ((taken = true), r));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(taken, false, 'still held');
    release();
    await (await waiting)();
  });

  it('does not remove a lock another holder took over', async () => {
    const release = tryAcquireFileLockSync(lock);
    assert.ok(release);
    await fs.writeFile(lock, JSON.stringify({ pid: 1, host: 'elsewhere', since: Date.now() }));
    release();
    assert.match(await fs.readFile(lock, 'utf8'), /elsewhere/);
  });
});
