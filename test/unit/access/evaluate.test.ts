import * as assert from 'node:assert/strict';
import { AccessObject, AclEntry, Directory, DirectoryGroup, REQUEST_PREFIX, Subject, evaluate } from '../../../src/core/access';

const ME = 'alice@contoso.com';
const ENTRA_ML = 'e1111111-0000-4000-8000-000000000001';
const ENTRA_GPU = 'e2222222-0000-4000-8000-000000000002';

const alice: Subject = {
  userName: ME,
  groups: [
    { id: '1', displayName: 'data-scientists', externalId: null, path: [`user:${ME}`, 'group:data-scientists'] },
    { id: '2', displayName: 'ml-engineers', externalId: ENTRA_ML, path: [`user:${ME}`, 'group:ml-engineers'] },
    { id: '3', displayName: 'ml-all', externalId: null, path: [`user:${ME}`, 'group:ml-engineers', 'group:ml-all'] },
  ],
  entraGroupIds: [ENTRA_ML, ENTRA_GPU],
  entitlements: ['workspace-access'],
};

const directoryGroups: Record<string, DirectoryGroup> = {
  'gpu-users': { displayName: 'gpu-users', externalId: ENTRA_GPU, memberCount: 12 },
  'platform': { displayName: 'platform', externalId: 'e9999999-0000-4000-8000-000000000009', memberCount: 4 },
  'big-team': { displayName: 'big-team', externalId: null, memberCount: 400 },
};
const directory: Directory = (name) => directoryGroups[name];

function entry(principal: string, level: string, inheritedFrom: string | null = null): AclEntry {
  return { principal, permissions: [{ level, inherited: inheritedFrom !== null, inheritedFrom }] };
}
function cluster(entries: AclEntry[], extra: Partial<AccessObject> = {}): AccessObject {
  return { kind: 'cluster', id: '0123-456789-abcd1234', name: 'gpu-train', acl: { state: 'readable', entries }, host: 'https://adb-1.2.azuredatabricks.net', ...extra };
}
function job(entries: AclEntry[]): AccessObject {
  return { kind: 'job', id: '42', name: 'nightly-train', acl: { state: 'readable', entries } };
}
const codes = (v: { blockers: readonly { code: string }[] }) => v.blockers.map((b) => b.code);

describe('access model: evaluate', () => {
  it('allows through a nested group and names the level, the group and the membership path', () => {
    const v = evaluate(alice, cluster([entry('group:ml-all', 'CAN_RESTART'), entry('user:bob@contoso.com', 'CAN_MANAGE')]), 'restart', directory);
    assert.equal(v.allowed, true);
    assert.equal(v.granted, 'CAN_RESTART');
    assert.deepEqual(v.grants, [{ principal: 'group:ml-all', level: 'CAN_RESTART', path: [`user:${ME}`, 'group:ml-engineers', 'group:ml-all'], inheritedFrom: null }]);
    assert.deepEqual(v.blockers, []);
    assert.deepEqual(v.remedies, []);
    assert.match(v.summary, /You can restart cluster "gpu-train" \(0123-456789-abcd1234\) \(CAN_RESTART via ml-all\)/);
  });

  it('orders levels: CAN_RESTART allows attach, not manage (LEVEL_TOO_LOW)', () => {
    const object = cluster([entry('group:data-scientists', 'CAN_RESTART'), entry('user:bob@contoso.com', 'CAN_MANAGE')]);
    assert.equal(evaluate(alice, object, 'attach', directory).allowed, true);
    const manage = evaluate(alice, object, 'manage', directory);
    assert.equal(manage.allowed, false);
    assert.deepEqual(codes(manage), ['LEVEL_TOO_LOW']);
    assert.match(manage.blockers[0]?.message ?? '', /You hold CAN_RESTART \(via data-scientists\), but manage needs CAN_MANAGE/);
  });

  it('says NO_GRANT when nothing reaches you, names who can grant and the smallest group that would', () => {
    const v = evaluate(alice, cluster([entry('user:bob@contoso.com', 'CAN_MANAGE'), entry('group:big-team', 'CAN_ATTACH_TO'), entry('group:platform', 'CAN_RESTART'), entry('group:admins', 'CAN_MANAGE', '/clusters/')]), 'attach', directory);
    assert.equal(v.allowed, false);
    assert.equal(v.granted, null);
    assert.deepEqual(codes(v), ['NO_GRANT']);
    assert.ok(v.remedies.some((r) => r.includes('bob@contoso.com or a workspace admin')));
    assert.ok(v.remedies.some((r) => /join group "platform", which holds CAN_RESTART \(4 members\)\. It is synced from Entra group e9999999/.test(r)), v.remedies.join('\n'));
    const request = v.remedies.find((r) => r.startsWith(REQUEST_PREFIX));
    assert.match(request ?? '', /grant me \(alice@contoso\.com\) CAN_ATTACH_TO on cluster "gpu-train" \(id 0123-456789-abcd1234\) in https:\/\/adb-1\.2\.azuredatabricks\.net\? I need to attach to it\. Alternatively, please add me to group "platform"/);
  });

  it('finds GROUP_NOT_SYNCED: a sufficient grant to a synced group whose Entra twin you are in, without you in it', () => {
    const v = evaluate(alice, cluster([entry('group:gpu-users', 'CAN_RESTART'), entry('group:data-scientists', 'CAN_ATTACH_TO')]), 'restart', directory);
    assert.equal(v.allowed, false);
    assert.deepEqual(codes(v), ['GROUP_NOT_SYNCED'], 'replaces LEVEL_TOO_LOW');
    assert.match(v.blockers[0]?.message ?? '', /"gpu-users" holds CAN_RESTART.*Entra group e2222222.*partial SCIM sync/);
    assert.ok(v.remedies.some((r) => /SCIM provisioning/.test(r)));
    assert.match(v.remedies.find((r) => r.startsWith(REQUEST_PREFIX)) ?? '', /check the SCIM provisioning for alice@contoso\.com/);
  });

  it('does not call it GROUP_NOT_SYNCED when the synced group would not give enough', () => {
    const v = evaluate(alice, cluster([entry('group:gpu-users', 'CAN_ATTACH_TO')]), 'restart', directory);
    assert.deepEqual(codes(v), ['NO_GRANT']);
  });

  it('blocks attach on a single-user cluster of someone else whatever the ACL, but not restart', () => {
    const object = cluster([entry('group:ml-engineers', 'CAN_MANAGE')], { dataSecurityMode: 'SINGLE_USER', singleUserName: 'bob@contoso.com' });
    const attach = evaluate(alice, object, 'attach', directory);
    assert.equal(attach.allowed, false);
    assert.equal(attach.granted, 'CAN_MANAGE', 'level stays the ACL level');
    assert.deepEqual(codes(attach), ['SINGLE_USER_CLUSTER']);
    assert.ok(attach.remedies.some((r) => /dedicated to bob@contoso\.com/.test(r)));
    assert.match(attach.remedies.find((r) => r.startsWith(REQUEST_PREFIX)) ?? '', /cannot attach to it although I hold CAN_MANAGE\. Could you assign it to a group I am in, or switch it to standard/);
    assert.equal(evaluate(alice, object, 'restart', directory).allowed, true);
  });

  it('lets you attach to a dedicated cluster assigned to you or to a group of yours (nesting included)', () => {
    for (const owner of [ME, 'ALICE@contoso.com', 'ml-all']) {
      for (const mode of ['SINGLE_USER', 'DATA_SECURITY_MODE_DEDICATED']) {
        const v = evaluate(alice, cluster([entry('group:ml-all', 'CAN_ATTACH_TO')], { dataSecurityMode: mode, singleUserName: owner }), 'attach', directory);
        assert.equal(v.allowed, true, `${mode} for ${owner}`);
      }
    }
  });

  it('answers null, never a guess, when the ACL is unreadable', () => {
    const v = evaluate(alice, { kind: 'job', id: '7', name: 'etl', acl: { state: 'unreadable', reason: 'HTTP 403 PERMISSION_DENIED' } }, 'run', directory);
    assert.equal(v.allowed, null);
    assert.equal(v.granted, null);
    assert.deepEqual(codes(v), ['ACL_UNREADABLE']);
    assert.match(v.summary, /^Unknown whether you can run/);
  });

  it('is certain when an ACL-independent blocker holds even though the ACL is unreadable', () => {
    const v = evaluate(alice, cluster([], { acl: { state: 'unreadable', reason: '403' }, dataSecurityMode: 'SINGLE_USER', singleUserName: 'bob@contoso.com' }), 'attach', directory);
    assert.equal(v.allowed, false);
    assert.deepEqual(codes(v), ['SINGLE_USER_CLUSTER', 'ACL_UNREADABLE']);
  });

  it('reports NOT_FOUND with allowed false', () => {
    const v = evaluate(alice, { kind: 'cluster', id: 'nope', name: 'nope', acl: { state: 'notFound' } }, 'attach', directory);
    assert.equal(v.allowed, false);
    assert.deepEqual(codes(v), ['NOT_FOUND']);
    assert.equal(v.remedies.length, 1);
  });

  it('reports a missing workspace-access entitlement', () => {
    const v = evaluate({ ...alice, entitlements: [] }, cluster([entry('group:ml-all', 'CAN_MANAGE')]), 'attach', directory);
    assert.equal(v.allowed, false);
    assert.deepEqual(codes(v), ['ENTITLEMENT_MISSING']);
  });

  it('orders job levels: IS_OWNER manages, CAN_MANAGE_RUN runs but does not manage, CAN_VIEW only views', () => {
    const owner = evaluate(alice, job([entry(`user:${ME}`, 'IS_OWNER')]), 'manage', directory);
    assert.equal(owner.allowed, true);
    assert.equal(owner.granted, 'IS_OWNER');
    // The owner's entry makes the list one only a manager could see: known complete.
    const runner = job([entry('group:ml-engineers', 'CAN_MANAGE_RUN'), entry('user:bob@contoso.com', 'IS_OWNER')]);
    assert.equal(evaluate(alice, runner, 'run', directory).allowed, true);
    assert.equal(evaluate(alice, runner, 'view', directory).allowed, true);
    assert.equal(evaluate(alice, runner, 'manage', directory).allowed, false);
    assert.equal(evaluate(alice, job([entry('group:users', 'CAN_VIEW')]), 'run', directory).granted, 'CAN_VIEW', 'every user is in "users"');
  });

  it('lets admins inherit CAN_MANAGE from /clusters/', () => {
    const admin: Subject = { ...alice, groups: [...alice.groups, { id: '9', displayName: 'admins', externalId: null, path: [`user:${ME}`, 'group:admins'] }] };
    const v = evaluate(admin, cluster([entry('group:admins', 'CAN_MANAGE', '/clusters/')]), 'manage', directory);
    assert.equal(v.allowed, true);
    assert.equal(v.grants[0]?.inheritedFrom, '/clusters/');
  });

  it('ignores cluster levels on jobs and vice versa', () => {
    assert.equal(evaluate(alice, job([entry(`user:${ME}`, 'CAN_ATTACH_TO'), entry('user:bob@contoso.com', 'IS_OWNER')]), 'view', directory).allowed, false);
  });

  describe('an ACL a non-manager cannot fully read', () => {
    const bobOwns = entry('user:bob@contoso.com', 'IS_OWNER');
    const listed = { listed: true, visibilityControl: true } as const;

    it('treats an empty list as partial: unknown (ACL_PARTIAL) for every action, never NO_GRANT', () => {
      for (const action of ['attach', 'restart', 'manage'] as const) {
        const v = evaluate(alice, cluster([]), action, directory);
        assert.equal(v.allowed, null, action);
        assert.equal(v.granted, null);
        assert.deepEqual(codes(v), ['ACL_PARTIAL']);
        assert.match(v.blockers[0]?.message ?? '', /Only part of this cluster's permissions is visible to you \(the list came back empty\)/);
        assert.match(v.summary, /^Unknown whether you can .* only partly readable/);
        assert.ok(v.remedies.some((r) => /Only managers see this cluster's permissions in full/.test(r)));
      }
    });

    it('keeps what your own entries prove, and leaves the rest unknown', () => {
      const object = cluster([entry(`user:${ME}`, 'CAN_ATTACH_TO')]);
      const attach = evaluate(alice, object, 'attach', directory);
      assert.equal(attach.allowed, true);
      assert.equal(attach.granted, 'CAN_ATTACH_TO');
      const restart = evaluate(alice, object, 'restart', directory);
      assert.equal(restart.allowed, null);
      assert.equal(restart.granted, 'CAN_ATTACH_TO', 'the level proven so far');
      assert.deepEqual(codes(restart), ['ACL_PARTIAL']);
      assert.match(restart.blockers[0]?.message ?? '', /it shows you CAN_ATTACH_TO/);
    });

    it('counts a list as complete when it shows other principals or gives you CAN_MANAGE', () => {
      assert.deepEqual(codes(evaluate(alice, cluster([entry('group:admins', 'CAN_MANAGE', '/clusters/')]), 'attach', directory)), ['NO_GRANT']);
      assert.deepEqual(codes(evaluate(alice, job([entry(`user:${ME}`, 'CAN_VIEW'), bobOwns]), 'run', directory)), ['LEVEL_TOO_LOW']);
      assert.equal(evaluate(alice, cluster([entry(`user:${ME}`, 'CAN_MANAGE')]), 'manage', directory).allowed, true);
    });

    it('stays certain when a blocker holds whatever the ACL says', () => {
      const v = evaluate(alice, cluster([], { dataSecurityMode: 'SINGLE_USER', singleUserName: 'bob@contoso.com' }), 'attach', directory);
      assert.equal(v.allowed, false);
      assert.deepEqual(codes(v), ['SINGLE_USER_CLUSTER', 'ACL_PARTIAL']);
    });

    it('lets a job listed to you under visibility control prove CAN_VIEW over an empty, partial or refused list', () => {
      for (const acl of [{ state: 'readable', entries: [] }, { state: 'unreadable', reason: 'HTTP 403 PERMISSION_DENIED' }] as const) {
        const object: AccessObject = { kind: 'job', id: '42', name: 'nightly-train', acl, evidence: listed };
        const view = evaluate(alice, object, 'view', directory);
        assert.equal(view.allowed, true, acl.state);
        assert.equal(view.granted, 'CAN_VIEW');
        assert.match(view.summary, /at least CAN_VIEW: the job is listed to you under job visibility control/);
        const run = evaluate(alice, object, 'run', directory);
        assert.equal(run.allowed, null);
        assert.equal(run.granted, 'CAN_VIEW');
        assert.deepEqual(codes(run), [acl.state === 'readable' ? 'ACL_PARTIAL' : 'ACL_UNREADABLE']);
      }
    });

    it('gives a listing no weight when visibility control is not known to be on, or over a complete list', () => {
      const unknownControl = evaluate(alice, { ...job([]), evidence: { listed: true } }, 'view', directory);
      assert.equal(unknownControl.allowed, null);
      const complete = evaluate(alice, { ...job([bobOwns]), evidence: listed }, 'view', directory);
      assert.deepEqual(codes(complete), ['NO_GRANT'], 'the whole ACL outweighs the listing');
    });
  });
});
