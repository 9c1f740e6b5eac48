import * as assert from 'node:assert/strict';
import { CHUNK_MARKER, WINDOWS_ENTRY_BUDGET_BYTES, entryBytes, splitValue } from '../../../src/core/keychain/chunking';
import { KeytarStore, PROBE_VALUE_LENGTH, defaultEntryBudget } from '../../../src/core/keychain/keytarStore';

/** CRED_MAX_CREDENTIAL_BLOB_SIZE. */
const WINDOWS_LIMIT_BYTES = 2560;

/**
 * keytar as Windows Credential Manager behaves: every secret over 2,560 bytes in UTF-16 is refused.
 * `failAfterWrites` makes the store fail mid-way, as a process killed during a write would leave it.
 */
class WindowsLikeKeytar {
  readonly entries = new Map<string, string>();
  writes = 0;
  failAfterWrites = Infinity;
  async getPassword(_service: string, account: string): Promise<string | null> {
    return this.entries.get(account) ?? null;
  }
  async setPassword(_service: string, account: string, password: string): Promise<void> {
    if (Buffer.byteLength(password, 'utf16le') > WINDOWS_LIMIT_BYTES) throw new Error('The stub received bad data.');
    if (this.writes >= this.failAfterWrites) throw new Error('The process was stopped.');
    this.writes++;
    this.entries.set(account, password);
  }
  async deletePassword(_service: string, account: string): Promise<boolean> {
    return this.entries.delete(account);
  }
  async findCredentials(): Promise<Array<{ account: string; password: string }>> {
    return [...this.entries].map(([account, password]) => ({ account, password }));
  }
}

function windowsStore(): { keytar: WindowsLikeKeytar; store: KeytarStore } {
  const keytar = new WindowsLikeKeytar();
  return { keytar, store: new KeytarStore(keytar, 1_000, 'access-lens', defaultEntryBudget('win32')) };
}

/** About what an MSAL cache with one account and a groups claim weighs. */
const msalCache = (size: number, seed = 'a'): string => JSON.stringify({ AccessToken: { [seed]: { secret: `eyJ${'Q'.repeat(size)}` } } });

describe('KeytarStore chunking (a keychain that refuses secrets over 2,560 bytes, as Windows does)', () => {
  it('stores and reads back a 12 KB value over several entries, each within the limit', async () => {
    const { keytar, store } = windowsStore();
    const value = msalCache(12_000);
    await store.set('t|c|msal-cache', value);
    assert.ok(keytar.entries.size > 5, `split into ${keytar.entries.size} entries`);
    for (const stored of keytar.entries.values()) assert.ok(Buffer.byteLength(stored, 'utf16le') <= WINDOWS_LIMIT_BYTES);
    assert.ok(keytar.entries.get('t|c|msal-cache')?.startsWith(CHUNK_MARKER), 'the key itself holds the header');
    assert.equal(await store.get('t|c|msal-cache'), value);
  });

  it('keeps non-ASCII text intact across part boundaries (never splits a character)', async () => {
    const { store } = windowsStore();
    const value = `{"name":"${'Zoë 😀 日本 '.repeat(800)}"}`;
    await store.set('k', value);
    assert.equal(await store.get('k'), value);
    for (const part of splitValue(value, WINDOWS_ENTRY_BUDGET_BYTES)) assert.ok(entryBytes(part) <= WINDOWS_ENTRY_BUDGET_BYTES);
  });

  it('lists only the keys, never their part entries', async () => {
    const { keytar, store } = windowsStore();
    await store.set('t|c|msal-cache', msalCache(8_000));
    await store.set('t|c|databricks|h|a', 'small');
    assert.ok(keytar.entries.size > 3);
    assert.deepEqual((await store.keys('t|c|')).sort(), ['t|c|databricks|h|a', 't|c|msal-cache']);
  });

  it('leaves no stale parts when a value shrinks, to fewer parts or to one plain entry', async () => {
    const { keytar, store } = windowsStore();
    await store.set('k', msalCache(12_000));
    await store.set('k', msalCache(4_000, 'b'));
    assert.equal(await store.get('k'), msalCache(4_000, 'b'));
    const parts = splitValue(msalCache(4_000, 'b'), WINDOWS_ENTRY_BUDGET_BYTES).length;
    assert.equal(keytar.entries.size, 1 + parts, `only the header and the new ${parts} parts remain`);
    await store.set('k', 'plain');
    assert.deepEqual([...keytar.entries.keys()], ['k']);
    assert.equal(await store.get('k'), 'plain');
  });

  it('deletes a chunked value with all its parts, and those an interrupted write left', async () => {
    const { keytar, store } = windowsStore();
    await store.set('k', msalCache(9_000));
    keytar.failAfterWrites = keytar.writes + 2;
    await assert.rejects(store.set('k', msalCache(9_000, 'new')));
    keytar.failAfterWrites = Infinity;
    await store.set('other', 'kept');
    assert.equal(await store.delete('k'), true);
    assert.deepEqual([...keytar.entries.keys()], ['other']);
    assert.equal(await store.get('k'), undefined);
  });

  it('treats a half-written set as missing, and keeps the old value readable until the new header is written', async () => {
    const { keytar, store } = windowsStore();
    const old = msalCache(9_000, 'old');
    await store.set('k', old);
    keytar.failAfterWrites = keytar.writes + 2;
    await assert.rejects(store.set('k', msalCache(9_000, 'new')));
    assert.equal(await store.get('k'), old, 'the interrupted write did not touch the old set');

    // A set whose part went missing, or was changed, reads as missing rather than as garbage.
    const generation = (keytar.entries.get('k') ?? '').split(' ')[2]?.slice(0, 12);
    const part = `k|part|${generation}|2`;
    assert.ok(keytar.entries.has(part));
    keytar.entries.set(part, 'tampered');
    assert.equal(await store.get('k'), undefined);
    keytar.entries.delete(part);
    assert.equal(await store.get('k'), undefined);
  });

  it('still reads a value stored whole by an older version', async () => {
    const { keytar, store } = windowsStore();
    keytar.entries.set('k', '{"older":"plain entry"}');
    assert.equal(await store.get('k'), '{"older":"plain entry"}');
  });

  it('stores a value that looks like a header chunked, so it reads back as itself', async () => {
    const { store } = windowsStore();
    const tricky = `${CHUNK_MARKER} 1 ${'0'.repeat(64)}`;
    await store.set('k', tricky);
    assert.equal(await store.get('k'), tricky);
  });

  it('probes with a realistic 6 KB value, so a size-limited keychain fails at startup, and leaves nothing behind', async () => {
    const limited = new WindowsLikeKeytar();
    // Without chunking (as on a platform we did not expect to be limited), the probe must fail.
    await assert.rejects(new KeytarStore(limited, 1_000, 'access-lens', Infinity).probe(), /refused to store a secret/);
    const { keytar, store } = windowsStore();
    await store.probe();
    assert.equal(keytar.entries.size, 0);
    assert.ok(keytar.writes > PROBE_VALUE_LENGTH / WINDOWS_ENTRY_BUDGET_BYTES, 'the probe went through several parts');
  });

  it('splits only where the keychain needs it: on Windows', () => {
    assert.equal(defaultEntryBudget('win32'), WINDOWS_ENTRY_BUDGET_BYTES);
    assert.equal(defaultEntryBudget('linux'), Infinity);
    assert.equal(defaultEntryBudget('darwin'), Infinity);
  });
});
