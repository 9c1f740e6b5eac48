/**
 * rowOutcome (src/core/access/outcome.ts) decides what a tree row shows without writing verdicts:
 * it must agree with `evaluate` on every input, or a row would show another verdict than the
 * explanation behind it.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ACTIONS, AccessObject, AclEntry, AclState, Subject, evaluate } from '../../../src/core/access';
import { rowOutcome } from '../../../src/core/access/outcome';

const ME = 'alice@contoso.com';
const GROUPS = ['ml', 'ds', 'users', 'admins', 'gpu', 'ops', 'nested'];
const LEVELS = { cluster: ['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'], job: ['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE', 'IS_OWNER'] };
const directory = (name: string) => (name === 'gpu' ? { displayName: 'gpu', externalId: 'x-gpu' } : name === 'ops' ? { displayName: 'ops', externalId: null } : undefined);

const subjectArb = fc
  .record({
    admin: fc.boolean(),
    entitlements: fc.constantFrom(undefined, ['workspace-access'], ['allow-cluster-create']),
    idpUnknown: fc.boolean(),
  })
  .map(({ admin, entitlements, idpUnknown }): Subject => ({
    userName: ME,
    groups: [
      { id: '1', displayName: 'ml', externalId: 'x-ml', path: [`user:${ME}`, 'group:ml'] },
      { id: '2', displayName: 'ds', externalId: null, path: [`user:${ME}`, 'group:ds'] },
      { id: '3', displayName: 'nested', externalId: null, path: [`user:${ME}`, 'group:ds', 'group:nested'] },
      ...(admin ? [{ id: '4', displayName: 'admins', externalId: null, path: [`user:${ME}`, 'group:admins'] }] : []),
    ],
    entraGroupIds: idpUnknown ? [] : ['x-ml', 'x-gpu'],
    ...(idpUnknown ? { idpGroups: { state: 'unknown', reason: 'no groups claim', howToEnable: 'Add it.' } } : {}),
    ...(entitlements ? { entitlements } : {}),
  }) as Subject);

function entryArb(kind: 'cluster' | 'job') {
  const principal = fc.oneof(fc.constantFrom(ME, 'bob@contoso.com').map((u) => `user:${u}`), fc.constantFrom(...GROUPS).map((g) => `group:${g}`));
  const permission = fc.record({ level: fc.constantFrom(...LEVELS[kind]), inherited: fc.boolean() }).map(({ level, inherited }) => ({ level, inherited, inheritedFrom: inherited ? 'clusters/' : null }));
  return fc.record({ principal, permissions: fc.array(permission, { minLength: 1, maxLength: 2 }) }).map((e): AclEntry => e);
}

const objectArb = fc.constantFrom<'cluster' | 'job'>('cluster', 'job').chain((kind) =>
  fc
    .record({
      acl: fc.oneof(
        fc.array(entryArb(kind), { maxLength: 6 }).map((entries): AclState => ({ state: 'readable', entries })),
        fc.constant<AclState>({ state: 'unreadable', reason: 'HTTP 403' }),
        fc.constant<AclState>({ state: 'notFound' }),
      ),
      mode: fc.constantFrom(undefined, 'SINGLE_USER', 'USER_ISOLATION', 'DATA_SECURITY_MODE_DEDICATED'),
      owner: fc.constantFrom(undefined, ME, 'bob@contoso.com', 'ml'),
      visibilityControl: fc.constantFrom(undefined, true, false),
    })
    .map(({ acl, mode, owner, visibilityControl }): AccessObject => ({
      kind,
      id: 'x-1',
      name: 'x',
      acl,
      ...(kind === 'cluster' ? { dataSecurityMode: mode, singleUserName: owner } : {}),
      evidence: { listed: true, ...(visibilityControl === undefined ? {} : { visibilityControl }) },
    })),
);

describe('rowOutcome', () => {
  it('agrees with evaluate on allowed and the first blocker of every action, the level held and the grant it comes through', () => {
    fc.assert(
      fc.property(subjectArb, objectArb, (subject, object) => {
        const actions = ACTIONS[object.kind];
        const verdicts = actions.map((action) => evaluate(subject, object, action, directory));
        const first = verdicts[0]!;
        const expected = {
          granted: first.granted,
          viaPrincipal: first.grants.find((g) => g.level === first.granted)?.principal ?? null,
          actions: Object.fromEntries(verdicts.map((v) => [v.action, { allowed: v.allowed, blocker: v.blockers[0]?.code }])),
        };
        assert.deepEqual(rowOutcome(subject, object, actions, directory), expected);
      }),
      { numRuns: 3000 },
    );
  });
});
