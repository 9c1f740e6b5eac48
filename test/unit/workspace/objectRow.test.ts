/**
 * The compact row kept per object (src/core/workspace/objectRow.ts): the fields the tree and `ls`
 * read, and the full verdicts built again only when someone reads them.
 */
import * as assert from 'node:assert/strict';
import { AccessObject, Subject, Verdict, evaluate } from '../../../src/core/access';
import { rowOutcome } from '../../../src/core/access/outcome';
import { compactRow, evaluatedRow } from '../../../src/core/workspace/objectRow';

const subject: Subject = {
  userName: 'alice@contoso.com',
  groups: [{ id: '1', displayName: 'data-eng', externalId: 'e-1', path: ['user:alice@contoso.com', 'group:data-eng'] }],
  entraGroupIds: ['e-1'],
};
const cluster: AccessObject = {
  kind: 'cluster',
  id: 'c-1',
  name: 'shared',
  acl: { state: 'readable', entries: [{ principal: 'group:data-eng', permissions: [{ level: 'CAN_ATTACH_TO', inherited: false, inheritedFrom: null }] }] },
};

describe('compactRow', () => {
  it('keeps level, via, allowed and the first blocker per action, and builds the full verdicts once when read', () => {
    let evaluations = 0;
    const evaluateAll = (): Record<string, Verdict> => {
      evaluations++;
      return Object.fromEntries((['attach', 'restart', 'manage'] as const).map((a) => [a, evaluate(subject, cluster, a, () => undefined)]));
    };
    const row = compactRow('cluster', { id: 'c-1', name: 'shared', creator: undefined }, evaluateAll);
    assert.equal(evaluations, 1);
    assert.deepEqual([row.kind, row.id, row.name, row.level, row.via], ['cluster', 'c-1', 'shared', 'CAN_ATTACH_TO', 'data-eng']);
    assert.equal(row.allowed.attach, true);
    assert.notEqual(row.allowed.restart, true);
    const full = row.verdicts;
    for (const action of ['attach', 'restart', 'manage']) {
      assert.equal(row.allowed[action], full[action]?.allowed);
      assert.equal(row.blocker[action], full[action]?.blockers[0]?.code);
    }
    assert.equal(typeof row.blocker.restart, 'string');
    assert.equal(row.verdicts, row.verdicts);
    assert.equal(evaluations, 2, 'the full verdicts are built once more, on the first read, then kept');
  });

  it('is a class instance whose verdicts getter lives on the prototype, not an accessor on each row (V8 keeps those as dictionaries)', () => {
    const row = compactRow('cluster', { id: 'c-1', name: 'shared', creator: undefined }, () => ({ attach: evaluate(subject, cluster, 'attach', () => undefined) }));
    assert.equal(Object.getOwnPropertyDescriptor(row, 'verdicts'), undefined);
    assert.notEqual(Object.getPrototypeOf(row), Object.prototype);
  });
});

describe('compactRow sharing', () => {
  it('rows with the same verdicts share their allowed and blocker records; different verdicts do not', () => {
    const verdicts = (object: AccessObject) => () => ({ attach: evaluate(subject, object, 'attach', () => undefined), restart: evaluate(subject, object, 'restart', () => undefined) });
    const a = compactRow('cluster', { id: 'c-1', name: 'a', creator: undefined }, verdicts(cluster));
    const b = compactRow('cluster', { id: 'c-2', name: 'b', creator: undefined }, verdicts({ ...cluster, id: 'c-2' }));
    const none = compactRow('cluster', { id: 'c-3', name: 'c', creator: undefined }, verdicts({ ...cluster, id: 'c-3', acl: { state: 'readable', entries: [] } }));
    assert.equal(b.allowed, a.allowed);
    assert.equal(b.blocker, a.blocker);
    assert.notEqual(none.allowed, a.allowed);
    assert.notEqual(none.allowed.attach, true);
    assert.equal(a.allowed.attach, true);
  });
});

describe('evaluatedRow', () => {
  it('keeps its inputs and the shared evaluator, no closure per row, and builds full verdicts only when they are read', () => {
    const calls: unknown[][] = [];
    const evaluator = {
      all: (...args: unknown[]): Record<string, Verdict> => {
        calls.push(args);
        return { attach: evaluate(subject, cluster, 'attach', () => undefined) };
      },
      outcome: () => rowOutcome(subject, cluster, ['attach'], () => undefined),
    };
    const summary = { id: 'c-1', name: 'shared', creator: undefined };
    const row = evaluatedRow('cluster', summary, cluster.acl, evaluator);
    assert.deepEqual([row.level, row.via, row.allowed.attach], ['CAN_ATTACH_TO', 'data-eng', true]);
    assert.equal(Object.values(row).filter((v) => typeof v === 'function').length, 0, 'no function kept per row');
    // Filling 100,000 objects wrote ~5 KB of verdicts per object only to keep these fields (docs/architecture.md).
    assert.equal(calls.length, 0, 'no full verdict built for the row');
    assert.equal(row.verdicts.attach?.allowed, true);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0], ['cluster', summary, cluster.acl]);
  });
});

describe('compactRow size', () => {
  it('keeps only its kind, its summary and a shared outcome per row: id, name, level, via, allowed and blocker are read through them', () => {
    const verdicts = (object: AccessObject) => () => ({ attach: evaluate(subject, object, 'attach', () => undefined) });
    const summary = { id: 'c-1', name: 'a', creator: undefined };
    const a = compactRow('cluster', summary, verdicts(cluster));
    const b = compactRow('cluster', { id: 'c-2', name: 'b', creator: undefined }, verdicts({ ...cluster, id: 'c-2' }));
    for (const field of ['id', 'name', 'level', 'via', 'allowed', 'blocker', 'verdicts']) assert.equal(Object.getOwnPropertyDescriptor(a, field), undefined, `${field} is not a field of each row`);
    assert.ok(Object.keys(a).length <= 4, `own fields: ${Object.keys(a).join(', ')}`);
    assert.deepEqual([a.id, a.name, b.id, b.name, a.level, b.level, a.via, b.via], ['c-1', 'a', 'c-2', 'b', 'CAN_ATTACH_TO', 'CAN_ATTACH_TO', 'data-eng', 'data-eng']);
    assert.equal(b.allowed, a.allowed);
    // A different level (or via) is a different outcome.
    const manager = compactRow('cluster', { id: 'c-3', name: 'c', creator: undefined }, verdicts({ ...cluster, id: 'c-3', acl: { state: 'readable', entries: [{ principal: 'user:alice@contoso.com', permissions: [{ level: 'CAN_MANAGE', inherited: false, inheritedFrom: null }] }] } }));
    assert.deepEqual([manager.level, manager.via, manager.allowed.attach], ['CAN_MANAGE', 'a direct grant', true]);
  });
});
