import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lockFilePath, nameHash } from '../../../src/core/lock/lockPath';
import { fileLocks } from '../../../src/core/lock/namedLocks';

describe('lock file names (lock/lockPath.ts)', () => {
  it('hashes a name to the same 32 hex digits in every process and version: the keychain lock of the CLI fast path and of the store meet there', () => {
    // A change here splits the lock between an old extension window and a new CLI: keep it.
    assert.equal(nameHash('keychain|access-lens'), nameHash('keychain|access-lens'));
    assert.match(nameHash('keychain|access-lens'), /^[0-9a-f]{32}$/);
    assert.equal(nameHash('keychain|access-lens'), GOLDEN);
  });

  it('spreads near names apart (one changed character changes about half of the bits)', () => {
    const names = ['keychain|access-lens', 'keychain|access-lenz', 'account|t|c|a', 'account|t|c|b', '', 'a', 'b', 'é', 'ab', 'ba'];
    assert.equal(new Set(names.map(nameHash)).size, names.length);
    const bits = (hex: string): string => [...hex].map((d) => parseInt(d, 16).toString(2).padStart(4, '0')).join('');
    const [a, b] = [bits(nameHash('account|t|c|a')), bits(nameHash('account|t|c|b'))];
    const differing = [...a].filter((bit, i) => bit !== b[i]).length;
    assert.ok(differing > 32 && differing < 96, `${differing} of 128 bits differ`);
  });

  it('the named locks of the full path take exactly the file the fast path computes', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lock-name-'));
    try {
      const release = await fileLocks(dir).acquire('keychain|access-lens');
      assert.deepEqual(await fs.readdir(dir), [path.basename(lockFilePath(dir, 'keychain|access-lens'))]);
      await release();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

const GOLDEN = 'e1031a770c2a32504a09fe641b8db3e3';
