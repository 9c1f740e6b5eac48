import * as assert from 'node:assert/strict';
import { redact } from '../../../src/core/log';

describe('redact', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  const pat = `dapi${'0123456789abcdef'.repeat(2)}`;

  it('removes JWTs, personal access tokens and bearer values', () => {
    const out = redact(`token ${jwt} and ${pat}; Authorization: Bearer abcdefgh12345678`);
    assert.ok(!out.includes(jwt) && !out.includes(pat) && !out.includes('abcdefgh12345678'), out);
    assert.match(out, /Bearer «redacted»/);
  });

  it('removes secrets in form fields and JSON, keeping their names', () => {
    const out = redact(`refresh_token=0.AAAAsecretvalue&code_verifier=verifierverifier {"access_token":"opaque-secret-123"}`);
    assert.ok(!/secretvalue|verifierverifier|opaque-secret-123/.test(out), out);
    assert.match(out, /refresh_token=«redacted»/);
    assert.match(out, /"access_token":"«redacted»/);
  });

  it('leaves ordinary text alone', () => {
    const text = 'User alice@contoso.com is not authorized to access cluster 0123-456789-abcd1234 (error_code 403)';
    assert.equal(redact(text), text);
  });

  it('runs in linear time on adversarial input', () => {
    const evil = `${'eyJ'.repeat(50_000)}${'a.'.repeat(50_000)}${'code='.repeat(20_000)}`;
    const started = process.hrtime.bigint();
    redact(evil);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 2000, `took ${ms} ms`);
  });
});
