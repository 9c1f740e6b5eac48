/**
 * A request's deadline (src/core/net/deadline.ts): aborts like AbortSignal.timeout, and once
 * cleared keeps no timer for the rest of the timeout.
 */
import * as assert from 'node:assert/strict';
import { deadline } from '../../../src/core/net/deadline';

describe('deadline', () => {
  it('aborts with a TimeoutError when the time is up', async () => {
    const { signal } = deadline(5);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    assert.equal(signal.aborted, true);
    assert.equal((signal.reason as Error).name, 'TimeoutError');
  });

  it('never aborts once cleared', async () => {
    const timer = deadline(5);
    timer.clear();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(timer.signal.aborted, false);
  });
});
