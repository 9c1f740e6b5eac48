import * as assert from 'node:assert/strict';
import { judgeChain } from '../../../src/core/catalog/chain';
import { ComputeFacts, computeBlockers, withCompute } from '../../../src/core/catalog/compute';
import { ME, subject, tableFacts } from './chainFixtures';

const ID = '0101-000000-cccc0001';
const cluster = (dataSecurityMode: string | undefined, singleUserName?: string): ComputeFacts => ({ id: ID, name: 'c', dataSecurityMode, singleUserName });
const codes = (mode: string | undefined, singleUserName?: string): string[] => computeBlockers(subject, ID, cluster(mode, singleUserName)).map((b) => b.code);

describe('catalog/compute: can the cluster read Unity Catalog for you', () => {
  it('passes standard and dedicated (to you or a group of yours) access modes', () => {
    for (const mode of ['USER_ISOLATION', 'DATA_SECURITY_MODE_STANDARD']) assert.deepEqual(codes(mode), [], mode);
    assert.deepEqual(codes('SINGLE_USER', ME), []);
    assert.deepEqual(codes('DATA_SECURITY_MODE_DEDICATED', 'ml-all'), [], 'a nested group of yours');
  });

  it('blocks every access mode without Unity Catalog (COMPUTE_NO_UNITY_CATALOG)', () => {
    for (const mode of ['NONE', 'LEGACY_TABLE_ACL', 'LEGACY_PASSTHROUGH', 'LEGACY_SINGLE_USER', 'LEGACY_SINGLE_USER_STANDARD']) {
      assert.deepEqual(codes(mode), ['COMPUTE_NO_UNITY_CATALOG'], mode);
    }
  });

  it('says unknown (COMPUTE_MODE_UNKNOWN) for a missing, automatic or unheard-of mode, never a pass', () => {
    for (const mode of [undefined, '', 'DATA_SECURITY_MODE_AUTO', 'SOMETHING_NEW']) assert.deepEqual(codes(mode), ['COMPUTE_MODE_UNKNOWN'], String(mode));
  });

  it('blocks a dedicated cluster assigned to someone else, or to nobody named (SINGLE_USER_CLUSTER)', () => {
    assert.deepEqual(codes('SINGLE_USER', 'bob@contoso.com'), ['SINGLE_USER_CLUSTER']);
    assert.deepEqual(codes('DATA_SECURITY_MODE_DEDICATED', 'finance'), ['SINGLE_USER_CLUSTER']);
    assert.deepEqual(codes('SINGLE_USER'), ['SINGLE_USER_CLUSTER']);
  });

  it('is NOT_FOUND for a cluster that is not listed', () => {
    assert.deepEqual(computeBlockers(subject, ID, null).map((b) => b.code), ['NOT_FOUND']);
  });

  it('folds the cluster into the why document: a yes becomes no, or unknown, with the remedy', () => {
    const yes = judgeChain(tableFacts());
    const legacy = withCompute(yes, subject, ID, cluster('LEGACY_TABLE_ACL'));
    assert.equal(legacy.allowed, false);
    assert.deepEqual(legacy.blockers.map((b) => b.code), ['COMPUTE_NO_UNITY_CATALOG']);
    assert.match(legacy.summary, /^You cannot select from table main\.features\.churn from cluster "c" \(0101-000000-cccc0001\): .*LEGACY_TABLE_ACL/);
    assert.ok(legacy.remedies.some((r) => r.includes('standard (shared) or dedicated access mode')), legacy.remedies.join('\n'));
    assert.deepEqual(legacy.compute, { id: ID, name: 'c', dataSecurityMode: 'LEGACY_TABLE_ACL', singleUserName: null });

    const unknown = withCompute(yes, subject, ID, cluster(undefined));
    assert.equal(unknown.allowed, null);
    assert.match(unknown.summary, /^Unknown whether you can select from/);

    const fine = withCompute(yes, subject, ID, cluster('USER_ISOLATION'));
    assert.equal(fine.allowed, true);
    assert.deepEqual(fine.blockers, []);
    assert.match(fine.summary, /Cluster "c" \(0101-000000-cccc0001\) runs in access mode USER_ISOLATION, which reads Unity Catalog\.$/);
  });

  it('keeps a no from the privileges a no, listing both sides', () => {
    const no = judgeChain(tableFacts({ schema: { effective: [] } }));
    const both = withCompute(no, subject, ID, cluster(undefined));
    assert.equal(both.allowed, false);
    assert.equal(both.summary, no.summary);
    assert.deepEqual(both.blockers.map((b) => b.code), ['PRIVILEGE_MISSING', 'COMPUTE_MODE_UNKNOWN']);
  });
});
