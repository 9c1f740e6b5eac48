import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { sandboxInfo } from './sandboxControl';

/** Runs last (file order): reads every telemetry event the whole scripted session produced. */
describe('Telemetry of the whole session', () => {
  it('carries codes and counts only: no user, tenant, host, id or token', function () {
    const file = process.env.ACCESS_LENS_TELEMETRY_CAPTURE;
    if (!file || !process.env.ACCESS_LENS_SANDBOX_FILE) return this.skip();
    assert.ok(existsSync(file), 'the session produced telemetry events');
    const text = readFileSync(file, 'utf8');
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { name: string; properties: Record<string, string> });
    assert.ok(events.some((e) => e.name === 'command' && e.properties.id === 'accessLens.signIn'), 'commands are counted');
    assert.ok(events.some((e) => e.name === 'signIn' && e.properties.flow === 'deviceCode'), 'the sign-in flow is recorded');
    const info = sandboxInfo();
    const forbidden = [/@/, /eyJ[A-Za-z0-9_-]{10}/, /dapi[0-9a-f]{8}/, new RegExp(info.tenantId, 'i'), new RegExp(info.clientId, 'i'), /127\.0\.0\.1/, /https?:/, /alice|fabrikam|contoso/i];
    for (const pattern of forbidden) assert.ok(!pattern.test(text), `no ${pattern} in ${events.length} telemetry events`);
  });
});
