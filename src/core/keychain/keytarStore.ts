/**
 * The OS keychain through keytar (libsecret on Linux, Keychain on macOS,
 * Credential Manager on Windows). keytar is native and optional: loading it
 * may fail, and with a display and a locked keyring a call can hang forever,
 * so every call has a timeout and every failure says what to install or unlock.
 */
import { KEYCHAIN_SERVICE, KeychainUnavailableError, TokenStore } from './tokenStore';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

// The issue is named within 5 s: a locked keyring waiting for a prompt must not stall sign-in longer.
const DEFAULT_TIMEOUT_MS = 4_000;

export function loadKeytar(): Keytar {
  try {
    // Resolved at run time next to the bundle (dist/node_modules/keytar) or from node_modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('keytar') as Keytar;
  } catch (error) {
    throw new KeychainUnavailableError(
      `The OS keychain module (keytar) could not be loaded: ${(error as Error).message.split('\n')[0]}. ` +
        'On Debian/Ubuntu install libsecret-1-dev and run "npm rebuild keytar"; on other systems reinstall the package.',
      { cause: error },
    );
  }
}

/** Translates libsecret's terse failures into what the user should do. */
function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Cannot spawn a message bus/i.test(message)) {
    return `${message}. No D-Bus session is running: start one (e.g. run inside "dbus-run-session") or sign in from a desktop session.`;
  }
  if (/org\.freedesktop\.secrets/i.test(message)) {
    return `${message}. No Secret Service is running: install and start gnome-keyring (or KeePassXC with its Secret Service integration).`;
  }
  if (/locked collection/i.test(message)) {
    return `${message}. The keyring is locked: unlock it (e.g. "echo -n <password> | gnome-keyring-daemon --unlock").`;
  }
  return message;
}

export class KeytarStore implements TokenStore {
  readonly kind = 'os-keychain';

  constructor(
    private readonly keytar: Keytar = loadKeytar(),
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    private readonly service = KEYCHAIN_SERVICE,
  ) {}

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KeychainUnavailableError(`The OS keychain did not answer within ${this.timeoutMs / 1000} s (${what}). It may be locked and waiting for a password prompt: unlock it and try again.`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([operation(), timeout]);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      throw new KeychainUnavailableError(`The OS keychain refused to ${what}: ${explain(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.call('read a secret', () => this.keytar.getPassword(this.service, key));
    return value ?? undefined;
  }

  set(key: string, value: string): Promise<void> {
    return this.call('store a secret', () => this.keytar.setPassword(this.service, key, value));
  }

  delete(key: string): Promise<boolean> {
    return this.call('delete a secret', () => this.keytar.deletePassword(this.service, key));
  }

  async keys(prefix: string): Promise<string[]> {
    const all = await this.call('list secrets', () => this.keytar.findCredentials(this.service));
    return all.map((c) => c.account).filter((account) => account.startsWith(prefix));
  }

  /**
   * A locked keyring answers reads with null, so only a write, a read and a
   * delete prove the keychain is usable.
   */
  async probe(): Promise<void> {
    const key = `probe|${process.pid}|${Date.now()}`;
    const value = `probe-${Math.random().toString(36).slice(2)}`;
    await this.set(key, value);
    const read = await this.get(key);
    await this.delete(key);
    if (read !== value) {
      throw new KeychainUnavailableError('The OS keychain accepted a secret but did not give it back: it is probably locked. Unlock it and try again.');
    }
  }
}
