import * as assert from 'node:assert/strict';
import { isFresh, jwtLifetimeSeconds, minimumValiditySeconds, refreshMarginSeconds } from '../../../src/core/tokens/lifetime';

describe('token lifetimes: refresh margin and minimum validity', () => {
  it('refreshes 5 minutes early for long tokens, at half the life for short ones, keeping 40 s for Azure where a quarter of the life remains usable', () => {
    const table: Array<[number, number]> = [
      [86_400, 300],
      [3600, 300],
      [600, 300],
      [400, 200],
      [250, 125],
      [80, 40],
      [60, 40],
      [45, 33],
      [30, 22],
      [8, 6],
      [1, 0],
      [0, 0],
    ];
    for (const [lifetime, margin] of table) assert.equal(refreshMarginSeconds(lifetime), margin, `lifetime ${lifetime} s`);
    assert.equal(refreshMarginSeconds(undefined), 300, 'an unknown lifetime counts as long');
  });

  it('never counts a freshly issued token as due or too short, whatever its lifetime', () => {
    for (let lifetime = 1; lifetime <= 7200; lifetime++) {
      assert.ok(refreshMarginSeconds(lifetime) < lifetime, `margin below lifetime ${lifetime}`);
      assert.ok(minimumValiditySeconds(lifetime) < lifetime, `minimum below lifetime ${lifetime}`);
      assert.ok(isFresh(lifetime * 1000, lifetime, 0), `fresh at issue, lifetime ${lifetime}`);
    }
  });

  it('keeps the contract\'s 2 minutes wherever the lifetime allows (4 minutes and more)', () => {
    for (const lifetime of [240, 300, 3600, undefined]) assert.equal(minimumValiditySeconds(lifetime), 120, `lifetime ${lifetime}`);
    assert.equal(minimumValiditySeconds(45), 33);
  });

  it('reads a JWT lifetime from exp − iat, or nbf, and says unknown without them', () => {
    assert.equal(jwtLifetimeSeconds({ exp: 1045, iat: 1000 }), 45);
    assert.equal(jwtLifetimeSeconds({ exp: 1060, nbf: 1000 }), 60);
    assert.equal(jwtLifetimeSeconds({ exp: 1060 }), undefined);
    assert.equal(jwtLifetimeSeconds({ iat: 1000 }), undefined);
  });
});
