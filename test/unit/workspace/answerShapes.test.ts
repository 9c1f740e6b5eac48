import * as assert from 'node:assert/strict';
import type { AuthorizedHttp } from '../../../src/core/workspace/authorizedHttp';
import { RequestLimiter } from '../../../src/core/workspace/limiter';
import { getMe } from '../../../src/core/workspace/scim';
import { WorkspaceClient } from '../../../src/core/workspace/workspaceClient';

/** A workspace whose answers come from `pages`, keyed by path without the query (a list: one per call). */
function workspace(pages: Record<string, unknown[]>): AuthorizedHttp {
  return async ({ path }) => {
    const queue = pages[path.split('?')[0]!];
    const body = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    return body === undefined ? { status: 404, headers: {}, body: '{"error_code":"NOT_FOUND","message":"no"}' } : { status: 200, headers: {}, body: JSON.stringify(body) };
  };
}
const client = (pages: Record<string, unknown[]>) => new WorkspaceClient('https://w', workspace(pages), new RequestLimiter({ maxConcurrent: 4, requestsPerSecond: 1000 }));

/** Rejects with an explicit "could not read the answer" error whose message matches `what`. */
const unreadable = (what: RegExp) => (e: Error & { code?: string }) => {
  assert.equal(e.code, 'SERVER_ERROR');
  assert.match(e.message, /answered 200 INVALID_RESPONSE: /);
  assert.match(e.message, what);
  assert.match(e.message, /update Access Lens, or report this with the log/);
  return true;
};

describe('workspace answers: known variants are read, the rest is an explicit error, never an empty list', () => {
  describe('SCIM Me', () => {
    const ME = '/api/2.0/preview/scim/v2/Me';
    it('reads the SCIM shape, with a numeric id and group value as some answers carry them', async () => {
      const me = await getMe(workspace({ [ME]: [{ id: 100, userName: 'a@x', entitlements: [{ value: 'workspace-access' }], groups: [{ value: 7, display: 'g', type: 'direct' }, { value: '8' }] }] }), 'https://w');
      assert.deepEqual(me, { id: '100', userName: 'a@x', displayName: undefined, entitlements: ['workspace-access'], groups: [{ id: '7', displayName: 'g' }, { id: '8', displayName: '8' }] });
      assert.deepEqual((await getMe(workspace({ [ME]: [{ id: '1', userName: 'a@x' }] }), 'https://w')).groups, [], 'no groups key: no groups');
    });
    it('a group entry without a value is an error, not a group dropped', async () => {
      await assert.rejects(getMe(workspace({ [ME]: [{ id: '1', userName: 'a@x', groups: [{ value: '7' }, { id: '8', display: 'h' }] }] }), 'https://w'), unreadable(/SCIM Me lists groups entry 1 without a usable value \(keys id, display\), so your groups are unknown/));
    });
    it('groups that are not a list, and entitlements without values, are errors', async () => {
      await assert.rejects(getMe(workspace({ [ME]: [{ id: '1', userName: 'a@x', groups: { value: '7' } }] }), 'https://w'), unreadable(/SCIM Me: "groups" is not a list \(keys value\)/));
      await assert.rejects(getMe(workspace({ [ME]: [{ id: '1', userName: 'a@x', entitlements: ['workspace-access'] }] }), 'https://w'), unreadable(/entitlements entry 0 without a usable value \(a string\)/));
    });
  });

  describe('clusters list 2.1', () => {
    const LIST = '/api/2.1/clusters/list';
    it('pages with next_page_token', async () => {
      const ids = (await client({ [LIST]: [{ clusters: [{ cluster_id: 'a' }], next_page_token: 't' }, { clusters: [{ cluster_id: 'b', cluster_name: 'B' }] }] }).listClusters()).map((c) => c.id);
      assert.deepEqual(ids, ['a', 'b']);
    });
    it('an entry whose id sits under another name is an error, not an empty list', async () => {
      await assert.rejects(client({ [LIST]: [{ clusters: [{ id: 'a', cluster_name: 'A' }] }] }).listClusters(), unreadable(/entry without cluster_id \(entry 0: keys id, cluster_name\)/));
    });
    it('clusters that are not a list, and a page token handed out twice, are errors', async () => {
      await assert.rejects(client({ [LIST]: [{ clusters: { a: 1 } }] }).listClusters(), unreadable(/"clusters" is not a list/));
      await assert.rejects(client({ [LIST]: [{ clusters: [{ cluster_id: 'a' }], next_page_token: 't' }] }).listClusters(), unreadable(/same next_page_token twice, so the list is incomplete/));
    });
  });

  describe('jobs list 2.2', () => {
    const LIST = '/api/2.2/jobs/list';
    it('reads numeric and string job ids across pages', async () => {
      const jobs = await client({ [LIST]: [{ jobs: [{ job_id: 1, settings: { name: 'one' } }], has_more: true, next_page_token: 't' }, { jobs: [{ job_id: '2' }], has_more: false }] }).listJobs();
      assert.deepEqual(jobs.map((j) => [j.id, j.name]), [['1', 'one'], ['2', 'Job 2']]);
    });
    it('an entry without a usable job_id is an error', async () => {
      await assert.rejects(client({ [LIST]: [{ jobs: [{ id: 1 }] }] }).listJobs(), unreadable(/entry without a usable job_id \(entry 0: keys id\)/));
    });
    it('has_more without a page token is an error, not the first page taken for the whole list', async () => {
      await assert.rejects(client({ [LIST]: [{ jobs: [{ job_id: 1 }], has_more: true }] }).listJobs(), unreadable(/says has_more but gives no next_page_token/));
    });
  });

  describe('job runs', () => {
    it('run-now without a run_id is an error, not a run called ""', async () => {
      await assert.rejects(client({ '/api/2.2/jobs/run-now': [{ number_in_job: 3 }] }).runNow('1', 'tok'), unreadable(/run-now answered without a usable run_id \(keys number_in_job\)/));
      assert.deepEqual(await client({ '/api/2.2/jobs/run-now': [{ run_id: 42, number_in_job: 42 }] }).runNow('1', 'tok'), { runId: '42' });
    });
    it('runs that are not a list are an error', async () => {
      await assert.rejects(client({ '/api/2.2/jobs/runs/list': [{ runs: { run_id: 1 } }] }).listRuns('1'), unreadable(/The run list: "runs" is not a list/));
    });
  });
});
