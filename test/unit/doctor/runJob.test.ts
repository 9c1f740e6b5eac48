import * as assert from 'node:assert/strict';
import { checkJobRun, isJobId } from '../../../src/core/doctor/runJob';
import { WorkspaceApiError } from '../../../src/core/workspace/apiError';
import type { JobDetails, JobRun } from '../../../src/core/workspace/jobRuns';
import { toJobDetails, toRun } from '../../../src/core/workspace/jobRuns';
import type { WorkspaceClient } from '../../../src/core/workspace/workspaceClient';

const me = { databricksUser: 'alice@contoso.com', entraUser: 'alice@contoso.com' };
const job: JobDetails = { id: '42', name: 'smoke', creator: 'alice@contoso.com', runAs: 'alice@contoso.com', runAsServicePrincipal: false };
const run = (overrides: Partial<JobRun> = {}): JobRun => ({
  runId: '7',
  jobId: '42',
  creator: 'alice@contoso.com',
  runAs: undefined,
  lifeCycleState: 'TERMINATED',
  resultState: 'SUCCESS',
  stateMessage: undefined,
  startTime: 1_000,
  endTime: 4_000,
  trigger: 'ONE_TIME',
  pageUrl: 'https://adb-1.2.azuredatabricks.net/?o=1#job/42/run/7',
  ...overrides,
});

/** A stand-in for the workspace: the run's states in order, the last one repeating. */
function client(runs: JobRun[], overrides: Partial<Record<'getJob' | 'runNow', () => Promise<never>>> = {}): WorkspaceClient {
  let reads = 0;
  return {
    getJob: overrides.getJob ?? (async () => job),
    runNow: overrides.runNow ?? (async () => ({ runId: '7' })),
    getRun: async () => runs[Math.min(reads++, runs.length - 1)]!,
  } as unknown as WorkspaceClient;
}

const instant = { sleep: async () => undefined, pollMs: 1 };

describe('doctor run-job check (pure: a stand-in workspace)', () => {
  it('accepts numeric job ids within exact integers only', () => {
    assert.ok(isJobId('612345678901002'));
    for (const bad of ['', '0', 'abc', '12a', '-3', '99999999999999999']) assert.equal(isJobId(bad), false, bad);
  });

  it('passes when the run was started by you, ran as you and finished SUCCESS, naming the run page', async () => {
    const result = await checkJobRun(client([run({ lifeCycleState: 'PENDING', resultState: undefined }), run()]), me, '42', instant);
    assert.equal(result.status, 'pass');
    assert.match(result.message, /^Run 7 of job "smoke" \(42\) was started by you \(alice@contoso\.com\) and ran as alice@contoso\.com; it finished SUCCESS in 3 s\. https:/);
  });

  it('fails when the run says it ran as someone else (a workspace that reports run_as_user_name)', async () => {
    const result = await checkJobRun(client([run({ runAs: 'etl@contoso.com' })]), me, '42', instant);
    assert.equal(result.status, 'fail');
    assert.match(result.message, /ran as etl@contoso\.com, not as you/);
  });

  it('fails at once when the run is recorded as started by another user (the token maps to someone else)', async () => {
    const result = await checkJobRun(client([run({ creator: 'bob@contoso.com', lifeCycleState: 'RUNNING' })]), me, '42', instant);
    assert.equal(result.status, 'fail');
    assert.match(result.message, /started by bob@contoso\.com, but you are alice@contoso\.com/);
    assert.match(result.fix ?? '', /federation policy/);
  });

  it('warns when the identity is right but the job failed', async () => {
    const result = await checkJobRun(client([run({ resultState: 'FAILED', stateMessage: 'Task main failed' })]), me, '42', instant);
    assert.equal(result.status, 'warn');
    assert.match(result.message, /ended FAILED: Task main failed/);
    assert.match(result.fix ?? '', /identity is right/);
  });

  it('warns with the run page when the run outlasts the timeout', async () => {
    let clock = 0;
    const result = await checkJobRun(client([run({ lifeCycleState: 'RUNNING', resultState: undefined })]), me, '42', {
      timeoutMs: 5_000,
      pollMs: 1_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    assert.equal(result.status, 'warn');
    assert.match(result.message, /still RUNNING after 5 s/);
    assert.match(result.fix ?? '', /#job\/42\/run\/7/);
  });

  it('stops waiting when cancelled, and says the run goes on', async () => {
    const abort = new AbortController();
    abort.abort();
    const result = await checkJobRun(client([run({ lifeCycleState: 'PENDING', resultState: undefined })]), me, '42', { ...instant, signal: abort.signal });
    assert.equal(result.status, 'warn');
    assert.match(result.message, /Stopped waiting for run 7 .*keeps running/);
  });

  it('fails with a clear message when the job cannot be read or run', async () => {
    const denied = new WorkspaceApiError('https://h', '/api/2.2/jobs/run-now', { status: 403, errorCode: 'PERMISSION_DENIED', message: 'no Manage Run' });
    const cannotRun = await checkJobRun(client([], { runNow: () => Promise.reject(denied) }), me, '42', instant);
    assert.equal(cannotRun.status, 'fail');
    assert.match(cannotRun.fix ?? '', /CAN_MANAGE_RUN/);
    const cannotView = await checkJobRun(client([], { getJob: () => Promise.reject(denied) }), me, '42', instant);
    assert.match(cannotView.message, /You cannot view job 42/);
    assert.equal((await checkJobRun(client([]), me, 'abc', instant)).status, 'fail');
  });

  it('reads a run from its deprecated state or its newer status, and a job\'s run-as from either field', () => {
    assert.equal(toRun({ run_id: 1, status: { state: 'TERMINATED', termination_details: { code: 'SUCCESS' } } }).resultState, 'SUCCESS');
    assert.equal(toRun({ run_id: 1, state: { life_cycle_state: 'RUNNING' } }).resultState, undefined);
    assert.deepEqual(toJobDetails({ settings: { name: 'n', run_as: { service_principal_name: 'sp-app-id' } } }, '5'), { id: '5', name: 'n', creator: undefined, runAs: 'sp-app-id', runAsServicePrincipal: true });
  });

  it('on a job that runs as a service principal, names it and says what you may do with it, unknown when its rule set cannot be read', async () => {
    const app = '9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10';
    const spJob: JobDetails = { ...job, creator: 'bob@contoso.com', runAs: app, runAsServicePrincipal: true };
    const answers: Record<string, { status: number; body: string }> = {
      '/api/2.0/preview/scim/v2/ServicePrincipals': { status: 200, body: JSON.stringify({ Resources: [{ applicationId: app, displayName: 'etl-sp' }] }) },
      '/.well-known/databricks-config': { status: 200, body: JSON.stringify({ account_id: 'acc-1' }) },
      '/api/2.0/preview/accounts/access-control/rule-sets': { status: 200, body: JSON.stringify({ name: 'n', etag: 'e', grant_rules: [{ role: 'roles/servicePrincipal.user', principals: ['groups/data-team'] }] }) },
    };
    const workspace = (ruleSet = answers['/api/2.0/preview/accounts/access-control/rule-sets']!): WorkspaceClient =>
      ({ ...client([]), getJob: async () => spJob, rawGet: async (path: string) => ({ headers: {}, ...(path.startsWith('/api/2.0/preview/accounts') ? ruleSet : answers[path.split('?')[0]!]!) }) }) as unknown as WorkspaceClient;
    const member = { ...me, groups: [{ displayName: 'data-team', path: ['user:alice@contoso.com', 'group:data-team'] }] };

    const may = await checkJobRun(workspace(), member, '42', instant);
    assert.equal(may.status, 'fail');
    assert.match(may.message, new RegExp(`runs as the service principal etl-sp \\(${app}\\), not as you .*You hold Service Principal User on it \\(through group data-team\\)`));
    assert.match(may.fix ?? '', /through a job you manage .*or a bundle/);

    const mayNot = await checkJobRun(workspace(), me, '42', instant);
    assert.match(mayNot.message, /You do not hold Service Principal User on it/);
    assert.match(mayNot.fix ?? '', /an account admin/);

    const unknown = await checkJobRun(workspace({ status: 403, body: JSON.stringify({ error_code: 'PERMISSION_DENIED', message: 'no' }) }), member, '42', instant);
    assert.match(unknown.message, /Whether you may run as it is unknown: .*HTTP 403/);
    assert.match(unknown.fix ?? '', /access-lens why service-principal 9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10 use/);
  });
});
