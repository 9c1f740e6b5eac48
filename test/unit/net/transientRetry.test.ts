import * as assert from 'node:assert/strict';
import { HttpRequest, HttpResponse, NetworkError } from '../../../src/core/net/httpsClient';
import { TransientRetryOptions, withTransientRetries } from '../../../src/core/net/transientRetry';

type Step = HttpResponse | Error;

const ok: HttpResponse = { status: 200, headers: {}, body: '{}' };
const status = (code: number, headers: Record<string, string> = {}): HttpResponse => ({ status: code, headers, body: '' });
const reset = (): NetworkError => new NetworkError('Could not reach h (ECONNRESET).', { transient: true });
const untrusted = (): NetworkError => new NetworkError('Could not reach h (SELF_SIGNED_CERT_IN_CHAIN).', { transient: false });

/** A client that answers `steps` in order, and the retrying client over it with recorded waits. */
function harness(steps: Step[], options: TransientRetryOptions = {}) {
  const calls: HttpRequest[] = [];
  const waits: number[] = [];
  const http = async (request: HttpRequest): Promise<HttpResponse> => {
    calls.push(request);
    const step = steps.shift();
    if (!step) throw new Error('no more steps');
    if (step instanceof Error) throw step;
    return step;
  };
  const retrying = withTransientRetries(http, { random: () => 0, sleep: async (ms) => void waits.push(ms), ...options });
  return { calls, waits, send: (request: Partial<HttpRequest> = {}) => retrying({ method: 'GET', url: 'https://h/api', ...request }) };
}

describe('withTransientRetries (issue 12: GETs ride out network errors and 502/504)', () => {
  it('retries a GET after a reset connection, with exponential backoff', async () => {
    const h = harness([reset(), reset(), ok]);
    assert.equal((await h.send()).status, 200);
    assert.equal(h.calls.length, 3);
    assert.deepEqual(h.waits, [500, 1000]);
  });

  it('retries 502 and 504, and HEAD as well as GET', async () => {
    const h = harness([status(502), status(504), ok]);
    assert.equal((await h.send({ method: 'HEAD' })).status, 200);
    assert.equal(h.calls.length, 3);
  });

  it('adds jitter of up to half the backoff', async () => {
    const h = harness([status(502), ok], { random: () => 0.999 });
    await h.send();
    assert.ok(h.waits[0]! >= 500 && h.waits[0]! < 750, String(h.waits[0]));
  });

  it('honours Retry-After on a 502', async () => {
    const h = harness([status(502, { 'retry-after': '2' }), ok]);
    await h.send();
    assert.deepEqual(h.waits, [2000]);
  });

  it('stops after 3 attempts and hands back the last answer or error', async () => {
    const answers = harness([status(504), status(504), status(504), ok]);
    assert.equal((await answers.send()).status, 504);
    assert.equal(answers.calls.length, 3);
    const errors = harness([reset(), reset(), reset(), ok]);
    await assert.rejects(errors.send(), /ECONNRESET/);
    assert.equal(errors.calls.length, 3);
  });

  it('never waits past its budget: a Retry-After beyond it ends the retries', async () => {
    const h = harness([status(502, { 'retry-after': '30' }), ok]);
    assert.equal((await h.send()).status, 502);
    assert.equal(h.calls.length, 1);
    assert.deepEqual(h.waits, []);
  });

  it('does not retry POST, 503 (the limiter owns it), 500, 4xx, or a certificate error', async () => {
    for (const [steps, method] of [[[reset(), ok], 'POST'], [[status(502), ok], 'POST'], [[status(503), ok], 'GET'], [[status(500), ok], 'GET'], [[status(404), ok], 'GET']] as const) {
      const h = harness([...steps]);
      await h.send({ method }).catch(() => undefined);
      assert.equal(h.calls.length, 1, `${method} after ${steps[0] instanceof Error ? 'an error' : (steps[0] as HttpResponse).status}`);
    }
    const cert = harness([untrusted(), ok]);
    await assert.rejects(cert.send(), /SELF_SIGNED/);
    assert.equal(cert.calls.length, 1);
    const other = harness([new Error('boom'), ok]);
    await assert.rejects(other.send(), /boom/);
    assert.equal(other.calls.length, 1);
  });

  it('never retries once the caller aborted, and an abort ends the wait at once', async () => {
    const aborted = new AbortController();
    const h = harness([status(502), ok]);
    aborted.abort();
    assert.equal((await h.send({ signal: aborted.signal })).status, 502);
    assert.equal(h.calls.length, 1);

    // The real sleep: an abort during the backoff rejects without another attempt.
    const during = new AbortController();
    const real = harness([reset(), ok], { sleep: undefined, baseDelayMs: 5_000 });
    const started = Date.now();
    const pending = real.send({ signal: during.signal });
    setTimeout(() => during.abort(), 20);
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    assert.ok(Date.now() - started < 1_000);
    assert.equal(real.calls.length, 1);
  });
});
