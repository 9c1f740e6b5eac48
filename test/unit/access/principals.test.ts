import * as assert from 'node:assert/strict';
import { Membership, parsePrincipal } from '../../../src/core/access/principals';
import type { Subject } from '../../../src/core/access/types';

const alice: Subject = {
  userName: 'alice@contoso.com',
  entraGroupIds: [],
  groups: [
    { id: '1', displayName: 'ml-engineers', externalId: null, path: [] },
    { id: '2', displayName: 'ml-all', externalId: null, path: ['user:alice@contoso.com', 'group:ml-engineers', 'group:ml-all'] },
  ],
};

describe('Membership.pathTo', () => {
  it('finds you, your groups (direct and through others) and everyone, case aside, and nobody else', () => {
    const m = new Membership(alice);
    assert.deepEqual(m.pathTo('user:Alice@Contoso.com'), ['user:alice@contoso.com']);
    assert.deepEqual(m.pathTo('group:ML-Engineers'), ['user:alice@contoso.com', 'group:ml-engineers']);
    assert.deepEqual(m.pathTo('group:ml-all'), ['user:alice@contoso.com', 'group:ml-engineers', 'group:ml-all']);
    assert.deepEqual(m.pathTo('group:users'), ['user:alice@contoso.com', 'group:users']);
    assert.equal(m.pathTo('user:bob@contoso.com'), undefined);
    assert.equal(m.pathTo('group:finance'), undefined);
    assert.equal(m.pathTo('servicePrincipal:ml-engineers'), undefined);
  });

  it('answers a principal it was asked before with the same path, and the same after thousands of others', () => {
    const m = new Membership(alice);
    const first = m.pathTo('user:alice@contoso.com');
    assert.equal(m.pathTo('user:alice@contoso.com'), first, 'remembered, not rebuilt');
    assert.equal(m.pathTo('group:finance'), undefined);
    for (let i = 0; i < 25_000; i++) assert.equal(m.pathTo(`user:someone${i}@contoso.com`), undefined);
    assert.deepEqual(m.pathTo('user:alice@contoso.com'), ['user:alice@contoso.com']);
    assert.deepEqual(m.pathTo('group:ml-engineers'), ['user:alice@contoso.com', 'group:ml-engineers']);
  });

  it('parses a principal\'s type, and takes anything unknown for a user', () => {
    assert.deepEqual(parsePrincipal('group:a:b'), { type: 'group', name: 'a:b' });
    assert.deepEqual(parsePrincipal('servicePrincipal:x'), { type: 'servicePrincipal', name: 'x' });
    assert.deepEqual(parsePrincipal('user:x'), { type: 'user', name: 'x' });
  });
});
