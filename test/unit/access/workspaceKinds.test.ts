import * as assert from 'node:assert/strict';
import { AccessObject, AclEntry, ObjectKind, Subject, evaluate, kindNamed, kindRow, rank, requiredLevel } from '../../../src/core/access';

const ME = 'alice@contoso.com';
const alice: Subject = {
  userName: ME,
  groups: [{ id: '1', displayName: 'data-team', externalId: null, path: [`user:${ME}`, 'group:data-team'] }],
  entraGroupIds: [],
  entitlements: ['workspace-access'],
};

function object(kind: ObjectKind, entries: AclEntry[]): AccessObject {
  return { kind, id: '202', name: '/Shared/team/report', acl: { state: 'readable', entries } };
}
const inherited = (principal: string, level: string, from: string): AclEntry => ({ principal, permissions: [{ level, inherited: true, inheritedFrom: from }] });
const own = (principal: string, level: string): AclEntry => ({ principal, permissions: [{ level, inherited: false, inheritedFrom: null }] });

/** The workspace object kinds (docs/kinds.md, "Workspace objects"): levels, actions and folder inheritance. */
describe('kind table: notebook, directory, repo', () => {
  const kinds = ['notebook', 'directory', 'repo'] as const;

  it('has one row per kind, its permissions path and the folder list endpoint', () => {
    assert.deepEqual(kinds.map((k) => [kindRow(k).permissionsPath, kindRow(k).list.path, kindRow(k).list.folderObjectType]), [
      ['notebooks', '/api/2.0/workspace/list', 'NOTEBOOK'],
      ['directories', '/api/2.0/workspace/list', 'DIRECTORY'],
      ['repos', '/api/2.0/workspace/list', 'REPO'],
    ]);
    assert.deepEqual(['notebooks', 'directories', 'repos'].map(kindNamed), [...kinds]);
  });

  it('orders CAN_READ < CAN_RUN < CAN_EDIT < CAN_MANAGE and maps read/run/edit/manage onto them', () => {
    for (const kind of kinds) {
      assert.deepEqual(['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'].map((l) => rank(kind, l)), [1, 2, 3, 4], kind);
      assert.deepEqual(['read', 'run', 'edit', 'manage'].map((a) => requiredLevel(kind, a)), ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'], kind);
    }
  });

  for (const [action, allowed] of [['read', true], ['run', true], ['edit', false], ['manage', false]] as const) {
    it(`a CAN_RUN inherited from a folder through a group: ${action} is ${allowed ? 'allowed' : 'LEVEL_TOO_LOW'}`, () => {
      // The admins' grant from the folder above shows the list is whole (completeness.ts).
      const v = evaluate(alice, object('notebook', [inherited('group:data-team', 'CAN_RUN', '/directories/201'), inherited('group:admins', 'CAN_MANAGE', '/directories/200')]), action);
      assert.equal(v.allowed, allowed);
      assert.equal(v.granted, 'CAN_RUN');
      assert.deepEqual(v.grants, [{ principal: 'group:data-team', level: 'CAN_RUN', path: [`user:${ME}`, 'group:data-team'], inheritedFrom: '/directories/201' }]);
      assert.deepEqual(v.blockers.map((b) => b.code), allowed ? [] : ['LEVEL_TOO_LOW']);
    });
  }

  it('answers unknown (ACL_PARTIAL), not LEVEL_TOO_LOW, when the list shows only what reaches you', () => {
    const v = evaluate(alice, object('notebook', [inherited('group:data-team', 'CAN_RUN', '/directories/201')]), 'edit');
    assert.equal(v.allowed, null);
    assert.ok(v.blockers.some((b) => b.code === 'ACL_PARTIAL'), JSON.stringify(v.blockers));
  });

  it('takes the higher of an own grant and an inherited one, keeping where each comes from', () => {
    const v = evaluate(alice, object('repo', [own(`user:${ME}`, 'CAN_EDIT'), inherited('group:data-team', 'CAN_RUN', '/directories/201')]), 'edit');
    assert.equal(v.allowed, true);
    assert.equal(v.granted, 'CAN_EDIT');
    assert.deepEqual(v.grants.map((g) => g.inheritedFrom), [null, '/directories/201']);
  });

  it('answers unknown, not denied, when a folder ACL cannot be read', () => {
    const v = evaluate(alice, { kind: 'directory', id: '201', name: '/Shared/team', acl: { state: 'unreadable', reason: 'HTTP 403' } }, 'read');
    assert.equal(v.allowed, null);
    assert.deepEqual(v.blockers.map((b) => b.code), ['ACL_UNREADABLE']);
  });
});
