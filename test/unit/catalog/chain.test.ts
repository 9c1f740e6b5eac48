import * as assert from 'node:assert/strict';
import { UC_KINDS, UC_REQUIREMENTS, chainRefs, judgeChain } from '../../../src/core/catalog';
import { grantStatement, quoteIdentifier } from '../../../src/core/catalog/grantSql';
import type { SecurableFacts } from '../../../src/core/catalog/types';
import { CATALOG, ME, SCHEMA, TABLE, factsFor, held, step, subject, tableFacts } from './chainFixtures';

const chainOf = (facts: Parameters<typeof judgeChain>[0]) => judgeChain(facts).chain.map((l) => [l.privilege, l.held, l.via]);

describe('Unity Catalog chain: table of cases', () => {
  it('allows select when every link is held directly, and says through what', () => {
    const v = judgeChain(tableFacts());
    assert.equal(v.allowed, true);
    assert.equal(v.required, 'SELECT');
    assert.deepEqual(v.granted, ['SELECT', 'MODIFY']);
    assert.deepEqual(chainOf(tableFacts()), [
      ['USE_CATALOG', true, `user:${ME}`],
      ['USE_SCHEMA', true, `user:${ME}`],
      ['SELECT', true, `user:${ME}`],
    ]);
    assert.deepEqual(v.chain[0]?.securable, 'catalog:main');
    assert.deepEqual(v.blockers, []);
    assert.deepEqual(v.remedies, []);
    assert.match(v.summary, /^You can select from table main\.features\.churn \(USE CATALOG granted to you directly; USE SCHEMA granted to you directly; SELECT granted to you directly\)\.$/);
  });

  it('counts a grant to a group, and to a nested group with its membership path', () => {
    const facts = tableFacts({ schema: { effective: [held('USE_SCHEMA', 'ds')] }, table: { effective: [held('SELECT', 'ml-all')] } });
    const v = judgeChain(facts);
    assert.equal(v.allowed, true);
    assert.deepEqual(v.chain.map((l) => l.via), [`user:${ME}`, 'group:ds', 'group:ml-all']);
    assert.match(v.summary, /SELECT via group ml-all \(you → ml → ml-all\)/);
  });

  it('counts a privilege inherited from the catalog or schema above', () => {
    const facts = tableFacts({ schema: { effective: [held('USE_SCHEMA', 'ds', CATALOG)] }, table: { effective: [held('SELECT', 'ds', SCHEMA)] } });
    const v = judgeChain(facts);
    assert.equal(v.allowed, true);
    assert.deepEqual(v.chain.map((l) => l.via), [`user:${ME}`, 'inherited:catalog:main', 'inherited:schema:main.features']);
    assert.match(v.summary, /SELECT inherited from schema main\.features \(group ds\)/);
  });

  it('counts ownership by you or a group of yours, even where your privileges could not be read', () => {
    const mine = judgeChain(tableFacts({ table: { owner: ME, effective: [] } }));
    assert.equal(mine.allowed, true);
    assert.equal(mine.chain[2]?.via, 'owner');
    const group = judgeChain(tableFacts({ table: { owner: 'ml-all', effective: null, unreadableReason: '403' } }));
    assert.equal(group.allowed, true);
    assert.equal(group.chain[2]?.via, 'owner');
    assert.match(group.summary, /SELECT as owner \(through group ml-all\)/);
  });

  it('ownership of the schema does not give SELECT on its tables (only the right to grant it)', () => {
    const v = judgeChain(tableFacts({ schema: { owner: ME }, table: { effective: [] } }));
    assert.equal(v.allowed, false);
    assert.equal(v.chain[2]?.held, false);
    assert.match(v.remedies.join('\n'), /You can grant SELECT on table main\.features\.churn yourself \(you own or manage it, or own the schema or catalog above it\): GRANT SELECT ON TABLE `main`\.`features`\.`churn` TO `alice@contoso\.com`/);
  });

  it('counts ALL_PRIVILEGES for any privilege', () => {
    const v = judgeChain(tableFacts({ table: { effective: [held('ALL_PRIVILEGES', 'ml')] } }));
    assert.equal(v.allowed, true);
    assert.match(v.summary, /SELECT via group ml \(ALL PRIVILEGES\)/);
  });

  it('does not count MANAGE as SELECT (Databricks: it lets you grant yourself, it does not give the privilege)', () => {
    const v = judgeChain(tableFacts({ table: { effective: [held('MANAGE', 'ml')] } }));
    assert.equal(v.allowed, false);
    assert.equal(v.blockers[0]?.code, 'PRIVILEGE_MISSING');
    assert.match(v.blockers[0]?.message ?? '', /You hold MANAGE there/);
    assert.match(v.remedies[0] ?? '', /You can grant SELECT on table main\.features\.churn yourself .*: GRANT SELECT ON TABLE/);
  });

  for (const [index, level] of [[0, 'catalog'], [1, 'schema'], [2, 'table']] as const) {
    it(`denies with PRIVILEGE_MISSING naming the ${level} when its link is missing`, () => {
      const facts = tableFacts({ [level]: { effective: [] } });
      const v = judgeChain(facts);
      assert.equal(v.allowed, false);
      assert.equal(v.chain[index]?.held, false);
      assert.equal(v.chain[index]?.via, null);
      assert.equal(v.blockers.length, 1);
      assert.equal(v.blockers[0]?.code, 'PRIVILEGE_MISSING');
      const [privilege, name] = [['USE CATALOG', 'catalog main'], ['USE SCHEMA', 'schema main.features'], ['SELECT', 'table main.features.churn']][index] as [string, string];
      assert.match(v.blockers[0]?.message ?? '', new RegExp(`You do not hold ${privilege} on ${name.replace(/\./g, '\\.')}`));
      assert.match(v.summary, /^You cannot select from table main\.features\.churn: You do not hold/);
    });

    it(`leaves the ${level} link unknown when your privileges there could not be read`, () => {
      const v = judgeChain(tableFacts({ [level]: { effective: null, unreadableReason: 'HTTP 403 from effective-permissions' } }));
      assert.equal(v.allowed, null);
      assert.deepEqual([v.chain[index]?.held, v.chain[index]?.via], [null, null]);
      assert.equal(v.blockers[0]?.code, 'ACL_UNREADABLE');
      assert.match(v.blockers[0]?.message ?? '', /could not be read \(HTTP 403 from effective-permissions\)/);
      assert.match(v.summary, /^Unknown whether you can select from table/);
      assert.match(v.remedies.join('\n'), /try the action, or ask data-platform \(owner of/);
    });
  }

  it('names the FIRST missing link, and a missing link beats an unknown one (in either order)', () => {
    const both = judgeChain(tableFacts({ schema: { effective: [] }, table: { effective: [] } }));
    assert.equal(both.blockers.filter((b) => b.code === 'PRIVILEGE_MISSING').length, 1);
    assert.match(both.blockers[0]?.message ?? '', /USE SCHEMA on schema main\.features/);
    const unknownFirst = judgeChain(tableFacts({ catalog: { effective: null }, table: { effective: [] } }));
    assert.equal(unknownFirst.allowed, false);
    assert.deepEqual(unknownFirst.chain.map((l) => l.held), [null, true, false]);
    assert.deepEqual(unknownFirst.blockers.map((b) => b.code), ['PRIVILEGE_MISSING', 'ACL_UNREADABLE']);
  });

  it('keeps a link open when no grant shows but the owner is unknown', () => {
    const v = judgeChain(tableFacts({ table: { effective: [], owner: null } }));
    assert.equal(v.allowed, null);
    assert.match(v.blockers[0]?.message ?? '', /owner is unknown/);
  });

  it('denies with CATALOG_NOT_BOUND when the catalog is bound to other workspaces only, whatever is held', () => {
    const v = judgeChain(tableFacts({ catalog: { boundToThisWorkspace: false } }));
    assert.equal(v.allowed, false);
    assert.deepEqual(v.blockers.map((b) => b.code), ['CATALOG_NOT_BOUND']);
    assert.ok(v.chain.every((l) => l.held === true));
    assert.match(v.remedies[0] ?? '', /bind it to this workspace/);
  });

  it('says unknown (CATALOG_BINDING_UNKNOWN) when the bindings could not be read, and never passes for lack of them', () => {
    for (const bound of [null, undefined]) {
      const v = judgeChain(tableFacts({ catalog: { boundToThisWorkspace: bound } }));
      assert.equal(v.allowed, null);
      assert.deepEqual(v.blockers.map((b) => b.code), ['CATALOG_BINDING_UNKNOWN']);
    }
  });

  it('allows a read through a row filter or column masks, and says it is filtered', () => {
    const row = judgeChain(tableFacts({ table: { rowFilter: true } }));
    assert.equal(row.allowed, true);
    assert.deepEqual(row.blockers, []);
    assert.match(row.summary, /, but filtered: a row filter applies, so you see only the rows and values it lets through\.$/);
    const both = judgeChain(tableFacts({ table: { rowFilter: true, columnMasks: true } }));
    assert.match(both.summary, /but filtered: a row filter and column masks apply/);
  });

  it('says when whether a row filter or column masks apply could not be read, instead of nothing', () => {
    const unread = judgeChain(tableFacts({ table: { rowFilter: null, columnMasks: null } }));
    assert.equal(unread.allowed, true);
    assert.match(unread.summary, /; whether the table has a row filter or column masks could not be read \(the table's metadata was refused\), so the rows and values you see may be filtered\.$/);
    const half = judgeChain(tableFacts({ table: { rowFilter: true, columnMasks: null } }));
    assert.match(half.summary, /but filtered: a row filter applies, so you see only the rows and values it lets through; whether the table has column masks could not be read/);
  });

  it('takes the workspace refusing a read for lack of the privilege as a no, even with the owner unknown', () => {
    const open = judgeChain(tableFacts({ schema: { effective: [], owner: null } }));
    assert.equal(open.allowed, null, 'without the refusal an unknown owner keeps the link open');
    const refused = judgeChain(tableFacts({ schema: { effective: [], owner: null, deniedPrivileges: ['USE_SCHEMA'] } }));
    assert.equal(refused.allowed, false);
    assert.deepEqual(refused.blockers.map((b) => b.code), ['PRIVILEGE_MISSING']);
    assert.equal(refused.chain[1]?.held, false);
  });

  it('names the group of yours whose direct grant gives a privilege the API lists under your name', () => {
    const v = judgeChain(tableFacts({ table: { grants: [{ principal: 'ml-all', privileges: ['SELECT'] }] } }));
    assert.equal(v.chain[2]?.via, 'group:ml-all');
    assert.match(v.summary, /SELECT via group ml-all \(you → ml → ml-all\)/);
    const direct = judgeChain(tableFacts({ table: { grants: [{ principal: 'ml-all', privileges: ['SELECT'] }, { principal: 'alice@contoso.com', privileges: ['SELECT'] }] } }));
    assert.equal(direct.chain[2]?.via, 'user:alice@contoso.com', 'a direct grant to you stays the via');
  });

  it('writes remedies: who can grant, the group that would give it, the GRANT and the request', () => {
    const facts = tableFacts({
      table: { effective: [], owner: 'churn-owners', grants: [{ principal: 'ml-leads', privileges: ['MANAGE'] }, { principal: 'bob@contoso.com', privileges: ['SELECT'] }] },
      schema: { effective: [held('USE_SCHEMA')], grants: [{ principal: 'analysts', privileges: ['SELECT'] }] },
    });
    const v = judgeChain(facts);
    assert.equal(v.allowed, false);
    const text = v.remedies.join('\n');
    assert.match(text, /Ask churn-owners \(owner of table main\.features\.churn\), ml-leads \(holds MANAGE on table main\.features\.churn\), data-platform \(owner of schema main\.features\) or a metastore admin \(metastore-admins\) to grant you SELECT on table main\.features\.churn: GRANT SELECT ON TABLE `main`\.`features`\.`churn` TO `alice@contoso\.com`/);
    assert.match(text, /Or join group "analysts", which holds SELECT on schema main\.features \(inherited by table main\.features\.churn\)\./);
    assert.doesNotMatch(text, /join group "bob/);
    assert.match(text, /Access request to send: Hello, could you run the following so that I \(alice@contoso\.com\) can select from table main\.features\.churn\? GRANT SELECT ON TABLE/);
  });

  it('asks for every missing link in one request', () => {
    const v = judgeChain(tableFacts({ catalog: { effective: [] }, table: { effective: [] } }));
    const request = v.remedies.find((r) => r.startsWith('Access request to send:')) ?? '';
    assert.match(request, /GRANT USE CATALOG ON CATALOG `main` TO `alice@contoso\.com`; GRANT SELECT ON TABLE `main`\.`features`\.`churn` TO `alice@contoso\.com`;/);
  });

  it('judges each kind and action of the requirement table', () => {
    const cases: [string, string, string[]][] = [
      ['catalog', 'use', ['USE_CATALOG']],
      ['schema', 'use', ['USE_CATALOG', 'USE_SCHEMA']],
      ['schema', 'create-table', ['USE_CATALOG', 'USE_SCHEMA', 'CREATE_TABLE']],
      ['table', 'select', ['USE_CATALOG', 'USE_SCHEMA', 'SELECT']],
      ['table', 'modify', ['USE_CATALOG', 'USE_SCHEMA', 'MODIFY']],
      ['volume', 'read', ['USE_CATALOG', 'USE_SCHEMA', 'READ_VOLUME']],
      ['volume', 'write', ['USE_CATALOG', 'USE_SCHEMA', 'WRITE_VOLUME']],
      ['function', 'execute', ['USE_CATALOG', 'USE_SCHEMA', 'EXECUTE']],
      ['registered-model', 'execute', ['USE_CATALOG', 'USE_SCHEMA', 'EXECUTE']],
    ];
    assert.equal(cases.length, UC_KINDS.reduce((n, k) => n + UC_REQUIREMENTS[k].actions.length, 0));
    for (const [kind, action, privileges] of cases) {
      const none = judgeChain(factsFor(kind as never, action, []));
      assert.deepEqual(none.chain.map((l) => l.privilege), privileges, `${kind} ${action}`);
      assert.equal(none.allowed, false);
      assert.equal(none.required, privileges[privileges.length - 1]);
      // CREATE_TABLE is checked on the schema itself: both of its links sit on schema:main.features.
      const perStep = [[held('USE_CATALOG')], [held('USE_SCHEMA'), held('CREATE_TABLE')], [held(privileges[privileges.length - 1] as string)]];
      assert.equal(judgeChain(factsFor(kind as never, action, perStep)).allowed, true, `${kind} ${action}`);
    }
  });

  it('writes the GRANT with the securable type of each kind, every name part and the principal quoted', () => {
    const model = factsFor('registered-model', 'execute', []);
    assert.equal(grantStatement('EXECUTE', model.steps, 2, ME), 'GRANT EXECUTE ON FUNCTION `main`.`features`.`registered-model` TO `alice@contoso.com`');
    const volume = factsFor('volume', 'write', []);
    assert.equal(grantStatement('WRITE_VOLUME', volume.steps, 2, 'data eng'), 'GRANT WRITE VOLUME ON VOLUME `main`.`features`.`volume` TO `data eng`');
    assert.equal(grantStatement('USE_SCHEMA', volume.steps, 1, ME), 'GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `alice@contoso.com`');
    assert.equal(quoteIdentifier('we`ird'), '`we``ird`');
    const dotted = { ...tableFacts(), object: { kind: 'table' as const, fullName: 'main.features.a.b' } };
    const steps = [dotted.steps[0], dotted.steps[1], step({ kind: 'table', fullName: 'main.features.a.b' }, [])] as typeof dotted.steps;
    assert.equal(grantStatement('SELECT', steps, 2, ME), 'GRANT SELECT ON TABLE `main`.`features`.`a.b` TO `alice@contoso.com`');
  });

  it('refuses an unknown kind or action, and steps that do not run from the catalog to the object, naming what is valid', () => {
    assert.throws(() => judgeChain({ ...tableFacts(), object: { kind: 'notebook' as never, fullName: 'x' } }), /notebook is not a Unity Catalog kind; use one of catalog, schema, table, volume, function or registered-model\./);
    assert.throws(() => judgeChain(tableFacts({ action: 'drop' })), /drop is not an action on a table; use select or modify\./);
    assert.throws(() => judgeChain({ ...tableFacts(), steps: tableFacts().steps.slice(1) }), /needs the steps catalog → schema → table ending at the object itself; it was given schema → table/);
    assert.throws(() => judgeChain({ ...tableFacts(), object: { ...TABLE, fullName: 'main.features.other' } }), /ending at the object itself/);
  });

  it('derives the chain of securables from a full name, and explains a malformed one', () => {
    assert.deepEqual(chainRefs(TABLE), [CATALOG, SCHEMA, TABLE]);
    assert.deepEqual(chainRefs(SCHEMA), [CATALOG, SCHEMA]);
    assert.deepEqual(chainRefs(CATALOG), [CATALOG]);
    assert.deepEqual(chainRefs({ kind: 'volume', fullName: 'main.raw.files.v2' }).map((r) => r.fullName), ['main', 'main.raw', 'main.raw.files.v2']);
    assert.throws(() => chainRefs({ kind: 'table', fullName: 'main.churn' }), /main\.churn is not the full name of a table: write catalog\.schema\.name\./);
    assert.throws(() => chainRefs({ kind: 'schema', fullName: 'main.features.churn' }), /write catalog\.schema\./);
    assert.throws(() => chainRefs({ kind: 'catalog', fullName: '' }), /"" is not the full name of a catalog: write catalog\./);
    assert.throws(() => chainRefs({ kind: 'table', fullName: 'main..churn' }), /write catalog\.schema\.name/);
    const base = tableFacts();
    const facts = { ...base, steps: chainRefs(TABLE).map((ref, i) => ({ ...(base.steps[i] as SecurableFacts), ref })) };
    assert.equal(judgeChain(facts).allowed, true);
  });

  it('keeps the subject untouched and answers the same twice (pure)', () => {
    const facts = tableFacts({ table: { effective: [] } });
    const copy = JSON.stringify(facts);
    assert.deepEqual(judgeChain(facts), judgeChain(facts));
    assert.equal(JSON.stringify(facts), copy);
    assert.equal(subject.groups.length, 3);
  });
});
