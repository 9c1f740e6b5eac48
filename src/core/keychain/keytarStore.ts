/**
 * The OS keychain through keytar (libsecret on Linux, Keychain on macOS,
 * Credential Manager on Windows). keytar is native and optional: loading it
 * may fail, and with a display and a locked keyring a call can hang forever,
 * so every call has a timeout and every failure says what to install or unlock.
 * Values too large for one entry are split (./chunking) where the keychain
 * needs it: on Windows. Secret Service and the macOS Keychain hold 1 MB in one
 * entry, and splitting there would only cost writes; chunked values are read
 * on every platform all the same.
 *
 * Two VS Code windows and the CLI share the keychain. libsecret has crashed
 * (SIGSEGV) and refused to list secrets when several processes called it at
 * once, so every operation holds a lock shared by all processes of the user
 * (one per service), and a refusal that is not a known lasting state (no
 * D-Bus, no Secret Service, a locked keyring) is tried again after a pause.
 */
import { WINDOWS_ENTRY_BUDGET_BYTES, ChunkHeader, digest, encodeHeader, fitsWhole, isPartKey, joinParts, parseHeader, partKey, splitValue } from './chunking';
import { NamedLocks, fileLocks } from '../lock/namedLocks';
import { Keytar, loadKeytar } from './keytarModule';
import { KEYCHAIN_SERVICE, KeychainUnavailableError, TokenStore } from './tokenStore';

// The issue is named within 5 s: a locked keyring waiting for a prompt must not stall sign-in longer.
const DEFAULT_TIMEOUT_MS = 4_000;

/** Pauses before the second and third try of a refused call: a transient refusal clears within a moment. */
export const KEYCHAIN_RETRY_DELAYS_MS: readonly number[] = [100, 400];

/** Bytes one entry may hold on this platform; Infinity where no small limit exists. */
export function defaultEntryBudget(platform: NodeJS.Platform = process.platform): number {
  return platform === 'win32' ? WINDOWS_ENTRY_BUDGET_BYTES : Infinity;
}

/** The probe writes as much as a real MSAL cache (about 6 KB), so a size limit shows at startup, not at sign-in. */
export const PROBE_VALUE_LENGTH = 6 * 1024;

const NO_DBUS = /autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Cannot spawn a message bus/i;

/** Refusals that trying again will not change: the user has to act. */
function lasting(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  // The last: Windows refusing a secret over its size limit.
  return NO_DBUS.test(message) || /org\.freedesktop\.secrets|locked collection|stub received bad data/i.test(message);
}

/** Translates libsecret's terse failures into what the user should do. */
function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (NO_DBUS.test(message)) {
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

class KeychainTimeoutError extends KeychainUnavailableError {}

export class KeytarStore implements TokenStore {
  readonly kind = 'os-keychain';

  constructor(
    private readonly keytar: Keytar = loadKeytar(),
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    private readonly service = KEYCHAIN_SERVICE,
    private readonly entryBudgetBytes = defaultEntryBudget(),
    private readonly locks: NamedLocks = fileLocks(),
    private readonly retryDelaysMs: readonly number[] = KEYCHAIN_RETRY_DELAYS_MS,
  ) {}

  /** One whole operation (a chunked write is several calls) at a time across every process of the user. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.locks.run(`keychain|${this.service}`, work);
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.callOnce(what, operation);
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        // A timeout is not retried: the keychain may be waiting on a prompt, and three waits would stall sign-in.
        if (delay === undefined || error instanceof KeychainTimeoutError || lasting((error as Error).cause)) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async callOnce<T>(what: string, operation: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KeychainTimeoutError(`The OS keychain did not answer within ${this.timeoutMs / 1000} s (${what}). It may be locked and waiting for a password prompt: unlock it and try again.`)),
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

  private read(account: string): Promise<string | null> {
    return this.call('read a secret', () => this.keytar.getPassword(this.service, account));
  }

  private write(account: string, value: string): Promise<void> {
    return this.call('store a secret', () => this.keytar.setPassword(this.service, account, value));
  }

  private remove(account: string): Promise<boolean> {
    return this.call('delete a secret', () => this.keytar.deletePassword(this.service, account));
  }

  private async removeParts(key: string, header: ChunkHeader | undefined): Promise<void> {
    if (!header) return;
    for (let i = 1; i <= header.count; i++) await this.remove(partKey(key, header, i));
  }

  get(key: string): Promise<string | undefined> {
    return this.exclusive(() => this.getUnlocked(key));
  }

  private async getUnlocked(key: string): Promise<string | undefined> {
    const raw = await this.read(key);
    if (raw === null) return undefined;
    const header = parseHeader(raw);
    if (!header) return raw;
    const parts = await Promise.all(Array.from({ length: header.count }, (_, i) => this.read(partKey(key, header, i + 1))));
    // A half-written or damaged set reads as missing (sign in again), never as garbage.
    return joinParts(header, parts);
  }

  set(key: string, value: string): Promise<void> {
    return this.exclusive(() => this.setUnlocked(key, value));
  }

  private async setUnlocked(key: string, value: string): Promise<void> {
    const previous = parseHeader((await this.read(key)) ?? '');
    if (fitsWhole(value, this.entryBudgetBytes)) {
      await this.write(key, value);
      await this.removeParts(key, previous);
      return;
    }
    const parts = splitValue(value, this.entryBudgetBytes);
    const header: ChunkHeader = { count: parts.length, sha256: digest(value) };
    // New parts under new names first, the header last: readers see the old set or the new one.
    for (const [i, part] of parts.entries()) await this.write(partKey(key, header, i + 1), part);
    await this.write(key, encodeHeader(header));
    if (previous && previous.sha256 !== header.sha256) await this.removeParts(key, previous);
  }

  /** Every part of the key goes, including those an interrupted write left under another generation. */
  delete(key: string): Promise<boolean> {
    return this.exclusive(async () => {
      const existed = await this.remove(key);
      const parts = (await this.accounts()).filter((account) => account.startsWith(`${key}|part|`) && isPartKey(account));
      for (const part of parts) await this.remove(part);
      return existed;
    });
  }

  private async accounts(): Promise<string[]> {
    return (await this.call('list secrets', () => this.keytar.findCredentials(this.service))).map((c) => c.account);
  }

  keys(prefix: string): Promise<string[]> {
    return this.exclusive(async () => (await this.accounts()).filter((account) => account.startsWith(prefix) && !isPartKey(account)));
  }

  /**
   * A locked keyring answers reads with null, so only a write, a read and a
   * delete prove the keychain is usable.
   */
  async probe(): Promise<void> {
    const key = `probe|${process.pid}|${Date.now()}`;
    const value = `probe-${Math.random().toString(36).slice(2)}-`.padEnd(PROBE_VALUE_LENGTH, 'x');
    await this.set(key, value);
    let read: string | undefined;
    try {
      read = await this.get(key);
    } finally {
      await this.delete(key);
    }
    if (read !== value) {
      throw new KeychainUnavailableError('The OS keychain accepted a secret but did not give it back: it is probably locked. Unlock it and try again.');
    }
  }
}
