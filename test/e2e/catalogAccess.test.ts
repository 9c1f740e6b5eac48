import * as assert from 'node:assert/strict';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';

/**
 * CatalogAccess (catalog/catalogAccess.ts) as the front ends use it, through the access map against
 * the basic sandbox over real HTTPS: the catalog and schema facts of a chain are read once for the
 * tables of a schema, and invalidate() reads them again.
 */
describe('CatalogAccess against the basic sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let call: AuthorizedHttp;
  let entraToken: string;
  const paths: string[] = [];
  const UC = '/api/2.1/unity-catalog/';
  // Reads of one securable: its metadata, grants and effective privileges.
  const readsOf = (from: number, type: string, name: string): string[] =>
    paths.slice(from).filter((p) => p.startsWith(UC) && (p.includes(`/${type}/${name}?`) || p.endsWith(`/${type}/${name}`)));

  before(async () => {
    sandbox = await startSandbox({ scenario: 'basic' });
    entraToken = sandbox.control.mintEntraToken({ userName: 'alice@fabrikam.com' });
    call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: 'alice@fabrikam.com' }), (path) => paths.push(path));
  });
  after(() => sandbox?.stop());

  it('reads the catalog and schema of a chain once for two tables of the same schema; invalidate() reads them again', async () => {
    const map = new AccessMap(sandboxAccessMapCore(call, entraToken, 1000), sandbox.workspaceHost, 'test-account');
    const first = await map.catalog.why({ kind: 'table', fullName: 'main.reporting.daily' }, 'select');
    assert.equal(first.allowed, true, first.summary);
    assert.ok(readsOf(0, 'schemas', 'main.reporting').length > 0, 'the first why reads the schema');

    const before = paths.length;
    const second = await map.catalog.why({ kind: 'table', fullName: 'main.reporting.weekly' }, 'select');
    assert.equal(second.allowed, true, second.summary);
    assert.deepEqual(readsOf(before, 'catalogs', 'main'), [], 'no catalog fact read again');
    assert.deepEqual(readsOf(before, 'catalog', 'main'), []);
    assert.deepEqual(readsOf(before, 'schemas', 'main.reporting'), [], 'no schema fact read again');
    assert.deepEqual(readsOf(before, 'schema', 'main.reporting'), []);
    assert.ok(readsOf(before, 'tables', 'main.reporting.weekly').length > 0, 'the new table is read');

    map.catalog.invalidate();
    const after = paths.length;
    await map.catalog.why({ kind: 'table', fullName: 'main.reporting.weekly' }, 'select');
    assert.ok(readsOf(after, 'schemas', 'main.reporting').length > 0, 'the schema is read again after invalidate()');
    assert.ok(readsOf(after, 'catalogs', 'main').length > 0, 'the catalog is read again after invalidate()');
  });

  it('starts the Unity Catalog reads with your user name alone (SCIM Me), reads SCIM Me once, and still judges with your groups', async () => {
    const map = new AccessMap(sandboxAccessMapCore(call, entraToken, 1000), sandbox.workspaceHost, 'test-account-2');
    const from = paths.length;
    const catalogs = await map.catalog.level({ kind: 'catalog' });
    const verdicts = await Promise.all(catalogs.map((c) => map.catalog.why(c, 'use')));
    const read = paths.slice(from);
    assert.equal(read.filter((p) => p.startsWith('/api/2.0/preview/scim/v2/Me')).length, 1, `SCIM Me once: ${read.join(', ')}`);
    const firstEffective = read.findIndex((p) => p.includes('/effective-permissions/'));
    const lastGroupRead = read.map((p, i) => (p.startsWith('/api/2.0/preview/scim/v2/Groups') || p.includes('transitive') ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    assert.ok(firstEffective >= 0 && lastGroupRead >= 0 && firstEffective < lastGroupRead, `an effective-permissions read before the last group read (no wait for your groups): ${read.join(', ')}`);
    const main = verdicts.find((v) => v.id === 'main');
    assert.equal(main?.allowed, true, main?.summary);
    assert.match(main?.chain[0]?.via ?? '', /^group:/, 'the via names the group of yours whose grant gives it: the groups were known to the judge');
  });
});
