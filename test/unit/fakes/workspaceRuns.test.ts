// Job runs in the fake workspace (Jobs API 2.2): run-now needs CAN_MANAGE_RUN
// and records the caller as creator; a run goes PENDING → RUNNING →
// TERMINATED/SUCCESS; runs/list pages the scenario's history newest first.
import * as assert from 'node:assert/strict';
import { useSandbox } from './helpers/sandboxFixture';

interface Run {
  run_id: number;
  job_id: number;
  creator_user_name: string;
  trigger: string;
  start_time: number;
  end_time: number;
  run_page_url: string;
  state: { life_cycle_state: string; result_state?: string };
}

describe('fakes: workspace job runs', function () {
  this.timeout(15_000);
  const fx = useSandbox({ scenario: 'basic', overrides: { jobRunMs: 600 } });
  const token = (userName = 'alice@fabrikam.com'): string => fx.sandbox.control.mintDatabricksToken({ userName });
  const get = (path: string, userName?: string) => fx.ws(path, { bearer: token(userName) });
  const runNow = (body: unknown, userName?: string) => fx.ws('/api/2.2/jobs/run-now', { method: 'POST', asJson: body, bearer: token(userName) });

  it('run-now starts a run whose creator is the caller, and it goes PENDING → RUNNING → TERMINATED/SUCCESS', async () => {
    const started = await runNow({ job_id: 3004 });
    assert.equal(started.status, 200);
    const { run_id: runId } = started.json<{ run_id: number }>();
    const states: string[] = [];
    let run: Run | undefined;
    for (let i = 0; i < 40; i++) {
      run = (await get(`/api/2.2/jobs/runs/get?run_id=${runId}`)).json<Run>();
      if (states.at(-1) !== run.state.life_cycle_state) states.push(run.state.life_cycle_state);
      if (run.state.life_cycle_state === 'TERMINATED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(states, ['PENDING', 'RUNNING', 'TERMINATED']);
    assert.equal(run?.state.result_state, 'SUCCESS');
    assert.equal(run?.creator_user_name, 'alice@fabrikam.com');
    assert.equal(run?.job_id, 3004);
    assert.ok(run && run.end_time > run.start_time);
    assert.match(run?.run_page_url ?? '', /#job\/3004\/run\/\d+$/);
  });

  it('run-now is refused 403 PERMISSION_DENIED without CAN_MANAGE_RUN, and 400 for a job that does not exist', async () => {
    const denied = await runNow({ job_id: 3001 });
    assert.equal(denied.status, 403);
    assert.equal(denied.json().error_code, 'PERMISSION_DENIED');
    assert.match(String(denied.json().message), /alice@fabrikam\.com does not have Manage Run permissions on Job with ID: ElasticJobId\(3001\)/);
    const missing = await runNow({ job_id: 999 });
    assert.equal(missing.status, 400);
    assert.equal(missing.json().error_code, 'INVALID_PARAMETER_VALUE');
    assert.equal((await runNow({})).status, 400);
    assert.equal((await fx.ws('/api/2.2/jobs/run-now', { method: 'POST', body: '{nope', bearer: token() })).status, 400);
  });

  it('run-now with the same idempotency token starts one run', async () => {
    const first = (await runNow({ job_id: 3004, idempotency_token: 'doctor-1' })).json<{ run_id: number }>();
    const again = (await runNow({ job_id: 3004, idempotency_token: 'doctor-1' })).json<{ run_id: number }>();
    assert.equal(again.run_id, first.run_id);
  });

  it('jobs/get names a service principal run-as; the run records who started it', async () => {
    const job = (await get('/api/2.2/jobs/get?job_id=3005')).json<{ run_as_user_name: string; settings: { run_as: Record<string, string> } }>();
    assert.equal(job.run_as_user_name, '9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10');
    assert.deepEqual(job.settings.run_as, { service_principal_name: '9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10' });
    const { run_id: runId } = (await runNow({ job_id: 3005 })).json<{ run_id: number }>();
    assert.equal((await get(`/api/2.2/jobs/runs/get?run_id=${runId}`)).json<Run>().creator_user_name, 'alice@fabrikam.com');
  });

  it('runs/list serves the seeded history newest first, with limit and page tokens', async () => {
    const body = (await get('/api/2.2/jobs/runs/list?job_id=3001&limit=1')).json<{ runs: Run[]; has_more: boolean; next_page_token?: string }>();
    assert.equal(body.runs.length, 1);
    assert.equal(body.has_more, true);
    assert.equal(body.runs[0]!.creator_user_name, 'bob@fabrikam.com');
    assert.equal(body.runs[0]!.trigger, 'PERIODIC');
    assert.equal(body.runs[0]!.state.result_state, 'SUCCESS');
    const rest = (await get(`/api/2.2/jobs/runs/list?job_id=3001&limit=1&page_token=${encodeURIComponent(body.next_page_token!)}`)).json<{ runs: Run[]; has_more: boolean }>();
    assert.equal(rest.runs[0]!.state.result_state, 'FAILED');
    assert.ok(rest.runs[0]!.start_time < body.runs[0]!.start_time);
    assert.equal(rest.has_more, false);
  });

  it('runs/list answers {} for a job without runs, 400 for a bad limit or an unknown job', async () => {
    assert.deepEqual((await get('/api/2.2/jobs/runs/list?job_id=3003')).json(), { has_more: false });
    assert.equal((await get('/api/2.2/jobs/runs/list?job_id=3001&limit=26')).status, 400);
    assert.equal((await get('/api/2.2/jobs/runs/list?job_id=42')).json().error_code, 'INVALID_PARAMETER_VALUE');
    assert.equal((await get('/api/2.2/jobs/runs/get?run_id=1')).status, 400);
  });

  it('hides runs of jobs the caller cannot see when lists show permitted objects only', async () => {
    fx.sandbox.control.setKnobs({ listVisibility: 'permitted' });
    try {
      const hidden = await get('/api/2.2/jobs/runs/list?job_id=3003');
      assert.equal(hidden.status, 403);
      assert.equal(hidden.json().error_code, 'PERMISSION_DENIED');
    } finally {
      fx.sandbox.control.setKnobs({ listVisibility: 'all' });
    }
  });
});
