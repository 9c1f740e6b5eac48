import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ACTIONS, AccessObject, AclEntry, Subject, evaluate } from '../../../src/core/access';
import { aclKnownComplete } from '../../../src/core/access/completeness';
import { Membership } from '../../../src/core/access/principals';

const USERS = ['alice@contoso.com', 'bob@contoso.com'];
const GROUPS = ['ml', 'ds', 'users', 'admins', 'gpu', 'ops'];
const CLUSTER_LEVELS = ['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'];
const JOB_LEVELS = ['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE', 'IS_OWNER'];

const subject: Subject = {
  userName: 'alice@contoso.com',
  groups: [
    { id: '1', displayName: 'ml', externalId: 'x-ml', path: ['user:alice@contoso.com', 'group:ml'] },
    { id: '2', displayName: 'ds', externalId: null, path: ['user:alice@contoso.com', 'group:ds'] },
  ],
  entraGroupIds: ['x-ml', 'x-gpu'],
};
const directory = (name: string) => (name === 'gpu' ? { displayName: 'gpu', externalId: 'x-gpu' } : undefined);

const kindArb = fc.constantFrom<'cluster' | 'job'>('cluster', 'job');
function entryArb(kind: 'cluster' | 'job') {
  const principal = fc.oneof(fc.constantFrom(...USERS).map((u) => `user:${u}`), fc.constantFrom(...GROUPS).map((g) => `group:${g}`));
  return fc.record({ principal, level: fc.constantFrom(...(kind === 'cluster' ? CLUSTER_LEVELS : JOB_LEVELS)) }).map(({ principal, level }): AclEntry => ({ principal, permissions: [{ level, inherited: false, inheritedFrom: null }] }));
}
const scenarioArb = kindArb.chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    entries: fc.array(entryArb(kind), { maxLength: 6 }),
    extra: entryArb(kind),
    mode: fc.constantFrom(undefined, 'SINGLE_USER', 'USER_ISOLATION'),
    owner: fc.constantFrom(undefined, 'alice@contoso.com', 'bob@contoso.com', 'ml'),
    action: fc.constantFrom(...ACTIONS[kind]),
  }),
);

function object(kind: 'cluster' | 'job', entries: AclEntry[], mode?: string, owner?: string): AccessObject {
  return { kind, id: 'x', name: 'x', acl: { state: 'readable', entries }, dataSecurityMode: kind === 'cluster' ? mode : undefined, singleUserName: owner };
}

describe('access model: properties (fast-check)', () => {
  it('adding a grant never removes access', () => {
    fc.assert(
      fc.property(scenarioArb, ({ kind, entries, extra, mode, owner, action }) => {
        const before = evaluate(subject, object(kind, entries, mode, owner), action, directory);
        const after = evaluate(subject, object(kind, [...entries, extra], mode, owner), action, directory);
        if (before.allowed === true) assert.equal(after.allowed, true);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 2000) },
    );
  });

  it('removing a grant never adds access', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ kind, entries, mode, owner, action }, index) => {
        const before = evaluate(subject, object(kind, entries, mode, owner), action, directory);
        const fewer = entries.filter((_, i) => entries.length === 0 || i !== index % entries.length);
        const after = evaluate(subject, object(kind, fewer, mode, owner), action, directory);
        // Fewer entries may leave a list that is no longer known complete: then "no" becomes "unknown", never "yes".
        if (before.allowed === false) assert.notEqual(after.allowed, true);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 2000) },
    );
  });

  it('is consistent: allowed ⇔ no blockers, and a denial always says why and how to fix it', () => {
    fc.assert(
      fc.property(scenarioArb, ({ kind, entries, mode, owner, action }) => {
        const v = evaluate(subject, object(kind, entries, mode, owner), action, directory);
        assert.equal(v.allowed === true, v.blockers.length === 0);
        if (v.allowed === false) assert.ok(v.remedies.length > 0);
        for (const grant of v.grants) assert.equal(grant.path[0], 'user:alice@contoso.com');
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 2000) },
    );
  });

  it('removing entries never turns "allowed" or "unknown" into a NO_GRANT/LEVEL_TOO_LOW denial unless the list left is known complete', () => {
    const membership = new Membership(subject);
    const denial = (v: { blockers: readonly { code: string }[] }) => v.blockers.some((b) => b.code === 'NO_GRANT' || b.code === 'LEVEL_TOO_LOW');
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), ({ kind, entries, mode, owner, action }, keep) => {
        const full = evaluate(subject, object(kind, entries, mode, owner), action, directory);
        // What a permissions API might hand a non-manager: any part of the list, nothing, or only the entries that reach you.
        const cuts = [entries.filter((_, i) => keep[i]), [], entries.filter((e) => membership.pathTo(e.principal))];
        for (const cut of cuts) {
          const after = evaluate(subject, object(kind, cut, mode, owner), action, directory);
          if (denial(after)) assert.ok(aclKnownComplete(kind, membership, cut), `only a complete list may deny for lack of a grant: ${JSON.stringify(cut)}`);
        }
        // The realistic cuts (nothing, or only yours) never turn a yes or an unknown into a no for lack of a grant.
        for (const cut of cuts.slice(1)) if (full.allowed !== false) assert.ok(!denial(evaluate(subject, object(kind, cut, mode, owner), action, directory)));
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 2000) },
    );
  });
});
