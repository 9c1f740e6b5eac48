import { TokenStore } from '../../../src/core/keychain/tokenStore';

/** In-memory TokenStore for unit tests of pure logic. The product never stores secrets in memory-only or plaintext stores. */
export class MemoryStore implements TokenStore {
  readonly kind = 'memory';
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<boolean> {
    return this.values.delete(key);
  }
  async keys(prefix: string): Promise<string[]> {
    return [...this.values.keys()].filter((k) => k.startsWith(prefix));
  }
}

export const silentLogger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
