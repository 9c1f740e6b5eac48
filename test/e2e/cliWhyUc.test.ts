import * as assert from 'node:assert/strict';
import type { Blocker } from '../../src/core/access/types';
import type { ChainLink } from '../../src/core/catalog/types';
import { loadScenario } from '../fakes/scenarioLoad';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

interface UcDoc {
  kind: string;
  id: string;
  action: string;
  allowed: boolean | null;
  required: string;
  granted: string[];
  chain: ChainLink[];
  blockers: Blocker[];
  remedies: string[];
  summary: string;
  compute?: { id: string; name: string | null; dataSecurityMode: string | null; singleUserName: string | null };
}

/** access-lens why for Unity Catalog securables, signed in as alice against the basic sandbox (test/scenarios/basic.json, "unityCatalog"). */
describe('access-lens why <Unity Catalog kind> against the basic sandbox', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;

  // The basic scenario plus a cluster in a legacy access mode, for --cluster (kept out of basic.json, whose clusters other suites count).
  const basic = loadScenario('basic');
  const legacy = { cluster_id: '0101-000000-aaaa0005', cluster_name: 'legacy-acl', state: 'TERMINATED', data_security_mode: 'LEGACY_TABLE_ACL', creator: 'bob@fabrikam.com', acl: [{ group: 'data-team', level: 'CAN_ATTACH_TO' }] };
  signedInSandbox({ ...basic, workspace: { ...basic.workspace, clusters: [...(basic.workspace.clusters ?? []), legacy] } } as typeof basic, (_sandbox, startedEnv) => (env = startedEnv));

  const why = async (...args: string[]): Promise<UcDoc> => {
    const result = await runCli(['why', ...args, '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    return result.json<UcDoc>();
  };

  it('names the broken link of main.features.churn (USE_SCHEMA on the schema) and the GRANT to ask for', async () => {
    const doc = await why('table', 'main.features.churn', 'select');
    assert.equal(doc.allowed, false);
    assert.equal(doc.required, 'SELECT');
    assert.deepEqual(doc.chain.map((l) => [l.securable, l.privilege, l.held]), [
      ['catalog:main', 'USE_CATALOG', true],
      ['schema:main.features', 'USE_SCHEMA', false],
      ['table:main.features.churn', 'SELECT', true],
    ]);
    assert.equal(doc.chain[2]?.via, 'group:analysts');
    assert.deepEqual(doc.blockers.map((b) => b.code), ['PRIVILEGE_MISSING']);
    assert.match(doc.blockers[0]?.message ?? '', /USE SCHEMA on schema main\.features/);
    assert.ok(doc.remedies.some((r) => r.includes('GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `alice@fabrikam.com`')), doc.remedies.join('\n'));
  });

  it('allows a table whose whole chain is held, saying through what', async () => {
    const doc = await why('table', 'main.reporting.daily', 'select');
    assert.equal(doc.allowed, true, doc.summary);
    assert.deepEqual(doc.blockers, []);
    assert.deepEqual(doc.chain.map((l) => l.held), [true, true, true]);
    assert.ok(doc.chain.every((l) => l.via !== null), JSON.stringify(doc.chain));
    assert.ok(doc.granted.includes('SELECT'), doc.granted.join(', '));
  });

  it('allows the row-filtered and masked table, saying it is filtered', async () => {
    const doc = await why('table', 'main.reporting.sales', 'select');
    assert.equal(doc.allowed, true, doc.summary);
    assert.match(doc.summary, /but filtered: a row filter and column masks apply/);
  });

  it('says a catalog bound to other workspaces only blocks everything in it (CATALOG_NOT_BOUND)', async () => {
    const doc = await why('table', 'restricted.secrets.keys', 'select');
    assert.equal(doc.allowed, false);
    assert.ok(doc.blockers.some((b) => b.code === 'CATALOG_NOT_BOUND'), JSON.stringify(doc.blockers));
  });

  it('answers unknown (null) with the reason when a link cannot be read, never a guess', async () => {
    const doc = await why('table', 'main.reporting.audit_log', 'select');
    assert.equal(doc.allowed, null, doc.summary);
    assert.equal(doc.chain[2]?.held, null);
    assert.ok(doc.blockers.some((b) => b.code === 'ACL_UNREADABLE'), JSON.stringify(doc.blockers));
  });

  it('with --cluster on a legacy access mode: COMPUTE_NO_UNITY_CATALOG turns a yes into a no', async () => {
    const doc = await why('table', 'main.reporting.daily', 'select', '--cluster', '0101-000000-aaaa0005');
    assert.equal(doc.allowed, false);
    assert.deepEqual(doc.blockers.map((b) => b.code), ['COMPUTE_NO_UNITY_CATALOG']);
    assert.deepEqual(doc.compute, { id: '0101-000000-aaaa0005', name: 'legacy-acl', dataSecurityMode: 'LEGACY_TABLE_ACL', singleUserName: null });
    assert.ok(doc.remedies.some((r) => r.includes('standard (shared) or dedicated access mode')), doc.remedies.join('\n'));

    const standard = await why('table', 'main.reporting.daily', 'select', '--cluster', '0101-000000-aaaa0001');
    assert.equal(standard.allowed, true, standard.summary);
    const dedicated = await why('table', 'main.reporting.daily', 'select', '--cluster', '0101-000000-aaaa0002');
    assert.deepEqual(dedicated.blockers.map((b) => b.code), ['SINGLE_USER_CLUSTER'], 'bob-single is dedicated to bob');
    const missing = await why('table', 'main.reporting.daily', 'select', '--cluster', '0101-000000-nope');
    assert.deepEqual(missing.blockers.map((b) => b.code), ['NOT_FOUND']);
  });

  it('prints the summary, the chain a link a line, blockers and remedies in text mode', async () => {
    const result = await runCli(['why', 'table', 'main.features.churn', 'select'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^You cannot select from table main\.features\.churn: /);
    assert.match(result.stdout, /The chain:\n {2}catalog:main +USE_CATALOG +yes +via group:everyone-data\n {2}schema:main\.features +USE_SCHEMA +no\n {2}table:main\.features\.churn +SELECT +yes +via group:analysts\n/);
    assert.match(result.stdout, /What blocks you:\n {2}PRIVILEGE_MISSING: /);
    assert.match(result.stdout, /How to fix it:\n {2}- .*GRANT USE SCHEMA ON SCHEMA `main`\.`features`/);
  });

  it('refuses a bad full name, action or flag with a usage error (exit 2) that shows the form to write', async () => {
    const name = await runCli(['why', 'table', 'main.churn', 'select', '--json'], env);
    assert.equal(name.code, 2, name.stderr);
    assert.equal(name.json<{ error: { code: string } }>().error.code, 'USAGE');
    assert.match(name.stderr, /main\.churn is not the full name of a table: write catalog\.schema\.name\. For example: access-lens why table catalog\.schema\.name select/);
    const action = await runCli(['why', 'volume', 'main.reporting.raw_files', 'select'], env);
    assert.equal(action.code, 2);
    assert.match(action.stderr, /select is not an action on a volume; use read or write/);
    const missing = await runCli(['why', 'schema'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Name the schema by its full name: access-lens why schema catalog\.schema use/);
    const cluster = await runCli(['why', 'cluster', '0101-000000-aaaa0001', 'attach', '--cluster', 'x'], env);
    assert.equal(cluster.code, 2);
    assert.match(cluster.stderr, /--cluster goes with a Unity Catalog why/);
  });
});
