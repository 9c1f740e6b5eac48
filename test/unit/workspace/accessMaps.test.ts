import * as assert from 'node:assert/strict';
import { AccessMapCore } from '../../../src/core/workspace/accessMap';
import { AccessMaps } from '../../../src/core/workspace/accessMaps';

/** A core that records which workspaces it was asked for; building a map makes no request. */
function fakeCore(name: string, asked: string[]): AccessMapCore {
  return {
    config: { maxRequestsPerSecond: 10 },
    signInScopes: [],
    session: { acquireSilent: () => Promise.reject(new Error(`${name}: no token in a unit test`)) },
    workspaceHttp: (host: string) => {
      asked.push(`${name} ${host}`);
      return (() => Promise.reject(new Error('no request in a unit test'))) as unknown as ReturnType<AccessMapCore['workspaceHttp']>;
    },
  };
}

describe('AccessMaps (the registry of access maps)', () => {
  it('gives one map per workspace and account, also to callers racing the first', async () => {
    const asked: string[] = [];
    const core = fakeCore('a', asked);
    const maps = new AccessMaps(() => Promise.resolve(core));
    const [one, two] = await Promise.all([maps.get('https://h', 'u1'), maps.get('https://h', 'u1')]);
    assert.equal(one, two);
    assert.notEqual(await maps.get('https://h', 'u2'), one, 'another account, another map');
    assert.deepEqual(asked, ['a https://h', 'a https://h']);
  });

  it('replaces a map built from an older core (VS Code account or proxy changed) and keeps it otherwise', async () => {
    const asked: string[] = [];
    let current = fakeCore('old', asked);
    const maps = new AccessMaps(() => Promise.resolve(current));
    const before = await maps.get('https://h', 'u1');
    assert.equal(await maps.get('https://h', 'u1'), before, 'the same core: the same map and what it knows');
    current = fakeCore('new', asked);
    const after = await maps.get('https://h', 'u1');
    assert.notEqual(after, before, 'a new core: a new map');
    assert.equal(await maps.get('https://h', 'u1'), after);
    assert.deepEqual(asked, ['old https://h', 'new https://h']);
  });

  it('dropAll keeps the maps of the account still signed in', async () => {
    const core = fakeCore('a', []);
    const maps = new AccessMaps(() => Promise.resolve(core));
    const kept = await maps.get('https://h', 'u1');
    const dropped = await maps.get('https://h', 'u2');
    maps.dropAll('u1');
    assert.equal(await maps.get('https://h', 'u1'), kept);
    assert.notEqual(await maps.get('https://h', 'u2'), dropped);
  });
});

describe('AccessMaps with a verdict cache', () => {
  it('seeds only the first map of a workspace and account (a cold start); one rebuilt after a settings change reads live', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { VerdictStore } = await import('../../../src/core/workspace/verdictStore');
    const dir = mkdtempSync(path.join(tmpdir(), 'maps-cache-'));
    try {
      const store = new VerdictStore(dir, { info: () => undefined, warn: () => undefined });
      const row = { id: 'c1', level: 'CAN_MANAGE', via: null, allowed: { attach: true, restart: true, manage: true }, blocker: {}, readAt: 1, acl: 'x' };
      await store.save('https://h', 'u1', 0, { host: 'https://h', userName: 'alice', savedAt: 1, lists: { cluster: { at: 1, items: [{ id: 'c1', name: 'one', creator: undefined }] } }, rows: { cluster: [row] } });
      const maps = new AccessMaps(() => Promise.resolve(fakeCore('a', [])), store);
      const cold = await maps.get('https://h', 'u1');
      await cold.persisted!.loaded();
      assert.equal(cold.cachedRow('cluster', 'c1')?.cached, true, 'a cold start shows the cached row');
      maps.dropAll();
      const rebuilt = await maps.get('https://h', 'u1');
      await rebuilt.persisted!.loaded();
      assert.equal(rebuilt.cachedRow('cluster', 'c1'), undefined, 'a map rebuilt in the same process reads live');
      maps.dropAll();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
