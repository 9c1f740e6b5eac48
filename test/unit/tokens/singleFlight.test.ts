import * as assert from 'node:assert/strict';
import { SingleFlight } from '../../../src/core/tokens/singleFlight';

describe('SingleFlight', () => {
  it('runs one operation for many concurrent callers of a key and shares its result', async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    let release: (v: number) => void = () => undefined;
    const gate = new Promise<number>((resolve) => (release = resolve));
    const callers = Array.from({ length: 50 }, () => flight.run('host-a', async () => { calls++; return gate; }));
    assert.equal(flight.size, 1);
    release(42);
    assert.deepEqual(await Promise.all(callers), Array(50).fill(42));
    assert.equal(calls, 1);
    assert.equal(flight.size, 0);
  });

  it('keeps keys apart and starts afresh after a failure', async () => {
    const flight = new SingleFlight<string>();
    const failing = flight.run('a', async () => { throw new Error('boom'); });
    const other = flight.run('b', async () => 'b');
    await assert.rejects(failing, /boom/);
    assert.equal(await other, 'b');
    assert.equal(await flight.run('a', async () => 'again'), 'again');
  });
});
