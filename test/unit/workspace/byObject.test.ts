/**
 * The access map's caches by kind and id (src/core/workspace/byObject.ts): the same id under two
 * kinds is two objects, and no `kind:id` key string is made per object.
 */
import * as assert from 'node:assert/strict';
import { ByObject } from '../../../src/core/workspace/byObject';

describe('ByObject', () => {
  it('keeps a value per kind and id, apart for the same id under two kinds', () => {
    const map = new ByObject<string>();
    map.set('cluster', '1', 'a cluster');
    map.set('job', '1', 'a job');
    assert.equal(map.get('cluster', '1'), 'a cluster');
    assert.equal(map.get('job', '1'), 'a job');
    assert.equal(map.get('pipeline', '1'), undefined);
    map.delete('cluster', '1');
    assert.equal(map.get('cluster', '1'), undefined);
    assert.equal(map.get('job', '1'), 'a job');
    map.clear();
    assert.equal(map.get('job', '1'), undefined);
  });

  it('does not mistake kind:id for another split of the same text', () => {
    const map = new ByObject<number>();
    map.set('a:b', 'c', 1);
    assert.equal(map.get('a', 'b:c'), undefined);
  });
});
