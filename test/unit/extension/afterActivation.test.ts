import * as assert from 'node:assert/strict';
import { afterActivation } from '../../../src/extension/startup/afterActivation';

// src/extension/startup/afterActivation.ts: work moved off activate() to the event loop's next turn.
describe('afterActivation', () => {
  it('runs the work once, after the caller and its promise continuations, not during the call', async () => {
    const ran: string[] = [];
    afterActivation(() => ran.push('deferred'));
    ran.push('activate returned');
    await Promise.resolve();
    assert.deepEqual(ran, ['activate returned']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(ran, ['activate returned', 'deferred']);
  });

  it('never runs work disposed before its turn, and disposing twice is harmless', async () => {
    let ran = false;
    const pending = afterActivation(() => (ran = true));
    pending.dispose();
    pending.dispose();
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(ran, false);
  });
});
