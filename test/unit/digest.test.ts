import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256 } from '../../src/core/digest';

// src/core/digest.ts: SHA-256 in one call, without a Hash object per call.
describe('sha256', () => {
  it('gives what createHash gives, in hex and base64url, for UTF-8 text too', () => {
    for (const text of ['', 'alice@contoso.com', '["{\\"group_name\\":\\"admins\\"}"]', 'İstanbul 😀 \u0000', 'x'.repeat(100_000)]) {
      for (const encoding of ['hex', 'base64url'] as const) {
        assert.equal(sha256(text, encoding), createHash('sha256').update(text, 'utf8').digest(encoding), `${encoding} of ${JSON.stringify(text.slice(0, 20))}`);
      }
    }
  });
});
