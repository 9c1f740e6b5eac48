/**
 * Named locks shared by every Access Lens process of the user: the VS Code
 * windows and the CLI share one keychain, so a read → refresh → write of one
 * account, or a keychain call, must not overlap with the same in another
 * process (a rotating refresh token redeemed twice is revoked for reuse).
 *
 * Each name maps to a lock file (./fileLock) in the user's state folder, the
 * same path in every process, so the CLI and the extension meet there. Inside
 * one process waiters queue in memory instead of polling the file, and a lock
 * is re-entrant within the async call chain that holds it (a sign-out that
 * holds an account's lock may call code that takes it again).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { FileLockOptions, acquireFileLock } from './fileLock';
import { defaultLockDir, lockFilePath } from './lockPath';

export { defaultLockDir, defaultStateDir } from './lockPath';

export interface NamedLocks {
  /** Runs `work` while holding the lock `name` across processes. */
  run<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Takes the lock and hands back its release, for callers whose start and end are separate callbacks (MSAL's cache plugin). */
  acquire(name: string): Promise<() => Promise<void>>;
  /** Whether the current async call chain holds `name`. */
  holds(name: string): boolean;
}

/** The lock of one signed-in account (refresh, sign-out, the Databricks token's write-back). */
export function accountLockName(tenant: string, clientId: string, accountId: string): string {
  return `account|${tenant.toLowerCase()}|${clientId.toLowerCase()}|${accountId}`;
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();
/** Per lock file, the tail of this process's queue for it. */
const queues = new Map<string, Promise<unknown>>();

/** Takes the in-process turn for `file`, then the file lock; the release gives both back. */
async function take(file: string, options: FileLockOptions): Promise<() => Promise<void>> {
  const previous = queues.get(file) ?? Promise.resolve();
  let done: () => void = () => undefined;
  const turn = new Promise<void>((resolve) => (done = resolve));
  const tail = previous.then(() => turn);
  queues.set(file, tail);
  const leave = (): void => {
    done();
    if (queues.get(file) === tail) queues.delete(file);
  };
  await previous;
  let releaseFile: () => Promise<void>;
  try {
    releaseFile = await acquireFileLock(file, options);
  } catch (error) {
    leave();
    throw error;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    try {
      await releaseFile();
    } finally {
      leave();
    }
  };
}

export function fileLocks(dir: string = defaultLockDir(), options: FileLockOptions = {}): NamedLocks {
  const holds = (name: string): boolean => held.getStore()?.has(lockFilePath(dir, name)) ?? false;
  return {
    holds,
    acquire: (name) => take(lockFilePath(dir, name), options),
    async run<T>(name: string, work: () => Promise<T>): Promise<T> {
      const file = lockFilePath(dir, name);
      const current = held.getStore() ?? new Set<string>();
      if (current.has(file)) return work();
      const release = await take(file, options);
      try {
        return await held.run(new Set([...current, file]), work);
      } finally {
        await release();
      }
    },
  };
}
