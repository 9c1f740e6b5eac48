import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { UC_KINDS, UC_REQUIREMENTS, judgeChain } from '../../../src/core/catalog';
import type { ChainFacts, EffectivePrivilege, SecurableFacts, SecurableRef, UcKind } from '../../../src/core/catalog/types';
import { ME, subject } from './chainFixtures';

const PRIVILEGES = ['USE_CATALOG', 'USE_SCHEMA', 'SELECT', 'MODIFY', 'READ_VOLUME', 'WRITE_VOLUME', 'EXECUTE', 'CREATE_TABLE', 'ALL_PRIVILEGES', 'MANAGE'];
const PRINCIPALS = [ME, 'ds', 'ml-all', 'other-group', 'bob@contoso.com', 'account users'];
const OWNERS = [null, ME, 'ml', 'someone-else'];

function chainRefs(kind: UcKind): SecurableRef[] {
  const depth = UC_REQUIREMENTS[kind].depth;
  const refs: SecurableRef[] = [{ kind: 'catalog', fullName: 'main' }, { kind: 'schema', fullName: 'main.s' }, { kind, fullName: 'main.s.o' }];
  return depth === 0 ? [{ kind: 'catalog', fullName: 'main' }] : depth === 1 ? refs.slice(0, 2) : refs;
}

function privilegeArb(refs: SecurableRef[], index: number) {
  const above = refs.slice(0, index);
  return fc.record({
    privilege: fc.constantFrom(...PRIVILEGES),
    principal: fc.constantFrom(...PRINCIPALS),
    inheritedFrom: above.length > 0 ? fc.option(fc.constantFrom(...above), { nil: null }) : fc.constant(null),
  }) as fc.Arbitrary<EffectivePrivilege>;
}

function stepArb(refs: SecurableRef[], index: number) {
  const ref = refs[index] as SecurableRef;
  return fc.record({
    ref: fc.constant(ref),
    owner: fc.constantFrom(...OWNERS),
    effective: fc.option(fc.array(privilegeArb(refs, index), { maxLength: 5 }), { nil: null, freq: 4 }),
    grants: fc.constant([]),
    ...(index === 0 ? { boundToThisWorkspace: fc.constantFrom(true, true, true, false, null) } : {}),
    rowFilter: fc.boolean(),
  }) as fc.Arbitrary<SecurableFacts>;
}

const scenarioArb = fc.constantFrom(...UC_KINDS).chain((kind) => {
  const refs = chainRefs(kind);
  return fc.record({
    facts: fc.record({
      subject: fc.constant(subject),
      object: fc.constant(refs[refs.length - 1] as SecurableRef),
      action: fc.constantFrom(...UC_REQUIREMENTS[kind].actions.map((a) => a.name)),
      steps: fc.tuple(...refs.map((_, i) => stepArb(refs, i))),
    }) as fc.Arbitrary<ChainFacts>,
    at: fc.nat(),
    extra: fc.nat().chain((n) => privilegeArb(refs, n % refs.length).map((p) => ({ index: n % refs.length, privilege: p }))),
  });
});

function withStep(facts: ChainFacts, index: number, change: (s: SecurableFacts) => SecurableFacts): ChainFacts {
  return { ...facts, steps: facts.steps.map((s, i) => (i === index ? change(s) : s)) };
}

const RUNS = { numRuns: Number(process.env.PROP_RUNS ?? 2000) };

describe('Unity Catalog chain: properties (fast-check)', () => {
  it('granting a privilege anywhere never removes access', () => {
    fc.assert(
      fc.property(scenarioArb, ({ facts, extra }) => {
        const before = judgeChain(facts);
        // A privilege can only be added where the privileges were read: an unread list stays unread.
        const after = judgeChain(withStep(facts, extra.index, (s) => (s.effective === null ? s : { ...s, effective: [...s.effective, extra.privilege] })));
        if (before.allowed === true) assert.equal(after.allowed, true);
        if (before.allowed === null) assert.notEqual(after.allowed, false, 'a grant turned an unknown into a "no"');
      }),
      RUNS,
    );
  });

  it('revoking a privilege never adds access', () => {
    fc.assert(
      fc.property(scenarioArb, ({ facts, at }) => {
        const before = judgeChain(facts);
        const withEffective = facts.steps.map((s, i) => ({ s, i })).filter(({ s }) => (s.effective?.length ?? 0) > 0);
        const target = withEffective[at % Math.max(1, withEffective.length)];
        if (!target) return;
        const index = at % (target.s.effective?.length ?? 1);
        const after = judgeChain(withStep(facts, target.i, (s) => ({ ...s, effective: (s.effective ?? []).filter((_, j) => j !== index) })));
        if (before.allowed === false) assert.equal(after.allowed, false);
        if (before.allowed === null) assert.notEqual(after.allowed, true, 'a revoke turned an unknown into a "yes"');
      }),
      RUNS,
    );
  });

  it('an unknown link or an unknown binding never yields allowed: true, and a missing link always yields false', () => {
    fc.assert(
      fc.property(scenarioArb, ({ facts }) => {
        const v = judgeChain(facts);
        const bound = facts.steps[0]?.boundToThisWorkspace;
        if (v.chain.some((l) => l.held === null) || bound === null || bound === undefined) assert.notEqual(v.allowed, true);
        if (v.chain.some((l) => l.held === false) || bound === false) assert.equal(v.allowed, false);
        if (v.allowed === true) assert.ok(v.chain.every((l) => l.held === true) && v.blockers.length === 0 && v.remedies.length === 0);
        if (v.allowed === false) assert.ok(v.blockers.some((b) => b.code === 'PRIVILEGE_MISSING' || b.code === 'CATALOG_NOT_BOUND'));
        if (v.allowed === null) assert.ok(v.blockers.length > 0 && v.remedies.length > 0);
      }),
      RUNS,
    );
  });

  it('making a link unreadable never turns a "no" into a "yes", nor a "yes" into a "no"', () => {
    fc.assert(
      fc.property(scenarioArb, ({ facts, at }) => {
        const index = at % facts.steps.length;
        const before = judgeChain(facts);
        const after = judgeChain(withStep(facts, index, (s) => ({ ...s, effective: null, unreadableReason: 'refused' })));
        if (before.allowed === false) assert.notEqual(after.allowed, true);
        if (before.allowed === true) assert.notEqual(after.allowed, false);
      }),
      RUNS,
    );
  });

  it('MANAGE alone never holds a link, and each held link names how it is held', () => {
    fc.assert(
      fc.property(scenarioArb, ({ facts }) => {
        const v = judgeChain(facts);
        for (const [i, link] of v.chain.entries()) {
          if (link.held !== true) {
            assert.equal(link.via, null);
            continue;
          }
          assert.match(link.via ?? '', /^(owner|user:.+|group:.+|inherited:(catalog|schema):.+)$/);
          const step = facts.steps.find((s) => `${s.ref.kind}:${s.ref.fullName}` === link.securable);
          const onlyManage = step?.owner !== ME && step?.owner !== 'ml' && (step?.effective ?? []).every((e) => e.privilege === 'MANAGE' || (e.privilege !== link.privilege && e.privilege !== 'ALL_PRIVILEGES'));
          assert.ok(!onlyManage, `link ${i} held by MANAGE alone`);
        }
      }),
      RUNS,
    );
  });
});
