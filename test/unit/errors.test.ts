import * as assert from 'node:assert/strict';
import { AccessLensError, CancelledError, worthAWarning } from '../../src/core/errors';
import { IdentityError } from '../../src/core/identity/identityError';
import { NetworkError } from '../../src/core/net/httpsClient';

describe('worthAWarning (one object\'s failed read in the log)', () => {
  it('leaves out reads given up and a sign-in that is gone, and keeps everything else', () => {
    assert.equal(worthAWarning(new CancelledError('The request was cancelled before it started.')), false);
    assert.equal(worthAWarning(new IdentityError('SIGN_IN_REQUIRED', 'That account is no longer signed in. Sign in again.', true, undefined)), false);
    assert.equal(worthAWarning(new IdentityError('MFA_REQUIRED', 'Your organization requires MFA.', true, undefined)), true);
    assert.equal(worthAWarning(new AccessLensError('HOST_NOT_ALLOWED', 'no token is sent there')), true);
    assert.equal(worthAWarning(new NetworkError('Could not reach adb-1.azuredatabricks.net (ECONNRESET).', { transient: true })), true);
    assert.equal(worthAWarning(new Error('boom')), true);
    assert.equal(worthAWarning('a string'), true);
  });
});
