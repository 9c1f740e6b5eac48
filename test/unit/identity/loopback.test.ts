/** The loopback redirect, driven with real HTTP requests to its listener on 127.0.0.1. */
import * as assert from 'node:assert/strict';
import { startLoopback } from '../../../src/core/identity/loopback';

async function send(redirectUri: string, params: Record<string, string>, method: 'GET' | 'POST'): Promise<number> {
  const url = new URL(redirectUri.replace('localhost', '127.0.0.1'));
  const form = new URLSearchParams(params).toString();
  const response = method === 'GET'
    ? await fetch(`${url.href}?${form}`)
    : await fetch(url.href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  await response.text();
  return response.status;
}

describe('loopback redirect', () => {
  it('ignores answers with a wrong state (a blind cross-site form post) and completes with the right one', async () => {
    const loopback = await startLoopback({ state: 'the-real-state', timeoutMs: 10_000 });
    try {
      assert.equal(await send(loopback.redirectUri, { code: 'attacker-code', state: 'forged' }, 'POST'), 400);
      assert.equal(await send(loopback.redirectUri, { error: 'access_denied', state: 'forged' }, 'GET'), 400);
      assert.equal(await send(loopback.redirectUri, { code: 'attacker-code' }, 'GET'), 400);
      assert.equal(await send(loopback.redirectUri, { code: 'the-code', state: 'the-real-state' }, 'GET'), 200);
      const result = await loopback.result;
      assert.equal(result.code, 'the-code');
      assert.equal(result.params.get('state'), 'the-real-state');
    } finally {
      loopback.close();
    }
  });

  it('still takes the provider error that carries the right state', async () => {
    const loopback = await startLoopback({ state: 's1', timeoutMs: 10_000 });
    try {
      await send(loopback.redirectUri, { error: 'access_denied', state: 'other' }, 'POST');
      assert.equal(await send(loopback.redirectUri, { error: 'access_denied', error_description: '<b>declined</b>', state: 's1' }, 'POST'), 200);
      await assert.rejects(loopback.result, (e: Error & { code?: string }) => e.code === 'SIGN_IN_FAILED' && /declined/.test(e.message));
    } finally {
      loopback.close();
    }
  });

  it('times out when only wrong answers arrive', async () => {
    const loopback = await startLoopback({ state: 's2', timeoutMs: 400 });
    await send(loopback.redirectUri, { code: 'x', state: 'wrong' }, 'GET');
    await assert.rejects(loopback.result, (e: Error & { code?: string }) => e.code === 'SIGN_IN_TIMEOUT');
  });
});
