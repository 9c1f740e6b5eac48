import * as assert from 'node:assert/strict';
import { AccessObject, Action, KindRow, ObjectKind, Subject, actionVerb, evaluate, isAction, kindRow, registerKind, requiredLevel } from '../../../src/core/access';
import { UsageError } from '../../../src/cli/args';
import { parseKind } from '../../../src/cli/commands/access';
import { findReferences } from '../../../src/core/references/findReferences';
import type { AuthorizedHttp } from '../../../src/core/workspace/authorizedHttp';
import { RequestLimiter } from '../../../src/core/workspace/limiter';
import { WorkspaceClient } from '../../../src/core/workspace/workspaceClient';

/** A kind made up for this test: an instance pool under another name (pools are a real row now), as a row and nothing else. */
const POOL: KindRow = {
  name: 'testpool',
  plural: 'testpools',
  list: { path: '/api/2.0/instance-pools/list', field: 'instance_pools', sizeParam: 'page_size', pageSize: 100, paging: 'pageToken' },
  idField: 'instance_pool_id',
  idType: 'string',
  nameField: ['instance_pool_name'],
  unnamed: (id) => `Pool ${id}`,
  permissionsPath: 'instance-pools',
  levels: ['CAN_ATTACH_TO', 'CAN_MANAGE'],
  actions: [
    { name: 'attach', level: 'CAN_ATTACH_TO', verb: 'attach to' },
    { name: 'manage', level: 'CAN_MANAGE', verb: 'manage' },
  ],
  defaultAction: 'attach',
  icon: 'layers',
  references: { key: 'test[_-]?pool[_-]?id', id: /^\d{4}-\d{6}-[a-z0-9]{4,20}/, numeric: false, verbs: { edit: 'manage' } },
};
const pool = POOL.name as ObjectKind;

const ME = 'alice@contoso.com';
const alice: Subject = {
  userName: ME,
  groups: [{ id: '1', displayName: 'ml-engineers', externalId: null, path: [`user:${ME}`, 'group:ml-engineers'] }],
  entraGroupIds: [],
  entitlements: ['workspace-access'],
};

/** A workspace that answers from `pages` by path (without the query) and records every path asked for. */
function workspace(pages: Record<string, unknown[]>, asked: string[]): AuthorizedHttp {
  return async ({ path }) => {
    asked.push(path);
    const body = pages[path.split('?')[0]!]?.shift();
    return body === undefined ? { status: 404, headers: {}, body: '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"no"}' } : { status: 200, headers: {}, body: JSON.stringify(body) };
  };
}

describe('object kinds as data: a row is all a new kind needs', () => {
  let registration: { dispose(): void } | undefined;
  beforeEach(() => (registration = registerKind(POOL)));
  afterEach(() => registration?.dispose());

  it('the model evaluates it from its levels and actions', () => {
    const object = (entries: AccessObject['acl']): AccessObject => ({ kind: pool, id: '0101-000000-pool1', name: 'gpu-pool', acl: entries });
    const acl: AccessObject['acl'] = { state: 'readable', entries: [{ principal: 'group:ml-engineers', permissions: [{ level: 'CAN_ATTACH_TO', inherited: false, inheritedFrom: null }] }, { principal: 'user:bob@contoso.com', permissions: [{ level: 'CAN_MANAGE', inherited: false, inheritedFrom: null }] }] };
    assert.equal(requiredLevel(pool, 'manage'), 'CAN_MANAGE');
    const attach = evaluate(alice, object(acl), 'attach' as Action);
    assert.equal(attach.allowed, true);
    assert.equal(attach.granted, 'CAN_ATTACH_TO');
    const manage = evaluate(alice, object(acl), 'manage' as Action);
    assert.equal(manage.allowed, false);
    assert.deepEqual(manage.blockers.map((b) => b.code), ['LEVEL_TOO_LOW']);
    assert.match(manage.summary, /You cannot manage testpool "gpu-pool"/);
    assert.throws(() => evaluate(alice, object(acl), 'restart' as Action), /restart is not an action on a testpool; use one of attach, manage/);
  });

  it('the CLI takes its singular and plural and its actions, and names it in the usage error', () => {
    assert.equal(parseKind('testpools', 'ls'), pool);
    assert.equal(parseKind('testpool', 'why'), pool);
    assert.equal(isAction(pool, 'attach'), true);
    assert.equal(isAction(pool, 'run'), false);
    assert.throws(() => parseKind('gizmos', 'ls'), (e: Error) => e instanceof UsageError && /"access-lens ls clusters", "access-lens ls jobs", .*"access-lens ls pools" or "access-lens ls testpools"/.test(e.message));
    assert.throws(() => parseKind(undefined, 'why'), (e: Error) => e instanceof UsageError && /"access-lens why testpool <id> attach"/.test(e.message));
  });

  it('the workspace client lists it page by page and reads its permissions where the row says', async () => {
    const asked: string[] = [];
    const LIST = '/api/2.0/instance-pools/list';
    const http = workspace({
      [LIST]: [{ instance_pools: [{ instance_pool_id: 'p1', instance_pool_name: 'gpu-pool' }], next_page_token: 't' }, { instance_pools: [{ instance_pool_id: 'p2' }] }],
      '/api/2.0/permissions/instance-pools/p1': [{ access_control_list: [{ group_name: 'ml-engineers', all_permissions: [{ permission_level: 'CAN_ATTACH_TO' }] }] }],
    }, asked);
    const client = new WorkspaceClient('https://w', http, new RequestLimiter({ maxConcurrent: 4, requestsPerSecond: 1000 }));
    const pools = await client.list(pool);
    assert.deepEqual(pools.map((p) => [p.id, p.name]), [['p1', 'gpu-pool'], ['p2', 'Pool p2']]);
    assert.deepEqual(await client.permissions(pool, 'p1'), { state: 'readable', entries: [{ principal: 'group:ml-engineers', permissions: [{ level: 'CAN_ATTACH_TO', inherited: false, inheritedFrom: null }] }] });
    assert.deepEqual(await client.permissions(pool, 'gone'), { state: 'notFound' });
    assert.deepEqual(asked, [`${LIST}?page_size=100`, `${LIST}?page_size=100&page_token=t`, '/api/2.0/permissions/instance-pools/p1', '/api/2.0/permissions/instance-pools/gone']);
    const broken = new WorkspaceClient('https://w', workspace({ [LIST]: [{ instance_pools: [{ instance_pool_name: 'x' }] }] }, []), new RequestLimiter({ maxConcurrent: 4, requestsPerSecond: 1000 }));
    await assert.rejects(broken.list(pool), /The testpool list has an entry without instance_pool_id \(entry 0: keys instance_pool_name\)/);
  });

  it('the reference finder finds its ids with its default action and verbs', () => {
    const found = findReferences('pool = w.instance_pools.edit(test_pool_id="0101-000000-pool1")\nattach(test_pool_id="0101-000000-pool2")');
    assert.deepEqual(found.map((r) => [r.kind, r.id, r.action]), [[pool, '0101-000000-pool1', 'manage'], [pool, '0101-000000-pool2', 'attach']]);
  });

  it('leaves the table as it was once disposed', () => {
    registration?.dispose();
    registration = undefined;
    assert.throws(() => kindRow(pool), /testpool is not a kind of object Access Lens knows; use one of cluster, job, warehouse, endpoint, experiment, model, pipeline, policy, pool, notebook, directory, repo\.$/);
    assert.equal(isAction(pool, 'attach'), false);
    assert.deepEqual(findReferences('test_pool_id="0101-000000-pool1"'), []);
  });
});

describe('actionVerb: the words for an action are the kind\'s own', () => {
  it('says "create clusters with" a policy and "use" a warehouse, though both actions are named use', () => {
    assert.equal(actionVerb('policy', 'use'), 'create clusters with');
    assert.equal(actionVerb('warehouse', 'use'), 'use');
    assert.equal(actionVerb('cluster', 'attach'), 'attach to');
    assert.equal(actionVerb('pool', 'attach'), 'attach to');
  });
});
