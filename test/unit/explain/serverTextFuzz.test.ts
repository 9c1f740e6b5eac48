/**
 * Every parser that reads text a server or an identity provider sent must stay
 * linear on hostile input: a body of 50 MB (the response cap) may not freeze the
 * extension host. Each parser gets 1 MB runs of adversarial fragments and must
 * finish within a budget per megabyte, far above its real cost and far below
 * what catastrophic backtracking takes (the old tag pattern: 6.5 s per MB).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { WorkspaceApiError, readErrorBody } from '../../../src/core/workspace/apiError';
import { isTokenRejection } from '../../../src/core/workspace/authorizedHttp';
import { toOidcIdentityError } from '../../../src/core/identity/oidcErrors';
import { toIdentityError } from '../../../src/core/identity/identityError';
import { explainError } from '../../../src/core/explain/explain';
import { redact } from '../../../src/core/log';
import { decodeJwt } from '../../../src/core/tokens/jwt';
import { withinGuard } from '../helpers/timeGuard';

const MB = 1024 * 1024;
/** Milliseconds one parser may spend per megabyte of input. */
const BUDGET_MS_PER_MB = 1000;

const PARSERS: Record<string, (text: string) => unknown> = {
  'readErrorBody (HTML/text)': (text) => new WorkspaceApiError('https://h', '/api', readErrorBody({ status: 500, headers: {}, body: text })),
  'readErrorBody (JSON message)': (text) => new WorkspaceApiError('https://h', '/api', readErrorBody({ status: 403, headers: {}, body: JSON.stringify({ error_code: 'X', message: text }) })),
  isTokenRejection: (text) => isTokenRejection({ status: 403, headers: {}, body: text }),
  toOidcIdentityError: (text) => toOidcIdentityError({ error: 'server_error', error_description: text }, 'the identity provider'),
  toIdentityError: (text) => toIdentityError({ errorCode: 'x', errorMessage: text }, { error: 'invalid_grant', description: text, aadsts: undefined, claims: undefined }),
  explainError: (text) => explainError(text),
  redact: (text) => redact(text),
  decodeJwt: (text) => {
    try {
      decodeJwt(`eyJ.${Buffer.from(text).toString('base64url')}.sig`);
    } catch {
      // A refused token is a fine answer; only the time matters here.
    }
  },
};

const FRAGMENTS = [
  '<', '>', '<<', '<a', '<title>', '</title>', '<!--', '&', '"', "'", '{', '}', '[', ']', '\\', ' ', '\n', '\t', '=', ':', '.', '-',
  '"error_code":', '"message":"', '"error":"', 'error_description=', 'user ', 'user a ', 'does not exist', 'Bearer ', 'eyJ', 'eyJhbGciOi.',
  'a.', 'dapi', '0.A', 'code=', 'refresh_token=', 'access_token":"', 'AADSTS', 'AADSTS5', 'invalid ', 'token ', 'expir', 'ip address',
  'not a member of ', 'does not have ', 'permissions on ', 'cluster ', '0412-093011-', 'İ', '\u0000', '\ud800', '😀',
];

function timed(name: string, parse: (text: string) => unknown, text: string): void {
  const budget = BUDGET_MS_PER_MB * Math.max(text.length / MB, 0.25);
  withinGuard(() => parse(text), budget, (ms) => `${name} took ${ms.toFixed(0)} ms for ${(text.length / MB).toFixed(2)} MB of ${JSON.stringify(text.slice(0, 40))}…`);
}

describe('parsers of server and identity-provider text: time per megabyte', function () {
  this.timeout(600_000);

  for (const [name, parse] of Object.entries(PARSERS)) {
    it(`${name} stays within ${BUDGET_MS_PER_MB} ms per MB on 1 MB runs of each fragment`, () => {
      for (const f of FRAGMENTS) timed(name, parse, f.repeat(Math.ceil(MB / f.length)).slice(0, MB));
    });

    it(`${name} stays within budget on random mixes of fragments`, () => {
      const mix = fc.tuple(fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 5 }), fc.integer({ min: MB / 4, max: MB })).map(([parts, size]) => {
        const unit = parts.join('');
        return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
      });
      fc.assert(fc.property(mix, (text) => timed(name, parse, text)), { numRuns: 25, seed: 12 });
    });
  }

  it('readErrorBody cuts a huge page before reading it, and still finds its title', () => {
    const page = `<html><head><title>Error 403 User not authorized.</title></head><body>${'<'.repeat(5 * MB)}</body></html>`;
    const body = withinGuard(() => readErrorBody({ status: 403, headers: {}, body: page }), BUDGET_MS_PER_MB * 5, (ms) => `took ${ms.toFixed(0)} ms`);
    assert.equal(body.message, 'Error 403 User not authorized.');
  });
});
