/**
 * One copy of each repeated listed value (src/core/workspace/interned.ts), and the list reader
 * handing its creators and details through it (src/core/workspace/summaries.ts).
 */
import * as assert from 'node:assert/strict';
import { kindRow } from '../../../src/core/access/kinds';
import { Interned, listedValues } from '../../../src/core/workspace/interned';
import { toSummary } from '../../../src/core/workspace/summaries';

describe('Interned', () => {
  it('hands back the value, remembering each distinct one once', () => {
    const table = new Interned();
    // Built at run time, so each is its own string object, as JSON.parse makes them.
    const copies = ['a', 'b', 'a', 'a', 'b'].map((c) => JSON.parse(JSON.stringify(`${c}@contoso.com`)) as string);
    assert.deepEqual(copies.map((c) => table.of(c)), copies);
    assert.equal(table.size, 2);
    assert.equal(table.of(undefined), undefined);
    assert.equal(table.size, 2);
  });

  it('stops remembering past its limit but still answers every value', () => {
    const table = new Interned(1);
    assert.equal(table.of('x'), 'x');
    assert.equal(table.of('y'), 'y');
    assert.equal(table.size, 1);
  });
});

describe('toSummary interning', () => {
  it('passes creators and detail values through the shared table, not ids or names', () => {
    const before = listedValues.size;
    const raw = (i: number) => JSON.parse(JSON.stringify({ cluster_id: `c-${i}`, cluster_name: `name-${i}`, creator_user_name: 'interned-test-owner@contoso.com', state: 'INTERNED_TEST_STATE', data_security_mode: 'USER_ISOLATION' })) as unknown;
    const summaries = [1, 2, 3].map((i) => toSummary(kindRow('cluster'), raw(i), () => new Error('no id')));
    assert.deepEqual(
      summaries.map((s) => [s.id, s.name, s.creator, s.state, s.dataSecurityMode, s.singleUserName]),
      [1, 2, 3].map((i) => [`c-${i}`, `name-${i}`, 'interned-test-owner@contoso.com', 'INTERNED_TEST_STATE', 'USER_ISOLATION', undefined]),
    );
    // The owner and the state are new to the table (USER_ISOLATION may be known from another test); ids and names are not kept.
    const added = listedValues.size - before;
    assert.ok(added >= 2 && added <= 3, `${added} values remembered`);
  });
});
