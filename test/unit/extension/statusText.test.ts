import * as assert from 'node:assert/strict';
import { clockTime, signInSource, statusText, tokenModeLine } from '../../../src/extension/views/statusText';

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

  it('gives the local clock time the token runs to, 24-hour, with the minutes left', () => {
    const expires = at(42.2);
    const hhmm = `${String(expires.getHours()).padStart(2, '0')}:${String(expires.getMinutes()).padStart(2, '0')}`;
    assert.equal(statusText({ username: 'alice@contoso.com', tokenExpiresAt: expires }, now).tokenLine, `Databricks token valid until ${hhmm} (43 min).`);
    assert.equal(clockTime(new Date(2026, 0, 2, 7, 5, 59)), '07:05', 'local hours and minutes, padded, seconds left out');
    assert.equal(clockTime(new Date(2026, 0, 2, 23, 59)), '23:59');
    assert.equal(clockTime(new Date(2026, 0, 2, 0, 0)), '00:00');
  });

  it('shows just the account while no token time is known (a restored sign-in)', () => {
    assert.deepEqual(statusText({ username: 'alice@contoso.com' }, now), { text: 'alice@contoso.com', expired: false });
  });

  it("names the sign-in's source: the Entra tenant, the OIDC issuer, or the workspace for its own sign-in", () => {
    assert.deepEqual(signInSource({ tenantId: '21368747-dab8-42b1-915b-72788729ed99', mode: 'entra' }), { label: 'Tenant', value: '21368747-dab8-42b1-915b-72788729ed99' });
    assert.deepEqual(signInSource({ tenantId: 'https://contoso.okta.com/oauth2/default', mode: 'federation' }), { label: 'Issuer', value: 'https://contoso.okta.com/oauth2/default' });
    assert.deepEqual(signInSource({ tenantId: 'https://adb-1.azuredatabricks.net', mode: 'databricks' }), { label: 'Workspace', value: 'https://adb-1.azuredatabricks.net' });
  });

  it('says how the Databricks token was obtained, and never calls the workspace token a federation exchange', () => {
    assert.equal(tokenModeLine('entra'), 'Token mode: Entra token as bearer (Azure Databricks)');
    assert.equal(tokenModeLine('federation'), 'Token mode: token federation (RFC 8693 exchange)');
    assert.match(tokenModeLine('databricks') ?? '', /the workspace's own OAuth token/);
    assert.equal(tokenModeLine(undefined), undefined);
  });
});
