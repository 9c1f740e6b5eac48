import * as assert from 'node:assert/strict';
import { parseRuleSet } from '../../../src/core/workspace/servicePrincipalAccess';

describe('parseRuleSet (the service principal rule set answer)', () => {
  it('reads grant rules, and a rule set that names itself without rules as none', () => {
    assert.deepEqual(parseRuleSet({ name: 'accounts/a/servicePrincipals/b/ruleSets/default', etag: 'e', grant_rules: [{ role: 'roles/servicePrincipal.user', principals: ['groups/data-team'] }, { role: 'roles/servicePrincipal.manager' }] }), {
      state: 'readable',
      rules: [
        { role: 'roles/servicePrincipal.user', principals: ['groups/data-team'] },
        { role: 'roles/servicePrincipal.manager', principals: [] },
      ],
    });
    assert.deepEqual(parseRuleSet({ name: 'accounts/a/servicePrincipals/b/ruleSets/default', etag: 'e' }), { state: 'readable', rules: [] });
  });

  it('says unreadable, never "no rules", for an answer that drifted', () => {
    for (const body of [undefined, [], { rules: [] }, { name: 'n', grant_rules: {} }, { name: 'n', grant_rules: [{ principals: ['users/a'] }] }, { name: 'n', grant_rules: [{ role: 'r', principals: 'users/a' }] }, { name: 'n', grant_rules: [{ role: 'r', principals: [7] }] }]) {
      assert.equal(parseRuleSet(body).state, 'unreadable', JSON.stringify(body));
    }
  });
});
