import * as assert from 'node:assert/strict';
import type { AuthorizedHttp } from '../../../src/core/workspace/authorizedHttp';
import { RequestLimiter } from '../../../src/core/workspace/limiter';
import { WorkspaceClient } from '../../../src/core/workspace/workspaceClient';

interface Asked {
  method: string;
  path: string;
  body?: string;
}

/** A workspace that answers each request from `answer` and records what was asked (pure code: no network). */
function client(answer: (asked: Asked) => { status: number; body: unknown }, asked: Asked[]): WorkspaceClient {
  const http: AuthorizedHttp = async (request) => {
    const req = request as { method: string; path: string; body?: string };
    asked.push({ method: req.method, path: req.path, ...(req.body !== undefined ? { body: req.body } : {}) });
    const { status, body } = answer(asked[asked.length - 1]!);
    return { status, headers: {}, body: JSON.stringify(body) };
  };
  return new WorkspaceClient('https://w', http, new RequestLimiter({ maxConcurrent: 4, requestsPerSecond: 1000 }));
}

describe('the workspace client reads lists and permissions the way the kind table says', () => {
  it('reads serving endpoints in one GET without paging parameters, even if an answer carries a token', async () => {
    const asked: Asked[] = [];
    const c = client(() => ({ status: 200, body: { endpoints: [{ id: 'e1', name: 'churn' }], next_page_token: 'ignored' } }), asked);
    assert.deepEqual((await c.list('endpoint')).map((e) => [e.id, e.name]), [['e1', 'churn']]);
    assert.deepEqual(asked, [{ method: 'GET', path: '/api/2.0/serving-endpoints' }]);
  });

  it('searches experiments with POST, the size and the page token in the JSON body', async () => {
    const asked: Asked[] = [];
    const pages = [{ experiments: [{ experiment_id: '1', name: '/a' }], next_page_token: 't2' }, { experiments: [{ experiment_id: '2', name: '/b' }] }];
    const c = client(() => ({ status: 200, body: pages.shift() }), asked);
    assert.deepEqual((await c.list('experiment')).map((e) => e.id), ['1', '2']);
    assert.deepEqual(asked.map((a) => [a.method, a.path, a.body && JSON.parse(a.body)]), [
      ['POST', '/api/2.0/mlflow/experiments/search', { max_results: 1000 }],
      ['POST', '/api/2.0/mlflow/experiments/search', { max_results: 1000, page_token: 't2' }],
    ]);
  });

  it('pages pipelines by max_results and page_token under statuses', async () => {
    const asked: Asked[] = [];
    const pages = [{ statuses: [{ pipeline_id: 'p1', name: 'a' }], next_page_token: 'n' }, { statuses: [{ pipeline_id: 'p2' }] }];
    const c = client(() => ({ status: 200, body: pages.shift() }), asked);
    assert.deepEqual((await c.list('pipeline')).map((p) => [p.id, p.name]), [['p1', 'a'], ['p2', 'Pipeline p2']]);
    assert.deepEqual(asked.map((a) => a.path), ['/api/2.0/pipelines?max_results=100', '/api/2.0/pipelines?max_results=100&page_token=n']);
  });

  it("reads a registry model's permissions under the Databricks id its name resolves to", async () => {
    const asked: Asked[] = [];
    const c = client(({ path }) => {
      if (path.startsWith('/api/2.0/mlflow/databricks/registered-models/get')) return path.includes('name=gone') ? { status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no' } } : path.includes('name=odd') ? { status: 200, body: { registered_model_databricks: { name: 'odd' } } } : { status: 200, body: { registered_model_databricks: { id: 'abc123', name: 'churn model' } } };
      if (path === '/api/2.0/mlflow/databricks/registered-models/get?name=secret') return { status: 403, body: { error_code: 'PERMISSION_DENIED', message: 'no' } };
      return { status: 200, body: { access_control_list: [{ group_name: 'ml', all_permissions: [{ permission_level: 'CAN_READ' }] }] } };
    }, asked);
    assert.deepEqual(await c.permissions('model', 'churn model'), { state: 'readable', entries: [{ principal: 'group:ml', permissions: [{ level: 'CAN_READ', inherited: false, inheritedFrom: null }] }] });
    assert.deepEqual(asked.map((a) => a.path), ['/api/2.0/mlflow/databricks/registered-models/get?name=churn+model', '/api/2.0/permissions/registered-models/abc123']);
    assert.deepEqual(await c.permissions('model', 'gone'), { state: 'notFound' });
    const odd = await c.permissions('model', 'odd');
    assert.equal(odd.state, 'unreadable', 'an answer without the id is no grounds for a verdict');
    assert.match((odd as { reason: string }).reason, /registered_model_databricks\.id/);
  });
});
