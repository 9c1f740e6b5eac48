import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Subject } from '../../src/core/access/types';
import { UcClient } from '../../src/core/catalog/ucClient';
import type { SecurableFacts } from '../../src/core/catalog/types';
import { createHttpsClient } from '../../src/core/net/httpsClient';
import { WorkspaceApiError } from '../../src/core/workspace/apiError';
import type { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { RequestLimiter } from '../../src/core/workspace/limiter';
import { startSandbox, type Sandbox } from '../fakes/sandbox';

/** The Unity Catalog reads against the sandbox's catalog over real HTTPS (test/scenarios/basic.json, "unityCatalog"). */
describe('Unity Catalog client against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let call: AuthorizedHttp;
  let requests: string[];
  const alice: Subject = { userName: 'alice@fabrikam.com', groups: [], entraGroupIds: [] };

  const client = (pageSize?: number) => new UcClient(sandbox.workspaceHost, call, new RequestLimiter({ maxConcurrent: 8, requestsPerSecond: 500 }), pageSize);
  const privileges = (step: SecurableFacts) => (step.effective ?? []).map((e) => `${e.privilege}${e.inheritedFrom ? `<${e.inheritedFrom.kind}:${e.inheritedFrom.fullName}` : ''}`).sort();

  before(async () => {
    sandbox = await startSandbox({ scenario: 'basic' });
    const http = createHttpsClient({ extraCaPem: [readFileSync(sandbox.caPath, 'utf8')], env: {} });
    const token = sandbox.control.mintDatabricksToken({ userName: alice.userName });
    call = (request) => {
      requests.push(request.path);
      return http({ method: request.method, url: `${sandbox.workspaceHost}${request.path}`, headers: { authorization: `Bearer ${token}` }, timeoutMs: request.timeoutMs });
    };
  });
  beforeEach(() => (requests = []));
  after(() => sandbox?.stop());
  afterEach(() => sandbox.control.clearFaults());

  it('reads the broken chain of main.features.churn: USE_SCHEMA missing on the schema, SELECT held through a group', async () => {
    const facts = await client().readChainFacts(alice, { kind: 'table', fullName: 'main.features.churn' }, 'select');
    assert.deepEqual(facts.steps.map((s) => `${s.ref.kind}:${s.ref.fullName}`), ['catalog:main', 'schema:main.features', 'table:main.features.churn']);
    const [catalog, schema, table] = facts.steps as [SecurableFacts, SecurableFacts, SecurableFacts];
    assert.deepEqual(privileges(catalog), ['USE_CATALOG'], 'USE_CATALOG through everyone-data, two groups up');
    assert.deepEqual(privileges(schema), ['USE_CATALOG<catalog:main'], 'no USE_SCHEMA on main.features');
    assert.deepEqual(privileges(table), ['SELECT', 'USE_CATALOG<catalog:main']);
    assert.equal(catalog.owner, 'admins');
    assert.equal(schema.owner, null, 'the schema cannot be read without USE_SCHEMA');
    assert.match(schema.unreadableReason ?? '', /USE SCHEMA on Schema 'main\.features'/);
    assert.deepEqual(schema.deniedPrivileges, ['USE_SCHEMA'], 'refused the schema itself: not its owner, and USE_SCHEMA is not yours');
    assert.equal(table.deniedPrivileges, undefined, 'the refusal names the schema, not the table');
    assert.deepEqual(schema.grants, [{ principal: 'engineers', privileges: ['USE_SCHEMA', 'SELECT'] }], 'the group that would give it');
    assert.equal(catalog.boundToThisWorkspace, true);
    assert.equal(table.rowFilter, null, 'unknown, not "no filter": the table could not be read');
    assert.deepEqual(facts.metastoreAdmins, ['admins']);
    // One effective-permissions read per level.
    assert.equal(requests.filter((p) => p.includes('/effective-permissions/')).length, 3);
  });

  it('says a catalog bound to another workspace only is not bound here', async () => {
    const facts = await client().readChainFacts(alice, { kind: 'table', fullName: 'restricted.secrets.keys' }, 'select');
    const [catalog, schema] = facts.steps as [SecurableFacts, SecurableFacts];
    assert.equal(catalog.boundToThisWorkspace, false);
    assert.deepEqual(privileges(catalog), ['USE_CATALOG']);
    assert.match(schema.unreadableReason ?? '', /not accessible in current workspace/);
    assert.ok(requests.some((p) => p.startsWith('/api/2.1/unity-catalog/bindings/catalog/restricted')));
  });

  it('reads "not accessible in current workspace" as not bound, an unreadable binding or catalog as unknown with the reason', async () => {
    const catalogOf = async () => (await client().readChainFacts(alice, { kind: 'catalog', fullName: 'restricted' }, 'use')).steps[0]!;
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.1/unity-catalog/catalogs/restricted', status: 403, style: 'json', errorCode: 'PERMISSION_DENIED', message: "Catalog 'restricted' is not accessible in current workspace." });
    assert.equal((await catalogOf()).boundToThisWorkspace, false);
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.1/unity-catalog/bindings/catalog/restricted', status: 403, style: 'json', errorCode: 'PERMISSION_DENIED', message: 'User does not have MANAGE on Catalog restricted.' });
    const unbindable = await catalogOf();
    assert.equal(unbindable.boundToThisWorkspace, null);
    assert.match(unbindable.unreadableReason ?? '', /workspace bindings of catalog restricted could not be read \(HTTP 403/);
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.1/unity-catalog/catalogs/restricted', status: 403, style: 'json', errorCode: 'PERMISSION_DENIED', message: 'User does not have USE CATALOG on Catalog restricted.' });
    const unreadable = await catalogOf();
    assert.equal(unreadable.boundToThisWorkspace, null);
    assert.equal(unreadable.owner, null);
  });

  it('reads a row filter and a column mask on a table you may read', async () => {
    const facts = await client().readChainFacts(alice, { kind: 'table', fullName: 'main.reporting.sales' }, 'select');
    const table = facts.steps[2]!;
    assert.equal(table.rowFilter, true);
    assert.equal(table.columnMasks, true);
    assert.equal(table.owner, 'engineers');
    assert.deepEqual(privileges(table), ['SELECT', 'USE_CATALOG<catalog:main', 'USE_SCHEMA<schema:main.reporting']);
    assert.equal(table.unreadableReason, undefined);
  });

  it('gives null with the reason for a securable whose permissions answer 403, never an empty list', async () => {
    const facts = await client().readChainFacts(alice, { kind: 'table', fullName: 'main.reporting.audit_log' }, 'select');
    const table = facts.steps[2]!;
    assert.equal(table.effective, null);
    assert.equal(table.grants, null);
    assert.match(table.unreadableReason ?? '', /HTTP 403 PERMISSION_DENIED/);
    assert.equal(table.owner, 'admins', 'the metadata still reads');
    assert.deepEqual(privileges(facts.steps[1]!), ['USE_CATALOG<catalog:main', 'USE_SCHEMA']);
  });

  it('reads a registered model through the function securable type, and a volume', async () => {
    const model = await client().readChainFacts(alice, { kind: 'registered-model', fullName: 'main.reporting.churn_model' }, 'execute');
    assert.deepEqual(privileges(model.steps[2]!), ['EXECUTE', 'USE_CATALOG<catalog:main', 'USE_SCHEMA<schema:main.reporting']);
    assert.ok(requests.some((p) => p.startsWith('/api/2.1/unity-catalog/effective-permissions/function/main.reporting.churn_model')));
    const volume = await client().readChainFacts(alice, { kind: 'volume', fullName: 'main.reporting.raw_files' }, 'read');
    assert.ok(privileges(volume.steps[2]!).includes('READ_VOLUME'));
  });

  it('lists catalogs, schemas and tables page by page', async () => {
    const small = client(1);
    assert.deepEqual((await small.listCatalogs()).map((c) => c.fullName), ['main', 'restricted']);
    assert.deepEqual((await small.listSchemas('main')).map((s) => s.fullName), ['main.reporting'], 'main.features is not yours to use');
    const tables = await small.listInSchema('table', 'main.reporting');
    assert.deepEqual(tables.map((t) => t.fullName), ['main.reporting.sales', 'main.reporting.audit_log', 'main.reporting.daily', 'main.reporting.weekly']);
    assert.equal(requests.filter((p) => p.startsWith('/api/2.1/unity-catalog/tables?')).length, 4, 'one request per page');
    assert.deepEqual((await small.listInSchema('registered-model', 'main.reporting')).map((m) => m.owner), ['engineers']);
  });

  it('refuses to list what you cannot use, with who to ask', async () => {
    await assert.rejects(client().listInSchema('table', 'main.features'), /USE SCHEMA on Schema 'main\.features'.*Ask the owner of main\.features or a metastore admin/);
  });

  it('throws on an answer that is not JSON (a proxy in the way) instead of reading "no privileges"', async () => {
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.1/unity-catalog/effective-permissions/catalog/main', status: 200, style: 'html', message: 'Sign in to the corporate proxy' });
    await assert.rejects(client().readChainFacts(alice, { kind: 'catalog', fullName: 'main' }, 'use'), (e: unknown) => e instanceof WorkspaceApiError && /not JSON/.test(e.message));
  });

  it('rides out a 429 on a grants read through the limiter', async () => {
    sandbox.control.injectFault({ target: 'workspace', path: '/api/2.1/unity-catalog/permissions/schema/main.features', status: 429, style: 'json', errorCode: 'REQUEST_LIMIT_EXCEEDED', retryAfterSec: 1 });
    const facts = await client().readChainFacts(alice, { kind: 'schema', fullName: 'main.features' }, 'use');
    assert.deepEqual(facts.steps[1]!.grants, [{ principal: 'engineers', privileges: ['USE_SCHEMA', 'SELECT'] }]);
  });
});
