import * as assert from 'node:assert/strict';
import { SP_MANAGER_ROLE, SP_USER_ROLE, evaluateServicePrincipalUse, servicePrincipalLabel } from '../../../src/core/access/servicePrincipalUse';
import type { MemberGroup } from '../../../src/core/access/types';

const group = (displayName: string, path: string[]): MemberGroup => ({ id: displayName, displayName, externalId: null, path });
const alice = { userName: 'alice@contoso.com', groups: [group('analysts', ['user:alice@contoso.com', 'group:analysts']), group('data-team', ['user:alice@contoso.com', 'group:analysts', 'group:data-team'])] };
const sp = { applicationId: '9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10', displayName: 'etl-sp' };
const rules = (...r: [string, string[]][]) => ({ state: 'readable' as const, rules: r.map(([role, principals]) => ({ role, principals })) });

describe('Service Principal User (pure)', () => {
  it('allows through a nested group, with the membership path, matching group names case-insensitively', () => {
    const v = evaluateServicePrincipalUse(alice, sp, rules([SP_USER_ROLE, ['groups/Data-Team']]));
    assert.equal(v.allowed, true);
    assert.equal(v.granted, SP_USER_ROLE);
    assert.deepEqual(v.grants.map((g) => [g.principal, g.path]), [['group:Data-Team', ['user:alice@contoso.com', 'group:analysts', 'group:data-team']]]);
    assert.match(v.summary, /through group Data-Team/);
  });

  it('allows a direct grant to your user name', () => {
    const v = evaluateServicePrincipalUse(alice, sp, rules([SP_USER_ROLE, ['users/ALICE@contoso.com']]));
    assert.equal(v.allowed, true);
    assert.match(v.summary, /directly/);
  });

  it('denies with NO_GRANT, naming the managers and the groups that hold the role', () => {
    const v = evaluateServicePrincipalUse(alice, sp, rules([SP_USER_ROLE, ['users/bob@contoso.com', 'groups/ml-ops']], [SP_MANAGER_ROLE, ['groups/platform', 'users/carol@contoso.com']]));
    assert.equal(v.allowed, false);
    assert.deepEqual(v.blockers.map((b) => b.code), ['NO_GRANT']);
    assert.match(v.remedies[0] ?? '', /members of group "platform", carol@contoso\.com, an account admin/);
    assert.match(v.remedies[1] ?? '', /ml-ops/);
  });

  it('a manager who is not a user is told that managing does not include using (LEVEL_TOO_LOW)', () => {
    const v = evaluateServicePrincipalUse(alice, sp, rules([SP_MANAGER_ROLE, ['users/alice@contoso.com']]));
    assert.equal(v.allowed, false);
    assert.equal(v.granted, SP_MANAGER_ROLE);
    assert.deepEqual(v.blockers.map((b) => b.code), ['LEVEL_TOO_LOW']);
    assert.match(v.remedies[0] ?? '', /grant yourself Service Principal User/);
  });

  it('an unreadable rule set is unknown (null) with the reason, never denied', () => {
    const v = evaluateServicePrincipalUse(alice, sp, { state: 'unreadable', reason: 'HTTP 403 PERMISSION_DENIED: no' });
    assert.equal(v.allowed, null);
    assert.deepEqual(v.blockers.map((b) => b.code), ['ACL_UNREADABLE']);
    assert.match(v.blockers[0]?.message ?? '', /HTTP 403/);
  });

  it('an unknown service principal is NOT_FOUND; the label falls back to the application id', () => {
    const v = evaluateServicePrincipalUse(alice, { applicationId: sp.applicationId, displayName: undefined }, { state: 'notFound' });
    assert.equal(v.allowed, false);
    assert.equal(v.name, sp.applicationId);
    assert.deepEqual(v.blockers.map((b) => b.code), ['NOT_FOUND']);
    assert.equal(servicePrincipalLabel(sp), `etl-sp (${sp.applicationId})`);
  });

  it('ignores principals of other forms and other roles', () => {
    const v = evaluateServicePrincipalUse(alice, sp, rules(['roles/other', ['users/alice@contoso.com']], [SP_USER_ROLE, ['alice@contoso.com', 'groups/']]));
    assert.equal(v.allowed, false);
  });
});
