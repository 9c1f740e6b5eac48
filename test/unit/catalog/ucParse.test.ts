import * as assert from 'node:assert/strict';
import { chainOf } from '../../../src/core/catalog/ucClient';
import { parseBindings, parseEffective, parseGrants, parseIsolationMode, parseTableFilters, quoteWorkspaceIds, securableTypeOf, toUcSummary } from '../../../src/core/catalog/ucParse';
import { WorkspaceApiError } from '../../../src/core/workspace/apiError';

const at = { host: 'https://adb-1.azuredatabricks.net', path: '/api/2.1/unity-catalog/x' };
const invalid = (field: RegExp) => (e: unknown) => e instanceof WorkspaceApiError && e.body.errorCode === 'INVALID_RESPONSE' && field.test(e.message);

describe('catalog: Unity Catalog answers', () => {
  it('reads effective privileges with where each is inherited from, keeping each row\'s principal', () => {
    const page = parseEffective(at, {
      privilege_assignments: [
        { principal: 'alice@x.com', privileges: [{ privilege: 'SELECT' }, { privilege: 'USE_CATALOG', inherited_from_type: 'CATALOG', inherited_from_name: 'main' }] },
        { principal: 'data-team', privileges: [{ privilege: 'USE_SCHEMA', inherited_from_type: 'schema', inherited_from_name: 'main.features' }, { privilege: 'CREATE_CATALOG', inherited_from_type: 'METASTORE', inherited_from_name: 'm' }] },
      ],
      next_page_token: 'p2',
    });
    assert.deepEqual(page.items, [
      { privilege: 'SELECT', inheritedFrom: null, principal: 'alice@x.com' },
      { privilege: 'USE_CATALOG', inheritedFrom: { kind: 'catalog', fullName: 'main' }, principal: 'alice@x.com' },
      { privilege: 'USE_SCHEMA', inheritedFrom: { kind: 'schema', fullName: 'main.features' }, principal: 'data-team' },
    ]);
    assert.equal(page.next, 'p2');
  });

  it('reads an empty answer ({}: Databricks leaves empty lists out) as no privileges', () => {
    assert.deepEqual(parseEffective(at, {}).items, []);
  });

  it('names the field when an effective-permissions answer changed shape, instead of reading "nothing held"', () => {
    assert.throws(() => parseEffective(at, { privilege_assignments: { principal: 'a' } }), invalid(/"privilege_assignments" is not a list/));
    assert.throws(() => parseEffective(at, { privilege_assignments: [{ principal: 'a', privileges: [{ name: 'SELECT' }] }] }), invalid(/has no "privilege"/));
    assert.throws(() => parseEffective(at, { privilege_assignments: [{ privileges: [] }] }), invalid(/names no principal/));
    assert.throws(() => parseEffective(at, { privilege_assignments: [{ principal: 'a', privileges: [{ privilege: 'SELECT', inherited_from_type: 'CATALOG' }] }] }), invalid(/only one of inherited_from_type/));
    assert.throws(() => parseEffective(at, { privilege_assignments: [{ principal: 'a', privileges: [{ privilege: 'SELECT', inherited_from_type: 'SHARE', inherited_from_name: 's' }] }] }), invalid(/type "SHARE"/));
    assert.throws(() => parseEffective(at, '<html>'), invalid(/not a JSON object/));
  });

  it('reads direct grants; a deleted principal (empty principal, only principal_id) grants no one', () => {
    const page = parseGrants(at, { privilege_assignments: [{ principal: 'engineers', privileges: ['USE_SCHEMA', 'SELECT'] }, { principal: '', principal_id: 7, privileges: ['SELECT'] }] });
    assert.deepEqual(page.items, [{ principal: 'engineers', privileges: ['USE_SCHEMA', 'SELECT'] }]);
    assert.throws(() => parseGrants(at, { privilege_assignments: [{ principal: 'x', privileges: [{ privilege: 'SELECT' }] }] }), invalid(/other than privilege names/));
  });

  it('reads both spellings of isolation_mode; absent is OPEN; an unknown mode is an error, not a guess', () => {
    assert.equal(parseIsolationMode(at, { name: 'main' }), 'OPEN');
    assert.equal(parseIsolationMode(at, { isolation_mode: 'ISOLATED' }), 'ISOLATED');
    assert.equal(parseIsolationMode(at, { isolation_mode: 'ISOLATION_MODE_ISOLATED' }), 'ISOLATED');
    assert.equal(parseIsolationMode(at, { isolation_mode: 'ISOLATION_MODE_OPEN' }), 'OPEN');
    assert.throws(() => parseIsolationMode(at, { isolation_mode: 'READ_ONLY' }), invalid(/"READ_ONLY"/));
  });

  it('keeps a 16-digit workspace id digit for digit (past 2^53)', () => {
    const text = '{"bindings": [{"workspace_id": 9876543210987653, "binding_type": "BINDING_TYPE_READ_WRITE"}]}';
    assert.deepEqual(parseBindings(at, JSON.parse(quoteWorkspaceIds(text))).items, ['9876543210987653']);
    assert.throws(() => parseBindings(at, JSON.parse(text)), invalid(/no usable workspace_id/));
  });

  it('sees a row filter and column masks on a table, and their absence', () => {
    assert.deepEqual(parseTableFilters(at, { row_filter: { function_name: 'main.s.f', input_column_names: ['region'] }, columns: [{ name: 'email', mask: { function_name: 'main.s.m' } }, { name: 'id' }] }), { rowFilter: true, columnMasks: true });
    assert.deepEqual(parseTableFilters(at, { columns: [{ name: 'id' }] }), { rowFilter: false, columnMasks: false });
    assert.throws(() => parseTableFilters(at, { row_filter: 'main.s.f' }), invalid(/row_filter/));
  });

  it('names list entries by full_name, or composes it; an entry without a name is an error', () => {
    assert.deepEqual(toUcSummary(at, 'catalog', { name: 'main', owner: 'admins' }, 0), { kind: 'catalog', fullName: 'main', name: 'main', owner: 'admins' });
    assert.equal(toUcSummary(at, 'table', { name: 'churn', catalog_name: 'main', schema_name: 'features' }, 0).fullName, 'main.features.churn');
    assert.throws(() => toUcSummary(at, 'table', { table_name: 'churn' }, 3), invalid(/entry 3 has no usable name/));
  });

  it('spells securable types as the grants paths want them: registered models are functions', () => {
    assert.equal(securableTypeOf('registered-model'), 'function');
    assert.equal(securableTypeOf('table'), 'table');
  });

  it('builds the chain catalog → schema → object, and refuses a name of the wrong length with an example', () => {
    assert.deepEqual(chainOf({ kind: 'volume', fullName: 'main.raw.files' }).map((r) => `${r.kind}:${r.fullName}`), ['catalog:main', 'schema:main.raw', 'volume:main.raw.files']);
    assert.deepEqual(chainOf({ kind: 'catalog', fullName: 'main' }).length, 1);
    assert.throws(() => chainOf({ kind: 'table', fullName: 'features.churn' }), (e: unknown) => e instanceof Error && /write it as catalog\.schema\.name \(for example main\.features\.churn\)/.test(e.message));
  });
});
