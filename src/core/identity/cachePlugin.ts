/**
 * Persists MSAL's token cache in a TokenStore (the OS keychain), so the
 * extension and the CLI share one sign-in. The cache is re-read before every
 * access because the other program may have changed it.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { TokenStore } from '../keychain/tokenStore';

export function keychainCachePlugin(store: TokenStore, key: string): ICachePlugin & { clear(): Promise<void> } {
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      const serialized = await store.get(key);
      context.tokenCache.deserialize(serialized ?? '{}');
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (context.cacheHasChanged) await store.set(key, context.tokenCache.serialize());
    },
    async clear(): Promise<void> {
      await store.delete(key);
    },
  };
}
