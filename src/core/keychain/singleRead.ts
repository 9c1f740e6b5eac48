/**
 * Every entry of the OS keychain's service in ONE keytar call, without the store's cross-process
 * lock: the CLI's `token` fast path (docs/cli.md, "`token` as a credential helper") runs before
 * every request of the tools that call it, and the lock (lock files in the state folder, hashing,
 * async hooks) cost it more than the keychain call itself.
 *
 * Why a lock-free read is safe: each keychain entry is replaced whole by one setPassword (Secret
 * Service, the macOS Keychain, Windows Credential Manager), so a read concurrent with a write sees
 * the old value or the new one, never half of either. A value split into parts (Windows, a
 * multi-call write) is never used from here: the fast path leaves it to the full path, which reads
 * under the lock. Any failure or a slow keychain (locked, waiting for a prompt) answers undefined,
 * and the caller falls back to the full path, which locks, retries and explains.
 */
import { loadKeytar } from './keytarModule';
import { KEYCHAIN_SERVICE } from './tokenStore';

/** Short: past this the full path (with its own, longer timeout and its explanations) takes over. */
const SINGLE_READ_TIMEOUT_MS = 2_000;

export async function readAllEntriesOnce(timeoutMs = SINGLE_READ_TIMEOUT_MS): Promise<Map<string, string> | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    const read = loadKeytar()
      .findCredentials(KEYCHAIN_SERVICE)
      .then((credentials) => new Map(credentials.map((c) => [c.account, c.password])));
    return await Promise.race([read, timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
