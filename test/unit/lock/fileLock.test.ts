import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LockTimeoutError, acquireFileLock, withFileLock } from '../../../src/core/lock/fileLock';

describe('file lock across processes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lock-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('lets one process at a time through a read → change → write', async function () {
    this.timeout(60_000);
    const counter = path.join(dir, 'counter');
    await fs.writeFile(counter, '0');
    const script = `
      const { promises: fs } = require('node:fs');
      const { withFileLock } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/core/lock/fileLock.js'))});
      (async () => {
        for (let i = 0; i < 50; i++) {
          await withFileLock(process.argv[2], async () => {
            const n = Number(await fs.readFile(process.argv[1], 'utf8'));
            await new Promise((r) => setImmediate(r));
            await fs.writeFile(process.argv[1], String(n + 1));
          });
        }
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const run = (): Promise<void> =>
      new Promise((resolve, reject) => execFile(process.execPath, ['-e', script, counter, path.join(dir, 'counter.lock')], { timeout: 50_000 }, (error, _o, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve())));
    await Promise.all([run(), run(), run(), run()]);
    assert.equal(await fs.readFile(counter, 'utf8'), '200', 'no increment was lost');
    assert.deepEqual((await fs.readdir(dir)).sort(), ['counter']);
  });

  it('takes over a lock whose holder died', async () => {
    const lock = path.join(dir, 'x.lock');
    // A pid that cannot be alive: the kernel never hands out pids this high.
    await fs.writeFile(lock, JSON.stringify({ pid: 2 ** 30, host: os.hostname(), since: Date.now() }));
    const started = Date.now();
    assert.equal(await withFileLock(lock, async () => 'ran', { timeoutMs: 2_000 }), 'ran');
    assert.ok(Date.now() - started < 1_000);
    await assert.rejects(fs.stat(lock), /ENOENT/);
  });

  it('takes over a lock older than staleMs even when its holder looks alive', async () => {
    const lock = path.join(dir, 'x.lock');
    await fs.writeFile(lock, JSON.stringify({ pid: process.ppid, host: 'another-host', since: Date.now() - 120_000 }));
    assert.equal(await withFileLock(lock, async () => 'ran', { timeoutMs: 2_000, staleMs: 60_000 }), 'ran');
  });

  it('waits for a live holder, and says who holds it when it gives up', async () => {
    const lock = path.join(dir, 'x.lock');
    const release = await acquireFileLock(lock);
    const waiting = withFileLock(lock, async () => 'second', { timeoutMs: 300 });
    await assert.rejects(waiting, (error: unknown) => error instanceof LockTimeoutError && /pid \d+ on /.test(error.message) && error.message.includes(lock));
    const after = withFileLock(lock, async () => 'third', { timeoutMs: 5_000 });
    setTimeout(() => void release(), 100);
    assert.equal(await after, 'third');
  });

  it('releases the lock when the work throws, and does not remove a lock it no longer owns', async () => {
    const lock = path.join(dir, 'x.lock');
    await assert.rejects(withFileLock(lock, async () => { throw new Error('boom'); }), /boom/);
    await assert.rejects(fs.stat(lock), /ENOENT/);
    const release = await acquireFileLock(lock);
    // Taken over as stale by someone else meanwhile: our release must leave their lock alone.
    await fs.writeFile(lock, JSON.stringify({ pid: 1, host: 'other', since: Date.now() }));
    await release();
    assert.ok((await fs.readFile(lock, 'utf8')).includes('"other"'));
  });
});
