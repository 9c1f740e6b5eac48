// The Permissions API of the fake workspace (ACL shape, implicit grants,
// unreadable ACLs), rate limiting with Retry-After, and injected faults in
// each Databricks error shape.
import * as assert from 'node:assert/strict';
import { useSandbox } from './helpers/sandboxFixture';

describe('fakes: workspace permissions, rate limits and error shapes', function () {
  this.timeout(10_000);
  const fx = useSandbox({ scenario: 'basic' });
  const tokens: Record<string, string> = {};
  before(() => {
    for (const user of ['alice@fabrikam.com', 'bob@fabrikam.com']) tokens[user] = fx.sandbox.control.mintDatabricksToken({ userName: user });
  });
  const get = (path: string, user = 'alice@fabrikam.com') => fx.ws(path, { bearer: tokens[user] });
  afterEach(() => {
    fx.sandbox.control.clearFaults();
    fx.sandbox.control.setKnobs({ rateLimit: null });
  });

  it('shows a cluster ACL with the creator, explicit grants and admins inherited from /clusters/', async () => {
    const res = await get('/api/2.0/permissions/clusters/0101-000000-aaaa0001');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), {
      object_id: '/clusters/0101-000000-aaaa0001',
      object_type: 'cluster',
      access_control_list: [
        { user_name: 'bob@fabrikam.com', display_name: 'Bob Brown', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: false }] },
        { group_name: 'data-team', all_permissions: [{ permission_level: 'CAN_ATTACH_TO', inherited: false }] },
        { group_name: 'admins', all_permissions: [{ permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: ['/clusters/'] }] },
      ],
    });
  });

  it('shows a job ACL with IS_OWNER and admins inherited from /jobs/', async () => {
    const body = (await get('/api/2.0/permissions/jobs/3002')).json<{ object_id: string; object_type: string; access_control_list: Record<string, unknown>[] }>();
    assert.equal(body.object_id, '/jobs/3002');
    assert.equal(body.object_type, 'job');
    assert.deepEqual(body.access_control_list[0], { user_name: 'alice@fabrikam.com', display_name: 'Alice Adams', all_permissions: [{ permission_level: 'IS_OWNER', inherited: false }] });
    assert.deepEqual(body.access_control_list[1], { group_name: 'everyone-data', all_permissions: [{ permission_level: 'CAN_MANAGE_RUN', inherited: false }] });
    const levels = (await get('/api/2.0/permissions/jobs/3002/permissionLevels')).json<{ permission_levels: { permission_level: string }[] }>();
    assert.deepEqual(levels.permission_levels.map((l) => l.permission_level), ['CAN_VIEW', 'CAN_MANAGE_RUN', 'IS_OWNER', 'CAN_MANAGE']);
  });

  it('refuses unreadable ACLs to non-managers (403 PERMISSION_DENIED) but shows them to managers and admins', async () => {
    const denied = await get('/api/2.0/permissions/jobs/3003');
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.json(), {
      error_code: 'PERMISSION_DENIED',
      message: 'alice@fabrikam.com does not have Manage permissions on Job with ID: ElasticJobId(3003). Please contact the owner or an administrator for access.',
    });
    const cluster = await get('/api/2.0/permissions/clusters/0101-000000-aaaa0003');
    assert.match(cluster.json().message as string, /does not have Manage permissions on engineers-only/);
    assert.equal((await get('/api/2.0/permissions/jobs/3003', 'bob@fabrikam.com')).status, 200, 'bob owns it and is an admin');

    fx.sandbox.control.setKnobs({ aclReadableBy: 'managers' });
    try {
      assert.equal((await get('/api/2.0/permissions/jobs/3001')).status, 403, 'the global knob applies to every object');
    } finally {
      fx.sandbox.control.setKnobs({ aclReadableBy: 'anyone' });
    }
    const missing = await get('/api/2.0/permissions/clusters/0000-000000-nothere0');
    assert.equal(missing.status, 404);
    assert.equal(missing.json().error_code, 'RESOURCE_DOES_NOT_EXIST');
  });

  it('cuts the ACL down for non-managers in the "own" and "empty" modes; a direct manager still reads it whole', async () => {
    const acl = async (path: string, user = 'alice@fabrikam.com') => {
      const res = await get(path, user);
      assert.equal(res.status, 200, path);
      return res.json<{ access_control_list: { user_name?: string; group_name?: string }[] }>().access_control_list;
    };
    try {
      fx.sandbox.control.setKnobs({ aclReadableBy: 'own' });
      assert.deepEqual(await acl('/api/2.0/permissions/clusters/0101-000000-aaaa0001'), [], 'her grant comes through data-team: not shown');
      assert.deepEqual((await acl('/api/2.0/permissions/clusters/0101-000000-aaaa0002')).map((e) => e.user_name), ['alice@fabrikam.com'], 'only her own entry');
      assert.equal((await acl('/api/2.0/permissions/clusters/0101-000000-aaaa0001', 'bob@fabrikam.com')).length, 3, 'the creator reads it whole');
      fx.sandbox.control.setKnobs({ aclReadableBy: 'empty' });
      assert.deepEqual(await acl('/api/2.0/permissions/clusters/0101-000000-aaaa0002'), []);
      assert.equal((await acl('/api/2.0/permissions/jobs/3002')).length, 3, 'alice owns 3002');
    } finally {
      fx.sandbox.control.setKnobs({ aclReadableBy: 'anyone' });
    }
  });

  it('rate-limits permissions calls with 429 REQUEST_LIMIT_EXCEEDED and Retry-After', async () => {
    fx.sandbox.control.setKnobs({ rateLimit: { requestsPerSecond: 5, retryAfterSec: 2 } });
    const responses = await Promise.all(Array.from({ length: 12 }, () => get('/api/2.0/permissions/clusters/0101-000000-aaaa0001')));
    const limited = responses.filter((r) => r.status === 429);
    assert.equal(responses.filter((r) => r.status === 200).length, 5);
    assert.equal(limited.length, 7);
    assert.equal(limited[0]!.headers['retry-after'], '2');
    assert.equal(limited[0]!.json().error_code, 'REQUEST_LIMIT_EXCEEDED');
    assert.equal((await get('/api/2.0/preview/scim/v2/Me')).status, 200, 'other paths are not limited');
  });

  it('injects faults in each Databricks error shape', async () => {
    const c = fx.sandbox.control;
    const path = '/api/2.1/clusters/list';
    c.injectFault({ target: 'workspace', path, status: 403, style: 'html', message: 'User not authorized.' });
    const html = await get(path);
    assert.equal(html.status, 403);
    assert.match(html.text, /<title>Error 403 User not authorized\.<\/title>/);

    c.injectFault({ target: 'workspace', path, status: 403, style: 'json-numeric', message: 'Invalid access token.' });
    assert.deepEqual((await get(path)).json(), { error_code: 403, message: 'Invalid access token.' });

    c.injectFault({ target: 'workspace', path, status: 503, retryAfterSec: 3 });
    const unavailable = await get(path);
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.headers['retry-after'], '3');
    assert.equal(unavailable.json().error_code, 'TEMPORARILY_UNAVAILABLE');

    c.injectFault({ target: 'workspace', path: '/api/2.0/preview/scim/v2/', status: 500, style: 'scim', message: 'Internal error' });
    assert.deepEqual((await get('/api/2.0/preview/scim/v2/Me')).json(), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: 'Internal error', status: '500' });

    c.injectFault({ target: 'workspace', path: '/oidc/v1/token', status: 400, style: 'oauth', errorCode: 'invalid_request', message: 'Refresh token is invalid' });
    assert.deepEqual((await fx.ws('/oidc/v1/token', { body: {} })).json(), { error: 'invalid_request', error_description: 'Refresh token is invalid' });

    assert.equal((await get(path)).status, 200, 'each fault fired once');
    assert.throws(() => c.injectFault({ target: 'workspace', path: 'api', status: 200 } as never), /fault\.path: expected a path prefix starting with \/[\s\S]*fault\.status: must be at least 400/);
  });
});
