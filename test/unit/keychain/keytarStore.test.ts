import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { KeychainUnavailableError, KeytarStore, storeKey, storePrefix } from '../../../src/core/keychain';
import { WINDOWS_ENTRY_BUDGET_BYTES, isPartKey } from '../../../src/core/keychain/chunking';

/** Part entries the service holds, listed straight from keytar. */
async function partsIn(service: string): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const keytar = require('keytar') as { findCredentials(service: string): Promise<Array<{ account: string }>> };
  return (await keytar.findCredentials(service)).map((c) => c.account).filter(isPartKey);
}

/**
 * Against the real OS keychain, but only inside the private D-Bus session that
 * scripts/with-keyring.sh starts: never the developer's own keychain.
 */
describe('KeytarStore (real gnome-keyring in a private D-Bus session)', function () {
  this.timeout(20_000);
  before(function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
  });

  const service = `access-lens-test-${process.pid}`;
  const tenant = 'contoso.onmicrosoft.com';
  const client = '00000000-0000-4000-8000-000000000001';

  it('stores, reads, lists by prefix and deletes secrets that secret-tool sees too', async () => {
    const store = new KeytarStore(undefined, 10_000, service);
    await store.probe();
    const key = storeKey(tenant, client, 'databricks', 'https://127.0.0.1:1');
    await store.set(key, 'secret-value-1');
    await store.set(storeKey('other', client, 'x'), 'unrelated');
    assert.equal(await store.get(key), 'secret-value-1');
    assert.equal(execFileSync('secret-tool', ['lookup', 'service', service, 'account', key], { timeout: 15_000 }).toString(), 'secret-value-1');
    assert.deepEqual(await store.keys(storePrefix(tenant, client)), [key]);
    assert.equal(await store.delete(key), true);
    assert.equal(await store.get(key), undefined);
    await store.delete(storeKey('other', client, 'x'));
  });

  it('holds a 1 MB value (an MSAL cache with many accounts)', async () => {
    const store = new KeytarStore(undefined, 10_000, service);
    const big = 'x'.repeat(1024 * 1024);
    await store.set('big', big);
    assert.equal((await store.get('big'))?.length, big.length);
    await store.delete('big');
  });

  it('splits a value over entries where asked (as on Windows), and gnome-keyring gives it back whole', async () => {
    const store = new KeytarStore(undefined, 10_000, service, WINDOWS_ENTRY_BUDGET_BYTES);
    const key = storeKey(tenant, client, 'msal-cache');
    const value = JSON.stringify({ AccessToken: { a: { secret: `eyJ${'Q'.repeat(12_000)}` } } });
    await store.set(key, value);
    assert.match(execFileSync('secret-tool', ['lookup', 'service', service, 'account', key], { timeout: 15_000 }).toString(), /^access-lens:chunked:v1 \d+ [0-9a-f]{64}$/);
    assert.equal(await store.get(key), value);
    assert.equal(await new KeytarStore(undefined, 10_000, service).get(key), value, 'read back where no split is needed too');
    assert.deepEqual(await store.keys(storePrefix(tenant, client)), [key]);
    await store.set(key, 'small again');
    assert.deepEqual(await partsIn(service), [], 'no stale parts once the value shrank');
    await store.set(key, value);
    assert.equal(await store.delete(key), true);
    assert.deepEqual(await partsIn(service), []);
    assert.equal(await store.get(key), undefined);
  });

  it('turns a hanging keychain into a clear error after its timeout', async () => {
    const hanging = { getPassword: () => new Promise<null>(() => undefined) } as never;
    const store = new KeytarStore(hanging, 50, service);
    await assert.rejects(store.get('k'), (e: unknown) => e instanceof KeychainUnavailableError && /did not answer within 0.05 s/.test(e.message));
  });
});
