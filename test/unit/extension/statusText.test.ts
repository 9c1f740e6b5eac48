import * as assert from 'node:assert/strict';
import { statusText } from '../../../src/extension/views/statusText';

describe('status bar text', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  const at = (minutes: number) => new Date(now + minutes * 60_000);

  it('counts down the minutes the Databricks token has left, rounded up', () => {
    assert.equal(statusText({ username: 'alice@contoso.com', tokenExpiresAt: at(60) }, now).text, 'alice@contoso.com · 60 min');
    assert.equal(statusText({ username: 'alice@contoso.com', tokenExpiresAt: at(42.2) }, now).text, 'alice@contoso.com · 43 min');
    assert.equal(statusText({ username: 'alice@contoso.com', tokenExpiresAt: at(0.1) }, now).text, 'alice@contoso.com · 1 min', 'never "0 min" for a token that still works');
  });

  it('says when the token has expired, and how it comes back', () => {
    const status = statusText({ username: 'alice@contoso.com', tokenExpiresAt: at(-3) }, now);
    assert.equal(status.text, 'alice@contoso.com · token expired');
    assert.equal(status.expired, true);
    assert.match(status.tokenLine ?? '', /expired at .*Refresh Tokens/);
  });

  it('shows just the account while no token time is known (a restored sign-in)', () => {
    assert.deepEqual(statusText({ username: 'alice@contoso.com' }, now), { text: 'alice@contoso.com', expired: false });
  });
});
