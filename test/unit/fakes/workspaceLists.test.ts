// Clusters and jobs lists over a generated workspace of a few hundred
// objects: following the page tokens yields every id exactly once, and the
// get endpoints and their 400s behave like Databricks.
import * as assert from 'node:assert/strict';
import { loadScenario } from '../../fakes/scenarioLoad';
import type { Scenario } from '../../fakes/scenario';
import { useSandbox } from './helpers/sandboxFixture';

function generatedScenario(): Scenario {
  const basic = loadScenario('basic');
  return { ...basic, name: 'generated-lists', generate: { seed: 7, clusters: 350, jobs: 260, groups: 20, users: 30 } };
}

describe('fakes: workspace clusters and jobs lists', function () {
  this.timeout(15_000);
  const fx = useSandbox({ scenario: generatedScenario() });
  let token = '';
  before(() => {
    token = fx.sandbox.control.mintDatabricksToken({ userName: 'alice@fabrikam.com' });
  });
  const get = (path: string) => fx.ws(path, { bearer: token });

  it('pages through all clusters with page_size/page_token, each id exactly once', async () => {
    const ids: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const query = `page_size=40${pageToken ? `&page_token=${encodeURIComponent(pageToken)}` : ''}`;
      const body = (await get(`/api/2.1/clusters/list?${query}`)).json<{ clusters?: { cluster_id: string }[]; next_page_token?: string; prev_page_token?: string }>();
      ids.push(...(body.clusters ?? []).map((c) => c.cluster_id));
      if (pages > 0) assert.ok(body.prev_page_token, 'pages after the first have a prev_page_token');
      pageToken = body.next_page_token;
      pages++;
    } while (pageToken);
    assert.equal(pages, 9);
    const expected = fx.sandbox.scenarioData.workspace.clusters!.map((c) => c.cluster_id);
    assert.equal(expected.length, 354);
    assert.equal(ids.length, expected.length);
    assert.deepEqual(new Set(ids), new Set(expected));
  });

  it('caps the cluster page size and rejects foreign page tokens', async () => {
    const big = (await get('/api/2.1/clusters/list?page_size=1000')).json<{ clusters: unknown[] }>();
    assert.equal(big.clusters.length, 100);
    const foreign = await get('/api/2.1/clusters/list?page_token=bm90LWEtdG9rZW4');
    assert.equal(foreign.status, 400);
    assert.equal(foreign.json().error_code, 'INVALID_PARAMETER_VALUE');
  });

  it('pages through all jobs with limit/page_token/has_more, each id exactly once, no run_as in the list', async () => {
    const ids: number[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const query = `limit=100${pageToken ? `&page_token=${encodeURIComponent(pageToken)}` : ''}`;
      const body = (await get(`/api/2.2/jobs/list?${query}`)).json<{ jobs: Record<string, unknown>[]; has_more: boolean; next_page_token?: string }>();
      for (const job of body.jobs) {
        assert.equal(job.run_as_user_name, undefined);
        assert.equal(typeof (job.settings as { name: string }).name, 'string');
        ids.push(job.job_id as number);
      }
      assert.equal(body.has_more, body.next_page_token !== undefined);
      if (!body.has_more) break;
      pageToken = body.next_page_token;
    }
    const expected = fx.sandbox.scenarioData.workspace.jobs!.map((j) => j.job_id);
    assert.equal(expected.length, 266);
    assert.equal(ids.length, expected.length);
    assert.deepEqual(new Set(ids), new Set(expected));
  });

  it('rejects a jobs limit above 100, and answers INVALID_PARAMETER_VALUE for missing ids', async () => {
    const tooMany = await get('/api/2.2/jobs/list?limit=101');
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.json().error_code, 'INVALID_PARAMETER_VALUE');
    for (const path of ['/api/2.1/clusters/get?cluster_id=0000-000000-nothere0', '/api/2.1/clusters/get', '/api/2.2/jobs/get?job_id=1', '/api/2.2/jobs/get']) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      assert.equal(res.json().error_code, 'INVALID_PARAMETER_VALUE', path);
    }
  });

  it('gets a cluster and a job with their Databricks fields', async () => {
    const cluster = (await get('/api/2.1/clusters/get?cluster_id=0101-000000-aaaa0002')).json<Record<string, unknown>>();
    assert.equal(cluster.cluster_name, 'bob-single');
    assert.equal(cluster.data_security_mode, 'SINGLE_USER');
    assert.equal(cluster.single_user_name, 'bob@fabrikam.com');
    assert.equal(cluster.creator_user_name, 'bob@fabrikam.com');
    assert.equal(cluster.state, 'TERMINATED');
    const job = (await get('/api/2.2/jobs/get?job_id=3002')).json<Record<string, unknown>>();
    assert.equal(job.creator_user_name, 'alice@fabrikam.com');
    assert.equal(job.run_as_user_name, 'bob@fabrikam.com');
    assert.deepEqual((job.settings as { run_as: unknown }).run_as, { user_name: 'bob@fabrikam.com' });
  });

  it('with listVisibility "permitted", lists only objects the caller holds a level on', async () => {
    fx.sandbox.control.setKnobs({ listVisibility: 'permitted' });
    try {
      const body = (await get('/api/2.1/clusters/list?page_size=100')).json<{ clusters?: { cluster_id: string }[] }>();
      const ids = (body.clusters ?? []).map((c) => c.cluster_id);
      assert.ok(ids.includes('0101-000000-aaaa0001'), 'alice reaches team-shared through data-team');
      assert.ok(!ids.includes('0101-000000-aaaa0003'), 'engineers-only is not hers');
      const hidden = await get('/api/2.2/jobs/get?job_id=3003');
      assert.equal(hidden.status, 403);
    } finally {
      fx.sandbox.control.setKnobs({ listVisibility: 'all' });
    }
  });
});
