/**
 * A TokenStore that keeps nothing beyond the process: for a source whose tokens someone else keeps
 * and refreshes (VS Code's Microsoft account), where writing them to the keychain would make a second,
 * longer-lived copy that the owner's sign-out could not remove.
 */
import type { TokenStore } from './tokenStore';

export class MemoryTokenStore implements TokenStore {
  readonly kind = 'memory';
  private readonly values = new Map<string, string>();

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
