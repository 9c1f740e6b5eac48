/**
 * Unity Catalog refusals in `explain`: the securable's kind and full name, the
 * privilege in API spelling, remedies that name the right grantors and the
 * GRANT to ask for, and the `why` action (docs/cli.md "Unity Catalog").
 */
import * as assert from 'node:assert/strict';
import { explainError, suggestedAction } from '../../../src/core/explain/explain';
import { grantStatement, ucWhyAction } from '../../../src/core/explain/ucWording';
import { withinGuard } from '../helpers/timeGuard';

function object(text: string) {
  const e = explainError(text);
  return { code: e.code, object: e.object, permission: e.permission, action: suggestedAction(e) };
}

describe('explainError on Unity Catalog texts', () => {
  it('reads the three examples of the issue: kind, full name, privilege and action', () => {
    assert.deepEqual(object("PERMISSION_DENIED: User does not have USE SCHEMA on Schema 'main.features'"), {
      code: 'PERMISSION_DENIED', object: { kind: 'schema', id: 'main.features' }, permission: 'USE_SCHEMA', action: 'use',
    });
    assert.deepEqual(object('[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have permission SELECT on table main.features.churn'), {
      code: 'PERMISSION_DENIED', object: { kind: 'table', id: 'main.features.churn' }, permission: 'SELECT', action: 'select',
    });
    assert.deepEqual(object("User does not have READ VOLUME on Volume 'main.raw.landing'."), {
      code: 'PERMISSION_DENIED', object: { kind: 'volume', id: 'main.raw.landing' }, permission: 'READ_VOLUME', action: 'read',
    });
  });

  it('names the Unity Catalog grantors and the GRANT to ask for, never CAN_MANAGE', () => {
    const e = explainError("PERMISSION_DENIED: User does not have USE SCHEMA on Schema 'main.features'");
    const all = [e.title, e.explanation, ...e.remedies].join('\n');
    assert.equal(e.title, 'Missing USE SCHEMA on schema main.features');
    assert.match(all, /owner of schema main\.features/);
    assert.match(all, /MANAGE on it or on its catalog/);
    assert.match(all, /metastore admin/);
    assert.ok(all.includes('GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `<you>`;'), all);
    assert.ok(all.includes('access-lens why schema main.features use'), all);
    assert.doesNotMatch(all, /CAN_MANAGE|workspace admin/);
  });

  it('puts the signed-in user into the GRANT when it is known', () => {
    const e = explainError("User does not have SELECT on Table 'main.features.churn'", { principal: 'alice@example.com' });
    assert.ok(e.remedies.some((r) => r.includes('GRANT SELECT ON TABLE `main`.`features`.`churn` TO `alice@example.com`;')), e.remedies.join('\n'));
  });

  it('reads names in backticks (spaces inside), single or double quotes, per-part quotes, or bare', () => {
    const cases: Array<[string, string, string]> = [
      ['PERMISSION_DENIED: User does not have USE SCHEMA on Schema `cat`.`my schema`', 'schema', 'cat.my schema'],
      ['User does not have MODIFY on Table "cat.sch.t1".', 'table', 'cat.sch.t1'],
      ["User does not have permission SELECT on table 'default'.'churn'", 'table', 'default.churn'],
      ['User does not have MODIFY on Table cat.sch.locks', 'table', 'cat.sch.locks'],
      ['User does not have USE CATALOG on Catalog `main`.', 'catalog', 'main'],
      ["PERMISSION_DENIED: User does not have EXECUTE on Routine 'cat.ai.score'", 'function', 'cat.ai.score'],
      ["User does not have CREATE TABLE on Schema\n'main.features'.", 'schema', 'main.features'],
      ["User does not have SELECT on Materialized View 'main.gold.daily'", 'table', 'main.gold.daily'],
    ];
    for (const [text, kind, id] of cases) assert.deepEqual(explainError(text).object, { kind, id }, text);
  });

  it('says the catalog is not named when a table comes with two parts, and sends no partial name to why', () => {
    const e = explainError("[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have SELECT on Table 'features.churn'. SQLSTATE: 42501");
    assert.deepEqual(e.object, { kind: 'table', id: 'features.churn' });
    assert.match(e.explanation, /without its catalog/);
    assert.ok(!e.remedies.some((r) => r.includes('access-lens why')), e.remedies.join('\n'));
  });

  it('keeps the kind and privilege but no object when the name is cut off, hidden or a pattern', () => {
    for (const text of [
      "User does not have USE SCHEMA on Schema 'main.feat",
      'User does not have READ VOLUME on Volume ...',
      "PERMISSION_DENIED: User does not have EXECUTE on Routine '<catalog>.ai.<fn>'",
      "Error: cannot create pipeline: User does not have CREATE TABLE on Schema 'dev_catalog.*'",
      '[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have USE CATALOG on Catalog\nSQLSTATE: 42501',
      '[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have USE CATALOG on Catalog\n2024-05-01 INFO next line',
    ]) {
      const e = explainError(text);
      assert.equal(e.code, 'PERMISSION_DENIED', text);
      assert.equal(e.object, null, text);
      assert.ok(e.permission, text);
      assert.ok(e.remedies.some((r) => /GRANT [A-Z ]+ ON [A-Z]+ <[a-z]+> TO `<you>`;/.test(r)), `${text}\n${e.remedies.join('\n')}`);
    }
  });

  it('explains a catalog bound to other workspaces: no GRANT helps, bind it or change workspace', () => {
    const e = explainError("[INSUFFICIENT_PERMISSIONS] Catalog 'sales' is not accessible in current workspace SQLSTATE: 42501");
    assert.deepEqual(e.object, { kind: 'catalog', id: 'sales' });
    assert.equal(e.permission, null);
    assert.equal(suggestedAction(e), 'use');
    assert.match(e.explanation, /bound to other workspaces/);
    assert.ok(e.remedies.some((r) => r.includes('metastore admin') && r.includes('bind')));
    assert.ok(!e.remedies.some((r) => r.includes('GRANT')));
    // An external location is no catalog: the generic wording stays.
    assert.equal(explainError("PERMISSION_DENIED: External Location 'x' is not accessible in current workspace").object, null);
  });

  it('maps privileges to the contract actions', () => {
    assert.equal(ucWhyAction('table', 'SELECT'), 'select');
    assert.equal(ucWhyAction('table', 'MODIFY'), 'modify');
    assert.equal(ucWhyAction('schema', 'USE_SCHEMA'), 'use');
    assert.equal(ucWhyAction('catalog', 'USE_CATALOG'), 'use');
    assert.equal(ucWhyAction('volume', 'READ_VOLUME'), 'read');
    assert.equal(ucWhyAction('volume', 'WRITE_VOLUME'), 'write');
    assert.equal(ucWhyAction('function', 'EXECUTE'), 'execute');
    assert.equal(ucWhyAction('registered-model', 'EXECUTE'), 'execute');
    assert.equal(ucWhyAction('schema', 'CREATE_TABLE'), 'create-table');
    // A privilege with no action of its own: the kind's default check.
    assert.equal(ucWhyAction('schema', 'EXTERNAL_USE_SCHEMA'), 'use');
    assert.equal(ucWhyAction('table', null), 'select');
  });

  it('quotes every part of the GRANT and escapes backticks', () => {
    assert.equal(grantStatement('volume', 'main.raw.in`box', 'READ_VOLUME', 'data team'), 'GRANT READ VOLUME ON VOLUME `main`.`raw`.`in``box` TO `data team`;');
  });

  it('leaves workspace permission texts as they were', () => {
    assert.deepEqual(object('[principal] does not have Manage permissions on Job with ID: ElasticJobId(123). Please contact the owner or an administrator for access.'), {
      code: 'PERMISSION_DENIED', object: { kind: 'job', id: '123' }, permission: 'CAN_MANAGE', action: 'manage',
    });
  });

  it('reads well as a diagnostic line and hover: title, explanation and remedies name the securable', () => {
    const e = explainError("com.databricks.sql.managedcatalog.acl.UnauthorizedAccessException: PERMISSION_DENIED: User does not have MODIFY on Table 'main.sales.orders'.");
    // What accessErrors.ts shows: "<title>: <explanation>" and "table `main.sales.orders` · needs `MODIFY`".
    assert.equal(`${e.title}: ${e.explanation}`.split('\n').length, 1);
    assert.match(`${e.title}: ${e.explanation}`, /^Missing MODIFY on table main\.sales\.orders: Unity Catalog refused the request/);
    assert.equal(`${e.object?.kind} ${e.object?.id} · needs ${e.permission}`, 'table main.sales.orders · needs MODIFY');
    assert.ok(e.remedies.every((r) => r.length < 400 && !r.includes('undefined') && !r.includes('null')), e.remedies.join('\n'));
  });

  it('stays linear on hostile repetitions of Unity Catalog fragments', () => {
    const rep = (s: string) => s.repeat(Math.ceil((1 << 20) / s.length));
    for (const text of [
      rep("does not have USE SCHEMA on Schema '"), rep('does not have permission SELECT on table `a`.'), rep("Catalog 'x' is not accessible in current workspace "),
      `${rep('Catalog ')}is not accessible in current workspace`, `User does not have SELECT on Table ${rep('`a`.')}`, `User does not have SELECT on Table '${rep('a.')}`,
    ]) {
      // Generous: the shared test machine is loaded; catastrophic backtracking would take seconds.
      withinGuard(() => explainError(text), 1500, (ms) => `${text.slice(0, 60)}: ${ms.toFixed(0)} ms`);
    }
  });
});
