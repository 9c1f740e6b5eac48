import * as assert from 'node:assert/strict';
import { analysisTarget, targetText } from '../../../src/core/explain/analysis';
import { explainError } from '../../../src/core/explain/explain';

describe('explain/analysis: what why answers for an explained text', () => {
  it('maps a Unity Catalog privilege to the action of the securable that needs it', () => {
    const cases: [string, string][] = [
      ["User does not have USE SCHEMA on Schema 'main.features'.", 'schema main.features use'],
      ["[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have permission SELECT on table `main`.`features`.`churn`.", 'table main.features.churn select'],
      ["PERMISSION_DENIED: User does not have MODIFY on Table 'main.features.churn'.", 'table main.features.churn modify'],
      ["PERMISSION_DENIED: User does not have READ VOLUME on Volume 'main.raw.landing'.", 'volume main.raw.landing read'],
      ["PERMISSION_DENIED: User does not have USE CATALOG on Catalog 'main'.", 'catalog main use'],
    ];
    for (const [text, expected] of cases) {
      const target = analysisTarget(explainError(text));
      assert.ok(target?.uc, text);
      assert.equal(targetText(target), expected, text);
    }
  });

  it('keeps workspace objects on the access map, and gives nothing when no object is named', () => {
    const cluster = analysisTarget({ object: { kind: 'cluster', id: '0123-456789-abcd' }, permission: 'CAN_RESTART' });
    assert.deepEqual(cluster, { uc: false, kind: 'cluster', id: '0123-456789-abcd', action: 'restart' });
    assert.equal(analysisTarget({ object: null, permission: 'SELECT' }), undefined);
  });
});
