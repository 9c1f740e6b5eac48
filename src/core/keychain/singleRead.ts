/**
 * Every entry of the OS keychain's service in ONE keytar call, for the CLI's `token` fast path
 * (docs/cli.md, "`token` as a credential helper"), which runs before every request of the tools
 * that call it.
 *
 * Under the store's cross-process keychain lock, as every keychain call: a lock-free read was tried
 * and crashed. keytar's findCredentials lists the items and then reads each secret; an item another
 * process deletes in between (the full path's write probe or a refresh) comes back without a value,
 * and libsecret aborts the process ("secret_value_get_text: assertion 'value' failed", seen in the
 * e2e test of eight processes refreshing at once). Any failure or a slow keychain (locked, waiting for
 * a prompt) answers undefined, and the caller falls back to the full path, which retries and explains.
 *
 * The lock is the store's lock file (KeytarStore.exclusive takes it through lock/namedLocks.ts), taken
 * here without the in-process queue (this process makes one keychain call) and, when it is free, with
 * synchronous file calls (lock/fileLockSync.ts says why).
 */
import { loadKeytar } from './keytarModule';
import { acquireFileLock } from '../lock/fileLock';
import { tryAcquireFileLockSync } from '../lock/fileLockSync';
import { defaultLockDir, lockFilePath } from '../lock/lockPath';
import { KEYCHAIN_SERVICE } from './tokenStore';

/** Short: past this the full path (with its own, longer timeout and its explanations) takes over. */
const SINGLE_READ_TIMEOUT_MS = 2_000;

export async function readAllEntriesOnce(timeoutMs = SINGLE_READ_TIMEOUT_MS, lockDir = defaultLockDir()): Promise<Map<string, string> | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  let release: (() => unknown) | undefined;
  try {
    // The lock's name is the store's (KeytarStore.exclusive): the two meet in one lock file.
    const file = lockFilePath(lockDir, `keychain|${KEYCHAIN_SERVICE}`);
    release = tryAcquireFileLockSync(file) ?? (await acquireFileLock(file));
    const read = loadKeytar()
      .findCredentials(KEYCHAIN_SERVICE)
      .then((credentials) => new Map(credentials.map((c) => [c.account, c.password])));
    return await Promise.race([read, timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    await Promise.resolve(release?.()).catch(() => undefined);
  }
}
