import * as assert from 'node:assert/strict';
import { toJobDetails } from '../../../src/core/workspace/jobRuns';
import { runAsOf, runAsText } from '../../../src/core/workspace/runAs';

const APP = '9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10';

describe('run-as of a job (pure)', () => {
  it('a service principal set in settings.run_as, named by display name when known', () => {
    const job = toJobDetails({ job_id: 5, run_as_user_name: APP, settings: { name: 'etl', run_as: { service_principal_name: APP } } }, '5');
    assert.deepEqual(runAsOf(job, 'alice@contoso.com', 'etl-sp'), { type: 'servicePrincipal', name: 'etl-sp', applicationId: APP, isYou: false });
    assert.equal(runAsText(runAsOf(job, 'alice@contoso.com', 'etl-sp')!), `the service principal etl-sp (${APP})`);
    assert.equal(runAsText(runAsOf(job, 'alice@contoso.com')!), `the service principal ${APP}`);
  });

  it('a job without an explicit run_as owned by a service principal runs as it (its run_as_user_name is an application id)', () => {
    const job = toJobDetails({ job_id: 6, run_as_user_name: APP, settings: { name: 'owned' } }, '6');
    assert.equal(job.runAsServicePrincipal, true);
  });

  it('a user, you or not, compared case-insensitively', () => {
    const job = toJobDetails({ job_id: 7, run_as_user_name: 'Alice@Contoso.com', settings: { name: 'mine' } }, '7');
    assert.deepEqual(runAsOf(job, 'alice@contoso.com'), { type: 'user', name: 'Alice@Contoso.com', isYou: true });
    assert.equal(runAsOf(toJobDetails({ job_id: 8, settings: { name: 'nobody' } }, '8'), 'alice@contoso.com'), undefined);
  });
});
