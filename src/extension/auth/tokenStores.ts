import * as vscode from 'vscode';
import { KeytarStore } from '../../core/keychain/keytarStore';
import { TokenStore } from '../../core/keychain/tokenStore';
import { Logger } from '../../core/log';

/** VS Code SecretStorage: encrypted by VS Code (the OS keychain on desktop, the browser's storage in code-server). */
export class SecretStorageStore implements TokenStore {
  readonly kind = 'vscode-secret-storage';
  constructor(private readonly secrets: vscode.SecretStorage) {}
  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    await this.secrets.store(key, value);
  }
  async delete(key: string): Promise<boolean> {
    const existed = (await this.secrets.get(key)) !== undefined;
    await this.secrets.delete(key);
    return existed;
  }
  async keys(prefix: string): Promise<string[]> {
    return (await this.secrets.keys()).filter((k) => k.startsWith(prefix));
  }
}

/**
 * The OS keychain through keytar, shared with the CLI; SecretStorage when
 * keytar cannot load or the keychain does not work, with one log line saying
 * why. Never plaintext.
 */
export async function openTokenStore(secrets: vscode.SecretStorage, logger: Logger): Promise<TokenStore> {
  try {
    const store = new KeytarStore();
    await store.probe();
    logger.info('Tokens are kept in the OS keychain (keytar), shared with the access-lens CLI.');
    return store;
  } catch (error) {
    logger.warn(`OS keychain unavailable, using VS Code SecretStorage instead (not shared with the CLI): ${(error as Error).message}`);
    return new SecretStorageStore(secrets);
  }
}
