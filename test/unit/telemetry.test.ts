import * as assert from 'node:assert/strict';
import { sanitize, sanitizingTelemetry, sizeBucket } from '../../src/core/telemetry';

describe('telemetry sanitising', () => {
  it('keeps command ids, outcomes, codes and durations', () => {
    assert.deepEqual(sanitize('command', { id: 'accessLens.signIn', outcome: 'error', errorCode: 'MFA_REQUIRED' }, { durationMs: 12.7 }), {
      name: 'command',
      properties: { id: 'accessLens.signIn', outcome: 'error', errorCode: 'MFA_REQUIRED' },
      measurements: { durationMs: 13 },
    });
  });

  it('drops names, ids, hosts, tokens and unknown keys', () => {
    const pii = {
      outcome: 'alice@contoso.com',
      id: '0eb9e255-e998-4ac4-b97f-1b970a070970',
      mode: 'https://adb-1.2.azuredatabricks.net',
      errorCode: 'eyJhbGciOiJSUzI1NiJ9',
      kind: `dapi${'0'.repeat(32)}`,
      status: '4815162342001001',
      user: 'alice',
      bucket: 'adb-1.2.azuredatabricks.net',
    };
    assert.deepEqual(sanitize('signIn', pii)?.properties, {});
    assert.equal(sanitize('alice@contoso.com'), undefined, 'an event name cannot carry data either');
  });

  it('sends nothing but sanitised events to the sink', () => {
    const sent: unknown[] = [];
    const telemetry = sanitizingTelemetry((name, properties, measurements) => sent.push({ name, properties, measurements }));
    telemetry.event('tree', { bucket: sizeBucket(250), kind: 'cluster', host: 'https://x.cloud.databricks.com' }, { count: 250 });
    assert.deepEqual(sent, [{ name: 'tree', properties: { bucket: 'upTo1000', kind: 'cluster' }, measurements: { count: 250 } }]);
  });
});
