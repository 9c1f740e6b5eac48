import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KeychainUnavailableError, KeytarStore } from '../../../src/core/keychain';
import { acquireFileLock } from '../../../src/core/lock/fileLock';
import { fileLocks } from '../../../src/core/lock/namedLocks';

/** A keytar stand-in whose calls can be made to fail a set number of times, and that records overlapping calls. */
class FlakyKeytar {
  readonly values = new Map<string, string>();
  failures: Error[] = [];
  calls = 0;
  private active = 0;
  maxActive = 0;
  private async step<T>(result: () => T): Promise<T> {
    this.calls++;
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((r) => setTimeout(r, 2));
      const failure = this.failures.shift();
      if (failure) throw failure;
      return result();
    } finally {
      this.active--;
    }
  }
  getPassword = (_s: string, account: string) => this.step(() => this.values.get(account) ?? null);
  setPassword = (_s: string, account: string, value: string) => this.step(() => void this.values.set(account, value));
  deletePassword = (_s: string, account: string) => this.step(() => this.values.delete(account));
  findCredentials = () => this.step(() => [...this.values].map(([account, password]) => ({ account, password })));
}

describe('KeytarStore across processes (issue 12: libsecret under concurrency)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keychain-lock-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const storeOver = (keytar: FlakyKeytar) => new KeytarStore(keytar, 1_000, 'access-lens', Infinity, fileLocks(dir), [5, 10]);

  it('tries a transient refusal again, a couple of times, and then answers', async () => {
    const keytar = new FlakyKeytar();
    keytar.values.set('a|b', 'secret');
    keytar.failures = [new Error('Cannot get secret of a locked object'), new Error('GDBus.Error: The connection is closed')];
    assert.deepEqual(await storeOver(keytar).keys('a|'), ['a|b']);
    assert.equal(await storeOver(keytar).get('a|b'), 'secret');
  });

  it('gives up after the retries with a message that says what failed', async () => {
    const keytar = new FlakyKeytar();
    keytar.failures = [1, 2, 3].map(() => new Error('The connection is closed'));
    await assert.rejects(storeOver(keytar).keys(''), (e: unknown) => e instanceof KeychainUnavailableError && /refused to list secrets: The connection is closed/.test(e.message));
    assert.equal(keytar.calls, 3);
  });

  it('does not retry a lasting refusal (no Secret Service, locked keyring)', async () => {
    const keytar = new FlakyKeytar();
    keytar.failures = [new Error('Cannot create an item in a locked collection'), new Error('unused')];
    await assert.rejects(storeOver(keytar).get('k'), /keyring is locked/);
    assert.equal(keytar.calls, 1, 'no retry');
  });

  it('waits while another process holds the keychain lock, and never overlaps its own calls', async () => {
    const keytar = new FlakyKeytar();
    const store = storeOver(keytar);
    // The lock file another process would hold (same service, same state folder).
    const lockName = 'keychain|access-lens';
    const release = await fileLocks(dir).acquire(lockName);
    let done = false;
    const pending = store.set('k', 'v').then(() => (done = true));
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(done, false, 'held up by the other holder');
    assert.equal(keytar.calls, 0);
    await release();
    await pending;
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.set(`k${i}`, 'x'.repeat(i))));
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.get(`k${i}`)));
    assert.equal(keytar.maxActive, 1, 'one keychain call at a time');
  });

  it('uses one lock file per service in the state folder, so the CLI and the extension meet there', async () => {
    const keytar = new FlakyKeytar();
    let seen: string[] = [];
    const probeKeytar = { ...keytar, getPassword: async (s: string, a: string) => ((seen = await fs.readdir(dir)), keytar.getPassword(s, a)) };
    await new KeytarStore(probeKeytar, 1_000, 'access-lens', Infinity, fileLocks(dir)).get('k');
    assert.equal(seen.length, 1);
    assert.match(seen[0] ?? '', /^[0-9a-f]{32}\.lock$/);
    assert.deepEqual(await fs.readdir(dir), [], 'released afterwards');
    // The lock file path is the same for a second, independent store (another process would compute it alike).
    const other = await acquireFileLock(path.join(dir, seen[0] ?? ''));
    await other();
  });
});

describe('named locks', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'named-lock-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('is re-entrant within the call chain that holds it, and serialises the others', async () => {
    const locks = fileLocks(dir);
    const order: string[] = [];
    const task = (name: string) =>
      locks.run('a', async () => {
        order.push(`${name}+`);
        await locks.run('a', async () => new Promise((r) => setTimeout(r, 20)));
        assert.equal(locks.holds('a'), true);
        order.push(`${name}-`);
      });
    await Promise.all([task('x'), task('y'), task('z')]);
    assert.deepEqual(order, ['x+', 'x-', 'y+', 'y-', 'z+', 'z-']);
    assert.equal(locks.holds('a'), false);
  });
});
