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
