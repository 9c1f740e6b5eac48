/**
 * Where secrets live. The primary store is the OS keychain through keytar,
 * shared by the extension and the CLI; the extension falls back to VS Code
 * SecretStorage when keytar cannot load. There is never a plaintext store.
 */
import { AccessLensError } from '../errors';

export const KEYCHAIN_SERVICE = 'access-lens';

export interface TokenStore {
  /** For messages and doctor: `os-keychain` or `vscode-secret-storage`. */
  readonly kind: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Every key this store holds for us that starts with `prefix`. */
  keys(prefix: string): Promise<string[]>;
}

export class KeychainUnavailableError extends AccessLensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KEYCHAIN_UNAVAILABLE', message, ['openLog'], options);
    this.name = 'KeychainUnavailableError';
  }
}

/** Keys are namespaced by tenant and client id, so logout can remove exactly what one sign-in stored. */
export function storeKey(tenant: string, clientId: string, ...parts: string[]): string {
  return [tenant.toLowerCase(), clientId.toLowerCase(), ...parts].join('|');
}

export function storePrefix(tenant: string, clientId: string): string {
  return `${storeKey(tenant, clientId)}|`;
}
