import * as assert from 'node:assert/strict';
import { AccessObject, Action, ObjectKind, Subject, actionForPermission, evaluate, kindNamed, kindRow, rank, requiredLevel } from '../../../src/core/access';

const ME = 'alice@contoso.com';
const alice: Subject = {
  userName: ME,
  groups: [{ id: '1', displayName: 'ml-engineers', externalId: null, path: [`user:${ME}`, 'group:ml-engineers'] }],
  entraGroupIds: [],
  entitlements: ['workspace-access'],
};

const object = (kind: ObjectKind, acl: AccessObject['acl']): AccessObject => ({ kind, id: 'o1', name: 'thing', acl });
const grant = (principal: string, level: string): AccessObject['acl'] => ({ state: 'readable', entries: [{ principal, permissions: [{ level, inherited: false, inheritedFrom: null }] }] });
/** A grant to the group beside a manager's: an ACL that shows a manager is the whole ACL (completeness.ts). */
const withManager = (level: string): AccessObject['acl'] => ({ state: 'readable', entries: [{ principal: 'group:ml-engineers', permissions: [{ level, inherited: false, inheritedFrom: null }] }, { principal: 'user:bob@contoso.com', permissions: [{ level: 'CAN_MANAGE', inherited: false, inheritedFrom: null }] }] });
const verdicts = (kind: ObjectKind, acl: AccessObject['acl']): Record<string, boolean | null> =>
  Object.fromEntries(kindRow(kind).actions.map((a) => [a.name, evaluate(alice, object(kind, acl), a.name as Action).allowed]));

// [kind, plural, levels lowest first, action → level as in docs/kinds.md, a middle level and what it allows]
const TABLE: [ObjectKind, string, string[], Record<string, string>, string, Record<string, boolean>][] = [
  ['warehouse', 'warehouses', ['CAN_VIEW', 'CAN_USE', 'CAN_MONITOR', 'CAN_MANAGE'], { use: 'CAN_USE', monitor: 'CAN_MONITOR', manage: 'CAN_MANAGE' }, 'CAN_USE', { use: true, monitor: false, manage: false }],
  ['endpoint', 'endpoints', ['CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE'], { query: 'CAN_QUERY', view: 'CAN_VIEW', manage: 'CAN_MANAGE' }, 'CAN_VIEW', { query: false, view: true, manage: false }],
  ['experiment', 'experiments', ['CAN_READ', 'CAN_EDIT', 'CAN_MANAGE'], { read: 'CAN_READ', edit: 'CAN_EDIT', manage: 'CAN_MANAGE' }, 'CAN_EDIT', { read: true, edit: true, manage: false }],
  ['model', 'models', ['CAN_READ', 'CAN_EDIT', 'CAN_MANAGE_STAGING_VERSIONS', 'CAN_MANAGE_PRODUCTION_VERSIONS', 'CAN_MANAGE'], { read: 'CAN_READ', edit: 'CAN_EDIT', manage: 'CAN_MANAGE' }, 'CAN_MANAGE_STAGING_VERSIONS', { read: true, edit: true, manage: false }],
  ['pipeline', 'pipelines', ['CAN_VIEW', 'CAN_RUN', 'CAN_MANAGE'], { view: 'CAN_VIEW', run: 'CAN_RUN', manage: 'CAN_MANAGE' }, 'CAN_RUN', { view: true, run: true, manage: false }],
];

describe('kinds warehouse, endpoint, experiment, model and pipeline (kindsSqlMl.ts)', () => {
  for (const [kind, plural, levels, actions, middle, middleAllows] of TABLE) {
    describe(kind, () => {
      it('is named by its singular and plural, with its levels lowest first and IS_OWNER above them', () => {
        assert.equal(kindNamed(kind), kind);
        assert.equal(kindNamed(plural), kind);
        assert.deepEqual(kindRow(kind).levels, levels);
        for (let i = 1; i < levels.length; i++) assert.ok(rank(kind, levels[i]) > rank(kind, levels[i - 1]), `${levels[i]} above ${levels[i - 1]}`);
        assert.ok(rank(kind, 'IS_OWNER') > rank(kind, 'CAN_MANAGE'));
        assert.equal(rank(kind, 'CAN_ATTACH_TO'), 0, 'a cluster level means nothing here');
      });

      it('needs the level the contract names for each action', () => {
        assert.deepEqual(Object.fromEntries(kindRow(kind).actions.map((a) => [a.name, requiredLevel(kind, a.name)])), actions);
        for (const [action, level] of Object.entries(actions)) assert.equal(actionForPermission(kind, level), action);
        assert.equal(actionForPermission(kind, 'IS_OWNER'), 'manage');
      });

      it(`allows with ${middle} through a group only what it reaches`, () => {
        assert.deepEqual(verdicts(kind, withManager(middle)), middleAllows);
        const manage = evaluate(alice, object(kind, withManager(middle)), 'manage' as Action);
        assert.deepEqual(manage.blockers.map((b) => b.code), ['LEVEL_TOO_LOW']);
        assert.equal(manage.granted, middle);
      });

      it('allows everything to IS_OWNER and CAN_MANAGE, nothing without a grant, and nothing known with an unreadable ACL', () => {
        const all = (value: boolean | null) => Object.fromEntries(Object.keys(actions).map((a) => [a, value]));
        assert.deepEqual(verdicts(kind, grant(`user:${ME}`, 'IS_OWNER')), all(true));
        assert.deepEqual(verdicts(kind, grant('group:ml-engineers', 'CAN_MANAGE')), all(true));
        assert.deepEqual(verdicts(kind, grant('user:bob@contoso.com', 'CAN_MANAGE')), all(false));
        assert.deepEqual(evaluate(alice, object(kind, grant('user:bob@contoso.com', 'CAN_MANAGE')), kindRow(kind).defaultAction as Action).blockers.map((b) => b.code), ['NO_GRANT']);
        assert.deepEqual(verdicts(kind, { state: 'unreadable', reason: 'HTTP 403' }), all(null));
      });
    });
  }

  it('lists each where the REST reference says, with the paging it has', () => {
    assert.deepEqual(
      TABLE.map(([kind]) => { const list = kindRow(kind).list; return [kind, list.path, list.field, list.paging, ('method' in list && list.method) || 'GET']; }),
      [
        ['warehouse', '/api/2.0/sql/warehouses', 'warehouses', 'pageToken', 'GET'],
        ['endpoint', '/api/2.0/serving-endpoints', 'endpoints', 'none', 'GET'],
        ['experiment', '/api/2.0/mlflow/experiments/search', 'experiments', 'pageToken', 'POST'],
        ['model', '/api/2.0/mlflow/registered-models/list', 'registered_models', 'pageToken', 'GET'],
        ['pipeline', '/api/2.0/pipelines', 'statuses', 'pageToken', 'GET'],
      ],
    );
    assert.deepEqual(TABLE.map(([kind]) => kindRow(kind).permissionsPath), ['warehouses', 'serving-endpoints', 'experiments', 'registered-models', 'pipelines']);
    const pipelines = kindRow('pipeline').list;
    assert.ok('pageSize' in pipelines && pipelines.pageSize <= 100, 'pipelines answer an error above max_results 100');
  });
});
