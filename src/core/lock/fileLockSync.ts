/**
 * One synchronous attempt at a file lock (./fileLock.ts: the same file, the same content), for
 * the CLI's `token` fast path: each of the async lock's five file steps waits for a turn of Node's
 * thread pool, about 6 ms of a warm call that should cost little more than starting Node
 * (docs/cli.md, "`token` as a credential helper"). A free lock is taken at once; a held one
 * answers undefined and the caller waits for it the usual way (acquireFileLock), which also
 * recovers a stale one.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { holderContent } from './fileLock';

/** The release when the lock was free and is now ours; undefined when another holder has it. */
export function tryAcquireFileLockSync(lockPath: string): (() => void) | undefined {
  mkdirSync(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  const token = holderContent();
  try {
    writeSync(fd, token);
  } finally {
    closeSync(fd);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    let current = '';
    try {
      current = readFileSync(lockPath, 'utf8');
    } catch {
      return; // gone: taken over as stale and released by its new holder
    }
    // Only our own lock is removed: a holder that took it over as stale keeps it.
    if (current === token) rmSync(lockPath, { force: true });
  };
}
