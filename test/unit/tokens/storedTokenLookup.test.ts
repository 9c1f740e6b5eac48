import * as assert from 'node:assert/strict';
import { storeKey } from '../../../src/core/keychain/tokenStore';
import { findStoredToken } from '../../../src/core/tokens/storedTokenLookup';

const HOST = 'https://adb-1.azuredatabricks.net';
const NOW = Date.parse('2026-12-01T12:00:00Z');
const CLIENT = 'Client-Id';

function signedIn(tenant: string, account: string, token: Record<string, unknown>): [string, string][] {
  return [
    [storeKey(tenant, CLIENT, 'current-account'), account],
    [storeKey(tenant, CLIENT, 'databricks', HOST, account), JSON.stringify(token)],
  ];
}

const valid = { accessToken: 'tok-a', expiresAt: new Date(NOW + 3_600_000).toISOString(), mode: 'entra', issuedAt: new Date(NOW - 60_000).toISOString() };

describe('findStoredToken (the token fast path)', () => {
  it('hands out the current account\'s stored token while it is outside its refresh margin', () => {
    const entries = new Map(signedIn('tenant-a', 'acc-1', valid));
    assert.deepEqual(findStoredToken(entries, { host: HOST, clientId: CLIENT, tenant: 'TENANT-A', nowMs: NOW }), { accessToken: 'tok-a', expiresAt: new Date(valid.expiresAt), mode: 'entra' });
  });

  it('leaves to the full path a token due for renewal, one with under 2 minutes left, and unreadable or missing ones', () => {
    const due = { ...valid, issuedAt: new Date(NOW - 3_400_000).toISOString(), expiresAt: new Date(NOW + 200_000).toISOString() };
    const short = { ...valid, issuedAt: new Date(NOW - 30_000).toISOString(), expiresAt: new Date(NOW + 100_000).toISOString() };
    for (const token of [due, short, { ...valid, expiresAt: 'soon' }, { ...valid, mode: 'pat' }, { expiresAt: valid.expiresAt, mode: 'entra' }]) {
      assert.equal(findStoredToken(new Map(signedIn('t', 'acc-1', token)), { host: HOST, clientId: CLIENT, tenant: 't', nowMs: NOW }), undefined, JSON.stringify(token));
    }
    const noCurrent = new Map(signedIn('t', 'acc-1', valid).slice(1));
    assert.equal(findStoredToken(noCurrent, { host: HOST, clientId: CLIENT, tenant: 't', nowMs: NOW }), undefined);
    const otherAccount = new Map([...signedIn('t', 'acc-1', valid), [storeKey('t', CLIENT, 'current-account'), 'acc-2']]);
    assert.equal(findStoredToken(otherAccount, { host: HOST, clientId: CLIENT, tenant: 't', nowMs: NOW }), undefined, 'the current account has no token');
    const chunked = new Map([[storeKey('t', CLIENT, 'current-account'), 'acc-1'], [storeKey('t', CLIENT, 'databricks', HOST, 'acc-1'), 'access-lens-chunked:v1:3:abc']]);
    assert.equal(findStoredToken(chunked, { host: HOST, clientId: CLIENT, tenant: 't', nowMs: NOW }), undefined);
  });

  it('without a tenant (one the workspace would name), takes the only tenant holding a token for the host, never a guess among several', () => {
    const one = new Map([...signedIn('tenant-a', 'acc-1', valid), [storeKey('tenant-b', CLIENT, 'current-account'), 'acc-9']]);
    assert.equal(findStoredToken(one, { host: HOST, clientId: CLIENT, tenant: undefined, nowMs: NOW })?.accessToken, 'tok-a');
    const two = new Map([...signedIn('tenant-a', 'acc-1', valid), ...signedIn('tenant-b', 'acc-2', { ...valid, accessToken: 'tok-b' })]);
    assert.equal(findStoredToken(two, { host: HOST, clientId: CLIENT, tenant: undefined, nowMs: NOW }), undefined);
    assert.equal(findStoredToken(two, { host: HOST, clientId: CLIENT, tenant: 'tenant-b', nowMs: NOW })?.accessToken, 'tok-b');
  });
});
