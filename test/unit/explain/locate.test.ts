import * as assert from 'node:assert/strict';
import { locateAccessErrors } from '../../../src/core/explain/locate';

describe('locating access errors in a log', () => {
  const log = [
    '2026-11-28 12:00:00 INFO starting job run 42',
    '2026-11-28 12:00:01 ERROR {"error_code":"PERMISSION_DENIED","message":"User alice@contoso.com does not have Attach permissions on cluster 0414-080910-a100zz91."}',
    '2026-11-28 12:00:01 ERROR {"error_code":"PERMISSION_DENIED","message":"User alice@contoso.com does not have Attach permissions on cluster 0414-080910-a100zz91."}',
    '2026-11-28 12:00:02 INFO retrying with another cluster',
    '    Error 403 Token is expiring within 30 seconds. (token expired)',
    'AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
    'status 200 OK',
  ].join('\n');

  it('finds each access error once, on its line, with the explanation', () => {
    const found = locateAccessErrors(log);
    assert.deepEqual(found.map((f) => [f.line, f.explanation.code]), [
      [1, 'PERMISSION_DENIED'],
      [4, 'TOKEN_EXPIRED'],
      [5, 'CONDITIONAL_ACCESS_BLOCKED'],
    ]);
    assert.deepEqual(found[0]?.explanation.object, { kind: 'cluster', id: '0414-080910-a100zz91' });
    assert.equal(found[1]?.start, 4, 'the span starts after the indentation');
  });

  it('finds nothing in a clean log and stays linear on a big one', () => {
    const clean = 'INFO all good\n'.repeat(100_000);
    assert.deepEqual(locateAccessErrors(clean), []);
    assert.equal(locateAccessErrors(`${clean}PERMISSION_DENIED: User x does not have Manage permissions on Job with ID: ElasticJobId(7).\n`).length, 1);
  });
});
