import * as assert from 'node:assert/strict';
import { analysisTarget, targetText } from '../../../src/core/explain/analysis';
import { explainError } from '../../../src/core/explain/explain';

/**
 * explain on texts naming a cluster policy, an instance pool, a notebook or a folder. The verbatim
 * real ones are in test/corpus/messages.json (a folder's permissions PUT refused, a missing path);
 * these follow the wording Databricks uses for other kinds ("<who> does not have <Level> permissions
 * on <object>", "does not have permission to <verb> …") with the API paths and id shapes of each kind
 * (policy ids: 16 upper-case hex digits; pool ids: <date>-<time>-<name>-pool-<suffix>).
 */
describe('explain: cluster policies, instance pools, notebooks and folders', () => {
  // [text, object kind, object id, permission, the why it leads to]
  const CASES: [string, string, string, string, string][] = [
    ['{"error_code":"PERMISSION_DENIED","message":"User someone@example.com does not have permission to use cluster policy E06216CAA0000360."}', 'policy', 'E06216CAA0000360', 'CAN_USE', 'policy E06216CAA0000360 use'],
    ['GET /api/2.0/permissions/cluster-policies/E06216CAA0000360\n< HTTP/2.0 403 Forbidden\n{"error_code":"PERMISSION_DENIED","message":"someone@example.com does not have Use permissions on Personal Compute."}', 'policy', 'E06216CAA0000360', 'CAN_USE', 'policy E06216CAA0000360 use'],
    ['GET /api/2.0/policies/clusters/get?policy_id=00161A2B3C4D5E6F -> 403 PERMISSION_DENIED: someone@example.com does not have Use permissions on policy', 'policy', '00161A2B3C4D5E6F', 'CAN_USE', 'policy 00161A2B3C4D5E6F use'],
    ['{"error_code":"PERMISSION_DENIED","message":"User someone@example.com does not have permission to attach to instance pool 0101-120000-brick1-pool-ABCDEFGH"}', 'pool', '0101-120000-brick1-pool-ABCDEFGH', 'CAN_ATTACH_TO', 'pool 0101-120000-brick1-pool-ABCDEFGH attach'],
    ['PUT /api/2.0/permissions/instance-pools/0101-120000-brick1-pool-ABCDEFGH 403 PERMISSION_DENIED: someone@example.com does not have Manage permissions on gpu-pool.', 'pool', '0101-120000-brick1-pool-ABCDEFGH', 'CAN_MANAGE', 'pool 0101-120000-brick1-pool-ABCDEFGH manage'],
    ['{"error_code":"PERMISSION_DENIED","message":"User does not have permission CAN_RUN on notebook /Users/someone@example.com/train"}', 'notebook', '/Users/someone@example.com/train', 'CAN_RUN', 'notebook /Users/someone@example.com/train run'],
    ['PUT /api/2.0/permissions/notebooks/4242424242 -> 403: PERMISSION_DENIED someone@example.com does not have Manage permissions on /Shared/report.', 'notebook', '4242424242', 'CAN_MANAGE', 'notebook 4242424242 manage'],
    ['PERMISSION_DENIED: someone@example.com does not have Edit permissions on directory /Shared/team. Please contact the owner or an administrator for access.', 'directory', '/Shared/team', 'CAN_EDIT', 'directory /Shared/team edit'],
    ['PUT /api/2.0/permissions/repos/8800 -> 403: PERMISSION_DENIED someone@example.com does not have Manage permissions on /Repos/someone@example.com/ml.', 'repo', '8800', 'CAN_MANAGE', 'repo 8800 manage'],
  ];
  for (const [text, kind, id, permission, why] of CASES) {
    it(`${kind} ${id}: ${permission} → why ${why}`, () => {
      const got = explainError(text);
      assert.equal(got.code, 'PERMISSION_DENIED');
      assert.deepEqual(got.object, { kind, id });
      assert.equal(got.permission, permission);
      const target = analysisTarget(got);
      assert.ok(target && !target.uc, 'an access-map analysis');
      assert.equal(targetText(target), why);
      assert.ok(got.remedies.some((r) => r.includes(`access-lens why ${why}`)), got.remedies.join('\n'));
    });
  }

  it('a cluster id beside a pool id stays a cluster, and a pool id is never read as a cluster', () => {
    assert.deepEqual(explainError('PERMISSION_DENIED: cannot attach to cluster 0412-093011-gpu7x4k2').object, { kind: 'cluster', id: '0412-093011-gpu7x4k2' });
    assert.equal(explainError('PERMISSION_DENIED on 0101-120000-brick1-pool-ABCDEFGH').object?.kind, 'pool');
  });

  it('a missing path is NOT_FOUND, not a refusal; a refused folder is PERMISSION_DENIED', () => {
    assert.equal(explainError('{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Path (/Shared/gone) doesn\'t exist."}').code, 'NOT_FOUND');
    assert.equal(explainError('PERMISSION_DENIED: someone@example.com does not have Manage permissions on directory /Shared/team.').code, 'PERMISSION_DENIED');
  });

  it('names the kind when the text gives no id', () => {
    const got = explainError('PERMISSION_DENIED: User does not have permission to use cluster policy.');
    assert.equal(got.object, null);
    assert.match(got.explanation, /cluster policy/);
  });
});
