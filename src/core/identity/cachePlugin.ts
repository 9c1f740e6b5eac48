/**
 * Persists MSAL's token cache in a TokenStore (the OS keychain), so the
 * extension and the CLI share one sign-in. The cache is re-read before every
 * access because the other program may have changed it.
 *
 * As msal-node-extensions' PersistenceCachePlugin does, the cross-process lock
 * is taken in beforeCacheAccess and given back in afterCacheAccess, so no other
 * process writes between our read and our write. Silent calls hold the lock for
 * their whole run already (a refresh re-reads and redeems under it); then the
 * plugin only reads and writes.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { TokenStore } from '../keychain/tokenStore';
import { NamedLocks } from '../lock/namedLocks';

export function keychainCachePlugin(store: TokenStore, key: string, locks?: NamedLocks, lockName = `msal-cache|${key}`): ICachePlugin & { clear(): Promise<void> } {
  const releases: Array<() => Promise<void>> = [];
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      if (locks && !locks.holds(lockName)) releases.push(await locks.acquire(lockName));
      try {
        const serialized = await store.get(key);
        context.tokenCache.deserialize(serialized ?? '{}');
      } catch (error) {
        await releases.pop()?.();
        throw error;
      }
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      try {
        if (context.cacheHasChanged) await store.set(key, context.tokenCache.serialize());
      } finally {
        if (locks && !locks.holds(lockName)) await releases.pop()?.();
      }
    },
    async clear(): Promise<void> {
      await store.delete(key);
    },
  };
}
