import * as assert from 'node:assert/strict';
import type { AuthorizedHttp } from '../../../src/core/workspace/authorizedHttp';
import { resolveGroups } from '../../../src/core/workspace/groups';
import type { ScimMe } from '../../../src/core/workspace/scim';
import { groupIdOf, quoteIntegerIds, readTransitivePage } from '../../../src/core/workspace/transitiveGroups';

// alice is in analysts (1), which is in data-team (3), which is in everyone-data (4).
const GROUPS: Record<string, { displayName: string; parents: string[] }> = {
  '1': { displayName: 'analysts', parents: ['3'] },
  '3': { displayName: 'data-team', parents: ['4'] },
  '4': { displayName: 'everyone-data', parents: [] },
};
const me: ScimMe = { id: '100', userName: 'alice@contoso.com', displayName: undefined, entitlements: [], groups: [{ id: '1', displayName: 'analysts' }] };
const TRANSITIVE = '/api/2.0/identity/principals/100/transitive-parent-groups';

/** A workspace that answers Groups/{id} from GROUPS and the transitive API with `transitive` (status 200 unless given). */
function workspace(transitive: unknown, status = 200): { call: AuthorizedHttp; paths: string[] } {
  const paths: string[] = [];
  const call: AuthorizedHttp = async ({ path }) => {
    paths.push(path);
    const json = (s: number, body: unknown) => ({ status: s, headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body) });
    if (path.startsWith(TRANSITIVE)) return json(status, transitive);
    const id = /\/Groups\/(\w+)$/.exec(path)?.[1];
    const group = id ? GROUPS[id] : undefined;
    if (!group) return json(404, { detail: 'no such group', status: '404' });
    return json(200, { id, displayName: group.displayName, ...(group.parents.length ? { groups: group.parents.map((p) => ({ value: p, display: GROUPS[p]!.displayName })) } : {}) });
  };
  return { call, paths };
}

function recorder(): { logger: { info(m: string): void; warn(m: string): void }; lines: string[] } {
  const lines: string[] = [];
  return { lines, logger: { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) } };
}

const names = (groups: readonly { displayName: string }[]) => groups.map((g) => g.displayName).sort();
const ALL = ['analysts', 'data-team', 'everyone-data'];

describe('workspace groups: transitive-parent-groups variants', () => {
  const variants: [string, unknown][] = [
    ['group_id (string)', { transitive_parent_groups: [{ group_id: '1', account_id: 'a' }, { group_id: '3', account_id: 'a' }, { group_id: '4', account_id: 'a' }] }],
    ['group_id (number)', { transitive_parent_groups: [{ group_id: 1 }, { group_id: 3 }, { group_id: 4 }] }],
    ['internal_id (string, as proto JSON writes an int64)', { transitive_parent_groups: [{ internal_id: '1', external_id: 'e1', account_id: 'a' }, { internal_id: '3', account_id: 'a' }, { internal_id: '4', account_id: 'a' }] }],
    ['internal_id (number)', { transitive_parent_groups: [{ internal_id: 1, group_name: 'analysts' }, { internal_id: 3 }, { internal_id: 4 }] }],
  ];
  for (const [variant, answer] of variants) {
    it(`reads nested groups from ${variant} in one call, and logs nothing`, async () => {
      const { call, paths } = workspace(answer);
      const log = recorder();
      const groups = await resolveGroups(call, 'https://w', me, { logger: log.logger });
      assert.deepEqual(names(groups), ALL);
      assert.deepEqual(groups.find((g) => g.displayName === 'everyone-data')?.path, ['user:alice@contoso.com', 'group:analysts', 'group:data-team', 'group:everyone-data']);
      assert.deepEqual(log.lines, []);
      assert.equal(paths.filter((p) => p.startsWith(TRANSITIVE)).length, 1);
    });
  }

  const broken: [string, unknown, RegExp][] = [
    ['entries with the id under an unknown name', { transitive_parent_groups: [{ principal_ref: '1' }, { principal_ref: '3' }] }, /entry 0 has no usable group id \(keys principal_ref; expected group_id or internal_id\)/],
    ['an internal_id that is not an integer', { transitive_parent_groups: [{ internal_id: 1 }, { internal_id: 3.5 }] }, /entry 1 has no usable group id/],
    ['the list under another name', { groups: [{ group_id: '1' }] }, /leaves out 1 of the 1 direct groups SCIM Me lists \(analysts\)/],
    ['a list that is not a list', { transitive_parent_groups: { group_id: '1' } }, /transitive_parent_groups is not a list/],
    ['an answer that is not an object', [{ group_id: '1' }], /not a JSON object \(an array\)/],
    ['an answer that is not JSON', '<html>sign in</html>', /not JSON/],
  ];
  for (const [what, answer, reason] of broken) {
    it(`falls back to the SCIM walk on ${what}, and logs why`, async () => {
      const { call, paths } = workspace(answer);
      const log = recorder();
      const groups = await resolveGroups(call, 'https://w', me, { logger: log.logger });
      assert.deepEqual(names(groups), ALL, 'no group lost');
      assert.equal(log.lines.length, 1, log.lines.join('\n'));
      assert.match(log.lines[0]!, /^warn Could not read the answer of https:\/\/w\/api\/2\.0\/identity\/principals\/100\/transitive-parent-groups: /);
      assert.match(log.lines[0]!, reason);
      assert.match(log.lines[0]!, /through SCIM Groups\/\{id\} instead/);
      assert.ok(paths.includes('/api/2.0/preview/scim/v2/Groups/4'), 'the walk reached the outermost group');
    });
  }

  it('keeps every digit of an internal_id number past 2^53 (16-digit ids), which JSON.parse would round to another id', async () => {
    const big = '9007199254740993'; // 2^53 + 1: JSON.parse reads 9007199254740992
    const { call } = workspace({});
    const answer = `{"transitive_parent_groups": [{"internal_id": 1}, {"internal_id" : ${big} , "account_id": "a"}]}`;
    const withBig: AuthorizedHttp = async (request) => {
      if (request.path.startsWith(TRANSITIVE)) return { status: 200, headers: {}, body: answer };
      if (request.path.endsWith(`/Groups/${big}`)) return { status: 200, headers: {}, body: JSON.stringify({ id: big, displayName: 'big' }) };
      return call(request);
    };
    const log = recorder();
    const groups = await resolveGroups(withBig, 'https://w', me, { logger: log.logger });
    assert.deepEqual(groups.map((g) => g.id).sort(), ['1', big]);
    assert.deepEqual(log.lines, []);
  });

  it('logs (info) why it walks when the API is not there', async () => {
    const { call } = workspace({ error_code: 'ENDPOINT_NOT_FOUND', message: 'No API found' }, 404);
    const log = recorder();
    assert.deepEqual(names(await resolveGroups(call, 'https://w', me, { logger: log.logger })), ALL);
    assert.deepEqual(log.lines.map((l) => l.replace(/ .*?\(/, ' (')), ['info (HTTP 404 ENDPOINT_NOT_FOUND); reading nested groups through SCIM Groups/{id} instead.']);
  });

  it('an empty answer ({}) is "no groups" for a user without direct groups', async () => {
    const { call } = workspace({});
    const log = recorder();
    assert.deepEqual(await resolveGroups(call, 'https://w', { ...me, groups: [] }, { logger: log.logger }), []);
    assert.deepEqual(log.lines, []);
  });

  it('the walk refuses a parent list it cannot read instead of losing the parents', async () => {
    const { call } = workspace({}, 404);
    const odd: AuthorizedHttp = async (request) =>
      request.path.endsWith('/Groups/1') ? { status: 200, headers: {}, body: JSON.stringify({ id: '1', displayName: 'analysts', groups: [{ ref: '3' }] }) } : call(request);
    await assert.rejects(resolveGroups(odd, 'https://w', me), (e: Error & { code?: string }) => e.code === 'SERVER_ERROR' && /Cannot read the parent groups of group analysts: parent 0 has no usable value.*nested groups are unknown/.test(e.message));
  });
});

describe('transitive-parent-groups page reader', () => {
  it('takes string and number ids, the page token, and treats a missing list as empty', () => {
    assert.deepEqual(readTransitivePage({ transitive_parent_groups: [{ group_id: '7', external_id: 'e7' }, { internal_id: 8, external_id: '' }, { internal_id: '9' }], next_page_token: 't' }), { ok: true, ids: ['7', '8', '9'], externalIds: ['e7', null, null], nextPageToken: 't' });
    assert.deepEqual(readTransitivePage({ next_page_token: '' }), { ok: true, ids: [], externalIds: [], nextPageToken: undefined });
  });
  it('reads an external_id it cannot use (a number, an object) as unknown, never as a workspace-local group', () => {
    assert.deepEqual(readTransitivePage({ transitive_parent_groups: [{ group_id: '7', external_id: 42 }, { group_id: '8', external_id: { id: 'e8' } }, { group_id: '9', external_id: null }] }), {
      ok: true,
      ids: ['7', '8', '9'],
      externalIds: [undefined, undefined, null],
      nextPageToken: undefined,
    });
  });
  it('settles your groups early only when each direct group\'s external id is read: an unusable one waits for the details', async () => {
    for (const [externalId, early] of [['e1', true], [undefined, true], [42, false]] as const) {
      const { call } = workspace({ transitive_parent_groups: [{ group_id: '1', ...(externalId === undefined ? {} : { external_id: externalId }) }] });
      const told: unknown[] = [];
      await resolveGroups(call, 'https://w', me, { onMembership: (groups) => told.push(groups) });
      assert.equal(told.length, early ? 1 : 0, `external_id ${String(externalId)}`);
    }
  });
  it('quotes integer ids in the text, and only those', () => {
    assert.equal(quoteIntegerIds('{"internal_id": 12345678901234567890, "group_id":7}'), '{"internal_id": "12345678901234567890", "group_id":"7"}');
    assert.equal(quoteIntegerIds('{"internal_id": 1.5, "count": 3, "name": "\\"group_id\\": 4"}'), '{"internal_id": 1.5, "count": 3, "name": "\\"group_id\\": 4"}');
    assert.equal(readTransitivePage({ transitive_parent_groups: [{ internal_id: 2 ** 60 }] }).ok, false, 'a rounded number is never taken as an id');
  });
  it('rejects a page token that is not a string and ids that are not ids', () => {
    assert.equal(readTransitivePage({ next_page_token: 5 }).ok, false);
    for (const bad of [null, '', ' 1', '1/../2', -1, 1.5, true, {}, 2 ** 53 + 2]) assert.equal(groupIdOf(bad), undefined, String(bad));
    assert.equal(groupIdOf('2000000000000001'), '2000000000000001');
    assert.equal(groupIdOf(2000000000000001), '2000000000000001');
  });
});

describe('workspace groups: entitlements (why cluster-create reads them)', () => {
  /** Groups/{id} answers with `entitlements` as given for analysts; the transitive API lists analysts alone. */
  function withEntitlements(entitlements: unknown): AuthorizedHttp {
    return async ({ path }) => {
      const body = path.startsWith(TRANSITIVE) ? { transitive_parent_groups: [{ group_id: '1' }] } : { id: '1', displayName: 'analysts', ...(entitlements === undefined ? {} : { entitlements }) };
      return { status: 200, headers: {}, body: JSON.stringify(body) };
    };
  }
  it('reads them, and none when SCIM leaves the attribute out', async () => {
    const [read] = await resolveGroups(withEntitlements([{ value: 'allow-cluster-create' }, { value: 'workspace-access' }]), 'https://w', me);
    assert.deepEqual([read?.entitlements, read?.entitlementsUnreadable], [['allow-cluster-create', 'workspace-access'], undefined]);
    const [none] = await resolveGroups(withEntitlements(undefined), 'https://w', me);
    assert.deepEqual([none?.entitlements, none?.entitlementsUnreadable], [[], undefined]);
  });
  it('says why they are unreadable instead of an empty list that would read as a deny', async () => {
    const [notList] = await resolveGroups(withEntitlements({ value: 'allow-cluster-create' }), 'https://w', me);
    assert.equal(notList?.entitlementsUnreadable, 'its entitlements are not a list');
    const [noValue] = await resolveGroups(withEntitlements([{ value: 'workspace-access' }, { display: 'allow-cluster-create' }]), 'https://w', me);
    assert.deepEqual([noValue?.entitlements, noValue?.entitlementsUnreadable], [['workspace-access'], 'entitlement 1 has no usable value']);
  });
});
