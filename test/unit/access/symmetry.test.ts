import * as assert from 'node:assert/strict';
import { evaluate } from '../../../src/core/access';
import { GroupClaims } from '../../../src/core/access/symmetry';
import { AccessObject, Subject } from '../../../src/core/access/types';

const ENTRA_ID = 'f7775f72-e335-4620-a7b9-25ab3886786d';

describe('RBAC symmetry: group claims and workspace groups', () => {
  it('matches by externalId first', () => {
    const claims = new GroupClaims([ENTRA_ID.toUpperCase()]);
    assert.deepEqual(claims.twinOf({ displayName: 'analysts', externalId: ENTRA_ID }), { claim: ENTRA_ID.toUpperCase(), by: 'externalId' });
    assert.equal(claims.twinOf({ displayName: 'engineers', externalId: null }), undefined);
  });

  it('matches by display name (case-insensitive) when no externalId matches', () => {
    const claims = new GroupClaims(['ML-Engineers']);
    assert.deepEqual(claims.twinOf({ displayName: 'ml-engineers', externalId: null }), { claim: 'ML-Engineers', by: 'displayName' });
    assert.deepEqual(claims.twinOf({ displayName: 'ml-engineers', externalId: '00g-okta-id' }), { claim: 'ML-Engineers', by: 'displayName' });
  });

  it('does not match a name that another known group already matches by externalId', () => {
    // A claim "ops" that is the externalId of workspace group "operations": a group merely named "ops" is not its twin.
    const claims = new GroupClaims(['ops'], [{ displayName: 'operations', externalId: 'ops' }]);
    assert.equal(claims.twinOf({ displayName: 'ops', externalId: null }), undefined);
    assert.deepEqual(claims.twinOf({ displayName: 'operations', externalId: 'ops' }), { claim: 'ops', by: 'externalId' });
  });

  it('turns a grant to a same-named group you are not in into GROUP_NOT_SYNCED', () => {
    const subject: Subject = {
      userName: 'alice@contoso.com',
      groups: [{ id: '1', displayName: 'analysts', externalId: null, path: ['user:alice@contoso.com', 'group:analysts'] }],
      entraGroupIds: ['analysts', 'ml-engineers'],
    };
    const object: AccessObject = { kind: 'cluster', id: 'c1', name: 'gpu', acl: { state: 'readable', entries: [{ principal: 'group:ml-engineers', permissions: [{ level: 'CAN_RESTART', inherited: false, inheritedFrom: null }] }] } };
    const verdict = evaluate(subject, object, 'attach', () => ({ displayName: 'ml-engineers', externalId: null }));
    assert.equal(verdict.allowed, false);
    assert.deepEqual(verdict.blockers.map((b) => b.code), ['GROUP_NOT_SYNCED']);
    assert.match(verdict.blockers[0]?.message ?? '', /has the name of a group your identity provider lists you in \("ml-engineers"\)/);
  });

  it('speaks of the identity provider, not Entra, when an OpenID Connect provider signs you in', () => {
    const object: AccessObject = { kind: 'cluster', id: 'c1', name: 'gpu', acl: { state: 'readable', entries: [{ principal: 'group:ml-engineers', permissions: [{ level: 'CAN_RESTART', inherited: false, inheritedFrom: null }] }] } };
    const directory = () => ({ displayName: 'ml-engineers', externalId: '00g1okta' });
    const base: Subject = { userName: 'alice@contoso.com', groups: [], entraGroupIds: ['00g1okta'] };
    const oidc = evaluate({ ...base, provider: 'oidc' }, object, 'attach', directory);
    assert.deepEqual(oidc.blockers.map((b) => b.code), ['GROUP_NOT_SYNCED']);
    assert.match(oidc.blockers[0]?.message ?? '', /synced from your identity provider group 00g1okta/);
    const text = [...oidc.blockers.map((b) => b.message), ...oidc.remedies].join('\n');
    assert.doesNotMatch(text, /Entra/, text);
    const entra = evaluate(base, object, 'attach', directory);
    assert.match(entra.blockers[0]?.message ?? '', /synced from your Entra group 00g1okta/);
    assert.match(entra.remedies.join('\n'), /Entra administrator/);
  });
});
