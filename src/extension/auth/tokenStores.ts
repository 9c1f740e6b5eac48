import * as vscode from 'vscode';
import { TokenStore } from '../../core/keychain/tokenStore';
import { Logger } from '../../core/log';
import { openTokenStore } from '../../core/services';

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

/** The OS keychain shared with the CLI, else VS Code SecretStorage (services.ts says when); never plaintext. */
export function openExtensionTokenStore(secrets: vscode.SecretStorage, logger: Logger): Promise<TokenStore> {
  return openTokenStore(logger, { name: 'VS Code SecretStorage', open: () => new SecretStorageStore(secrets) });
}
