/**
 * ACL answers read into the model's entries (src/core/workspace/aclEntries.ts): the same entries
 * as before, and identical ones shared between objects, so 100,000 ACLs do not hold 400,000
 * copies of the admins' inherited grant.
 */
import * as assert from 'node:assert/strict';
import { AclEntries } from '../../../src/core/workspace/aclEntries';
import type { AclAnswer } from '../../../src/core/workspace/apiModels';

const admins = { group_name: 'admins', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: ['/clusters/'] }] };
const answer = (owner: string, group: string): AclAnswer =>
  ({
    object_id: '/clusters/x',
    access_control_list: [{ user_name: owner, all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }] }, { group_name: group, all_permissions: [{ permission_level: 'CAN_ATTACH_TO', inherited: false }] }, admins, { all_permissions: [] }],
  }) as AclAnswer;

describe('AclEntries', () => {
  it('reads principals and permissions as before, skipping entries without a principal', () => {
    assert.deepEqual(new AclEntries().read(answer('alice@contoso.com', 'data-eng')), [
      { principal: 'user:alice@contoso.com', permissions: [{ level: 'CAN_MANAGE', inherited: false, inheritedFrom: null }] },
      { principal: 'group:data-eng', permissions: [{ level: 'CAN_ATTACH_TO', inherited: false, inheritedFrom: null }] },
      { principal: 'group:admins', permissions: [{ level: 'CAN_MANAGE', inherited: true, inheritedFrom: '/clusters/' }] },
    ]);
  });

  it('shares identical entries between answers and keeps different ones apart', () => {
    const acls = new AclEntries();
    const a = acls.read(answer('alice@contoso.com', 'data-eng'));
    const b = acls.read(answer('alice@contoso.com', 'ml'));
    assert.equal(b[0], a[0], 'the same owner grant is one object');
    assert.equal(b[2], a[2], "the admins' inherited grant is one object");
    assert.notEqual(b[1], a[1]);
    assert.deepEqual(b[1], { principal: 'group:ml', permissions: [{ level: 'CAN_ATTACH_TO', inherited: false, inheritedFrom: null }] });
    // Same principal and level, inherited or not: not the same entry.
    const direct = acls.read({ access_control_list: [{ group_name: 'admins', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }] }] } as AclAnswer);
    assert.notEqual(direct[0], a[2]);
    assert.equal(direct[0]?.permissions[0]?.inherited, false);
  });

  it('stops remembering past its limit but still reads every entry', () => {
    const acls = new AclEntries(1);
    const a = acls.read(answer('alice@contoso.com', 'data-eng'));
    const b = acls.read(answer('alice@contoso.com', 'data-eng'));
    assert.equal(b[0], a[0], 'the first entry was remembered');
    assert.notEqual(b[1], a[1], 'the second was not, past the limit of 1');
    assert.deepEqual(b, a);
  });

  it('shares whole readable ACLs with the same entries', () => {
    const acls = new AclEntries();
    const a = acls.readable(answer('alice@contoso.com', 'data-eng'));
    const b = acls.readable(answer('alice@contoso.com', 'data-eng'));
    const c = acls.readable(answer('alice@contoso.com', 'ml'));
    assert.equal(b, a, 'the same entries: one state');
    assert.notEqual(c, a);
    assert.deepEqual(a, { state: 'readable', entries: acls.read(answer('alice@contoso.com', 'data-eng')) });
    assert.equal(c.entries[1]?.principal, 'group:ml');
  });

  it('still reads every ACL past its limit, unshared', () => {
    const acls = new AclEntries(1);
    const a = acls.readable(answer('alice@contoso.com', 'data-eng'));
    const b = acls.readable(answer('alice@contoso.com', 'data-eng'));
    assert.deepEqual(b, a);
  });
});
