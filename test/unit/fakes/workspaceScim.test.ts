// SCIM and identity endpoints of the fake workspace: Me with direct groups
// only, groups with members and parents, filtering and paging, and
// transitive parent groups through nesting.
import * as assert from 'node:assert/strict';
import { useSandbox } from './helpers/sandboxFixture';

const SCIM = '/api/2.0/preview/scim/v2';

describe('fakes: workspace SCIM and groups', function () {
  this.timeout(10_000);
  const fx = useSandbox({ scenario: 'basic' });
  let token = '';
  before(() => {
    token = fx.sandbox.control.mintDatabricksToken({ userName: 'alice@fabrikam.com' });
  });
  const get = (path: string) => fx.ws(path, { bearer: token });
  const usersGroupId = async (): Promise<string> =>
    (await get(`${SCIM}/Groups?filter=${encodeURIComponent('displayName eq "users"')}`)).json<{ Resources: { id: string }[] }>().Resources[0]!.id;

  it('Me: identity, entitlements and direct groups only', async () => {
    const me = (await get(`${SCIM}/Me`)).json<Record<string, unknown>>();
    assert.equal(me.id, '1000000000000001');
    assert.equal(me.userName, 'alice@fabrikam.com');
    assert.equal(me.displayName, 'Alice Adams');
    assert.deepEqual(me.emails, [{ type: 'work', value: 'alice@fabrikam.com', primary: true }]);
    assert.deepEqual(me.entitlements, [{ value: 'workspace-access' }]);
    // analysts directly, users (every workspace user); not data-team/everyone-data, which come through nesting.
    const users = await usersGroupId();
    assert.deepEqual(me.groups, [
      { display: 'analysts', type: 'direct', value: '2000000000000001', $ref: 'Groups/2000000000000001' },
      { display: 'users', type: 'direct', value: users, $ref: `Groups/${users}` },
    ]);
  });

  it('Groups/{id}: members, parent groups, externalId; a SCIM error for unknown ids', async () => {
    const team = (await get(`${SCIM}/Groups/2000000000000003`)).json<Record<string, unknown>>();
    assert.equal(team.displayName, 'data-team');
    assert.equal(team.externalId, undefined, 'workspace-local groups have no externalId');
    assert.deepEqual(team.members, [{ display: 'analysts', value: '2000000000000001', $ref: 'Groups/2000000000000001' }]);
    assert.deepEqual(team.groups, [{ display: 'everyone-data', type: 'direct', value: '2000000000000004', $ref: 'Groups/2000000000000004' }]);
    const analysts = (await get(`${SCIM}/Groups/2000000000000001`)).json<Record<string, unknown>>();
    assert.equal(analysts.externalId, 'f7775f72-e335-4620-a7b9-25ab3886786d');
    const top = (await get(`${SCIM}/Groups/2000000000000004`)).json<Record<string, unknown>>();
    assert.equal(top.groups, undefined, 'empty multi-valued attributes are left out, as Databricks does');
    const missing = await get(`${SCIM}/Groups/999`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json(), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'Group with id 999 not found.', status: '404' });
  });

  it('Groups: filter by displayName or externalId, page with startIndex/count, project attributes', async () => {
    const byName = (await get(`${SCIM}/Groups?filter=${encodeURIComponent('displayName eq "Data-Team"')}`)).json<{ totalResults: number; Resources: { id: string }[] }>();
    assert.equal(byName.totalResults, 1);
    assert.equal(byName.Resources[0]!.id, '2000000000000003');
    const byExternal = (await get(`${SCIM}/Groups?filter=${encodeURIComponent('externalId eq "76f0f0ca-1299-470a-88c3-a10a74f1462d"')}`)).json<{ Resources: { displayName: string }[] }>();
    assert.equal(byExternal.Resources[0]!.displayName, 'engineers');
    const none = (await get(`${SCIM}/Groups?filter=${encodeURIComponent('displayName eq "nobody"')}`)).json<Record<string, unknown>>();
    assert.equal(none.totalResults, 0);
    assert.equal(none.Resources, undefined);

    const seen: string[] = [];
    for (let start = 1; ; start += 2) {
      const page = (await get(`${SCIM}/Groups?startIndex=${start}&count=2&attributes=displayName`)).json<{ totalResults: number; itemsPerPage: number; Resources?: Record<string, unknown>[] }>();
      for (const g of page.Resources ?? []) {
        assert.deepEqual(Object.keys(g).sort(), ['displayName', 'id']);
        seen.push(String(g.id));
      }
      if (start + 2 > page.totalResults) break;
    }
    assert.equal(seen.length, 6, 'five scenario groups plus the built-in users group');
    assert.equal(new Set(seen).size, 6);

    const bad = await get(`${SCIM}/Groups?filter=${encodeURIComponent('displayName equals x')}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.json().scimType, 'invalidFilter');
  });

  it('transitive-parent-groups: every group reached through nesting, in the SDK shape', async () => {
    const res = (await get('/api/2.0/identity/principals/1000000000000001/transitive-parent-groups')).json<{ transitive_parent_groups: { group_id: string; external_id?: string; account_id: string }[] }>();
    const ids = res.transitive_parent_groups.map((g) => g.group_id);
    assert.equal(ids.length, 4);
    assert.deepEqual(new Set(ids), new Set(['2000000000000001', '2000000000000003', '2000000000000004', await usersGroupId()]));
    assert.equal(res.transitive_parent_groups.find((g) => g.group_id === '2000000000000001')!.external_id, 'f7775f72-e335-4620-a7b9-25ab3886786d');
    assert.equal(res.transitive_parent_groups.find((g) => g.group_id === '2000000000000003')!.external_id, undefined);

    const paged = (await get('/api/2.0/identity/principals/1000000000000001/transitive-parent-groups?page_size=3')).json<{ transitive_parent_groups: unknown[]; next_page_token?: string }>();
    assert.equal(paged.transitive_parent_groups.length, 3);
    const rest = (await get(`/api/2.0/identity/principals/1000000000000001/transitive-parent-groups?page_size=3&page_token=${paged.next_page_token}`)).json<{ transitive_parent_groups: unknown[]; next_page_token?: string }>();
    assert.equal(rest.transitive_parent_groups.length, 1);
    assert.equal(rest.next_page_token, undefined);

    const unknown = await get('/api/2.0/identity/principals/42/transitive-parent-groups');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json().error_code, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('transitive-parent-groups: the knob transitiveGroupsShape serves the other SDK generations and a broken shape', async () => {
    const entries = async () => (await get('/api/2.0/identity/principals/1000000000000001/transitive-parent-groups')).json<{ transitive_parent_groups: Record<string, unknown>[] }>().transitive_parent_groups;
    const synced = (list: Record<string, unknown>[]) => list.find((e) => e.external_id === 'f7775f72-e335-4620-a7b9-25ab3886786d')!;
    try {
      fx.sandbox.control.setKnobs({ transitiveGroupsShape: 'internal_id' });
      assert.deepEqual(synced(await entries()), { internal_id: '2000000000000001', external_id: 'f7775f72-e335-4620-a7b9-25ab3886786d', account_id: synced(await entries()).account_id });
      fx.sandbox.control.setKnobs({ transitiveGroupsShape: 'internal_id-number' });
      assert.equal(synced(await entries()).internal_id, 2000000000000001);
      const raw = (await get('/api/2.0/identity/principals/1000000000000001/transitive-parent-groups')).text;
      assert.match(raw, /"internal_id":\d{16},/);
      assert.doesNotMatch(raw, /"internal_id":"/);
      fx.sandbox.control.setKnobs({ transitiveGroupsShape: 'broken' });
      const broken = await entries();
      assert.equal(broken.length, 4);
      assert.ok(broken.every((e) => e.group_id === undefined && e.internal_id === undefined && typeof e.principal_ref === 'string'));
      assert.throws(() => fx.sandbox.control.setKnobs({ transitiveGroupsShape: 'nope' as 'broken' }), /transitiveGroupsShape/);
    } finally {
      fx.sandbox.control.setKnobs({ transitiveGroupsShape: 'group_id' });
    }
    assert.equal(typeof synced(await entries()).group_id, 'string');
  });
});
