import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { redact } from '../../src/core/log';

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

describe('redact, fuzzed with real token formats', () => {
  const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
  // Real tokens are random: fast-check's bias towards all-zero arrays would give "AAAA…", which no issuer sends.
  const random = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).filter((b) => new Set(b).size >= Math.min(16, b.length / 2));
  const hex = (n: number) => fc.uint8Array({ minLength: n / 2, maxLength: n / 2 }).map((b) => Buffer.from(b).toString('hex'));
  const token = fc.oneof(
    // Entra refresh token: "0.A" and base64url segments joined by dots, sometimes with asterisks.
    fc.tuple(random(40, 600), random(8, 40), fc.boolean()).map(([a, b, star]) => `0.A${b64url(a)}.${star ? '*' : ''}${b64url(b)}`),
    // Databricks personal access token, with and without the "-2" suffix; OAuth secret.
    fc.tuple(hex(32), fc.constantFrom('', '-2', '-3')).map(([h, s]) => `dapi${h}${s}`),
    hex(32).map((h) => `dose${h}`),
    // JWTs (Entra, Okta, Databricks OAuth).
    fc.tuple(random(20, 60), random(40, 400), random(32, 256)).map(([h, p, s]) => `eyJ${b64url(h)}.${b64url(p)}.${b64url(s)}`),
    // Okta opaque refresh/access tokens and other providers' base64url secrets.
    random(32, 64).map(b64url),
    // Okta API token (SSWS) shape: "00" and 40 characters.
    random(30, 30).map((b) => `00${b64url(b)}`),
  );
  const around = fc.constantFrom(' ', '"', "'", '=', ': ', '\n', ',', '(', ')', '[', ']', '<', '>', '{"refresh_token":"', 'Bearer ', 'SSWS ', 'token ', 'failed: ', '&code=');
  const words = fc.string({ maxLength: 40 }).map((s) => s.replace(/[A-Za-z0-9_-]{8,}/g, ''));

  it('removes every token, whatever surrounds it (20,000 cases)', () => {
    fc.assert(
      fc.property(words, around, token, around, words, (before, left, secret, right, after) => {
        const out = redact(`${before}${left}${secret}${right}${after}`);
        // Not the token, nor any long piece of it.
        for (let i = 0; i + 16 <= secret.length; i += 8) assert.ok(!out.includes(secret.slice(i, i + 16)), `${secret} leaked in ${out}`);
      }),
      { numRuns: 20_000, seed: 7 },
    );
  });

  it('still leaves the ids and words people need alone', () => {
    for (const text of [
      'Cluster 0412-093011-gpu7x4k2 in https://adb-1234567890123456.7.azuredatabricks.net/api/2.1/clusters/get',
      'Group 9f3c2b1a-5d4e-4c3b-8a29-0123456789ab (object id) for alice@contoso.com',
      'AADSTS700082: The refresh token has expired due to inactivity. Trace ID: 0f3c2b1a-5d4e-4c3b-8a29-0123456789ab',
      'sha256 9e107d9d372bb6826bd81d3542a419d6e2b3c4d5f6a7b8c9d0e1f2a3b4c5d6e7 of the report',
      '/Workspace/Users/alice@contoso.com/Projects/churn_model_training_notebook_v2',
      'token: expired; Invalid access token.',
    ]) assert.equal(redact(text), text);
  });
});
