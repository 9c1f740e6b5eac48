import * as assert from 'node:assert/strict';
import { AccessLensError } from '../../../src/core/errors';
import { checkClaims, decodeJwt } from '../../../src/core/tokens/jwt';

function jwt(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2ln`;
}

const NOW = 1_800_000_000;
const AZURE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';
const TENANT = '11111111-2222-3333-4444-555555555555';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;

function expectCode(fn: () => void, code: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof AccessLensError && e.code === code && message.test(e.message));
}

describe('JWT claims checks', () => {
  const good = { aud: AZURE, iss: ISSUER, tid: TENANT, exp: NOW + 3600, upn: 'alice@contoso.com' };

  it('decodes claims and accepts a token that fits', () => {
    const claims = decodeJwt(jwt(good));
    assert.equal(claims.upn, 'alice@contoso.com');
    checkClaims(claims, { audiences: [AZURE], issuers: [`${ISSUER}/`], tenantId: TENANT, now: NOW, minRemainingSeconds: 60 });
  });

  it('accepts an audience list that contains the expected one', () => {
    checkClaims({ ...good, aud: ['other', AZURE] }, { audiences: [AZURE], now: NOW, minRemainingSeconds: 60 });
  });

  it('refuses a wrong audience, issuer, tenant, missing or near expiry, each with its own code', () => {
    const base = { audiences: [AZURE], issuers: [ISSUER], tenantId: TENANT, now: NOW, minRemainingSeconds: 60 };
    expectCode(() => checkClaims({ ...good, aud: 'api://other' }, base), 'WRONG_AUDIENCE', /api:\/\/other, not 2ff814a6/);
    expectCode(() => checkClaims({ ...good, iss: 'https://evil.example/' }, base), 'TOKEN_INVALID', /issued by "https:\/\/evil\.example\/"/);
    expectCode(() => checkClaims({ ...good, tid: 'other-tenant' }, base), 'TOKEN_INVALID', /tenant other-tenant/);
    expectCode(() => checkClaims({ ...good, exp: undefined }, base), 'TOKEN_INVALID', /no expiry/);
    expectCode(() => checkClaims({ ...good, exp: NOW + 59 }, base), 'TOKEN_EXPIRED', /expires in 59 s/);
    expectCode(() => checkClaims({ ...good, exp: NOW - 10 }, base), 'TOKEN_EXPIRED', /expires in 0 s/);
  });

  it('refuses text that is not a JWT, or whose claims are not JSON', () => {
    expectCode(() => decodeJwt('opaque-token'), 'TOKEN_INVALID', /not a JWT/);
    expectCode(() => decodeJwt('a.bm90IGpzb24.c'), 'TOKEN_INVALID', /cannot be read/);
    expectCode(() => decodeJwt(`a.${Buffer.from('[1]').toString('base64url')}.c`), 'TOKEN_INVALID', /cannot be read/);
  });

  it('refuses a token too large to be one before decoding it, and reads one of real size', () => {
    const groups = Array.from({ length: 200 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
    assert.equal(decodeJwt(jwt({ ...good, groups })).groups?.length, 200);
    expectCode(() => decodeJwt(jwt({ ...good, filler: 'x'.repeat(100_000) })), 'TOKEN_INVALID', /token of \d+ characters, more than the 65536/);
  });
});
