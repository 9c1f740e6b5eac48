import * as assert from 'node:assert/strict';
import type { Scenario } from '../fakes/scenario';
import { loadScenario } from '../fakes/scenarioLoad';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

const ETL_SP = '9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10';
const DEPLOY_SP = '3b8e2f4a-6c1d-4e7b-9a05-1f2d3c4b5a60';
const DAILY_FEATURES = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e101'; // runs as etl-sp (basic.json)
const FRAUD_INGEST = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e102'; // alice holds nothing: pipelines/get answers 403
const EXEC_ROLLUP = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e103'; // runs as its owner bob; alice may view it
const MY_PIPELINE = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1a4';
const DEPLOY_PIPELINE = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1a5';

/**
 * The basic scenario plus two pipelines kept out of basic.json: one alice owns (runs as her), one that
 * runs as ml-deploy-sp, on which alice holds no Service Principal User role; alice holds it on etl-sp
 * through data-team (analysts → data-team).
 */
function pipelineRunAsScenario(): Scenario {
  const basic = loadScenario('basic');
  const sqlAndMl = basic.workspace.sqlAndMl ?? {};
  return {
    ...basic,
    name: 'basic-pipeline-run-as',
    workspace: {
      ...basic.workspace,
      servicePrincipals: [...(basic.workspace.servicePrincipals ?? []), { applicationId: DEPLOY_SP, displayName: 'ml-deploy-sp' }],
      sqlAndMl: {
        ...sqlAndMl,
        pipelines: [
          ...(sqlAndMl.pipelines ?? []),
          { id: MY_PIPELINE, name: 'alice-sandbox', owner: 'alice@fabrikam.com' },
          { id: DEPLOY_PIPELINE, name: 'model-refresh', owner: 'bob@fabrikam.com', runAs: DEPLOY_SP, grants: [{ principal: 'analysts', level: 'CAN_MANAGE' }] },
        ],
      },
      servicePrincipalRuleSets: [
        { applicationId: ETL_SP, grantRules: [{ role: 'roles/servicePrincipal.user', principals: ['groups/data-team'] }] },
        { applicationId: DEPLOY_SP, grantRules: [{ role: 'roles/servicePrincipal.user', principals: ['users/bob@fabrikam.com'] }, { role: 'roles/servicePrincipal.manager', principals: ['groups/engineers'] }] },
      ],
    },
  } as Scenario;
}

interface PipelineWhyDoc {
  kind: string;
  allowed: boolean | null;
  runAs: { type: string; name: string; applicationId?: string; isYou: boolean } | null;
  runAsUnknown?: string;
  runAsUse?: { allowed: boolean | null; via: string | null; remedies: string[] };
}

describe('access-lens why pipeline: which identity a pipeline runs as', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  signedInSandbox(pipelineRunAsScenario(), (_sandbox, startedEnv) => (env = startedEnv));

  const why = async (id: string, action = 'run'): Promise<PipelineWhyDoc> => {
    const result = await runCli(['why', 'pipeline', id, action, '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    return result.json<PipelineWhyDoc>();
  };

  it('names the service principal a pipeline runs as, and that alice holds Service Principal User on it through a group', async () => {
    const doc = await why(DAILY_FEATURES);
    assert.equal(doc.allowed, true);
    assert.deepEqual(doc.runAs, { type: 'servicePrincipal', name: 'etl-sp', applicationId: ETL_SP, isYou: false });
    assert.equal(doc.runAsUse?.allowed, true);
    assert.equal(doc.runAsUse?.via, 'group:data-team');
    const text = await runCli(['why', 'pipeline', DAILY_FEATURES, 'run'], env);
    assert.match(text.stdout, new RegExp(`Runs as: the service principal etl-sp \\(${ETL_SP}\\), not you\\nYou hold Service Principal User on it \\(through group data-team\\)`));
  });

  it('says when alice may not use the service principal, and who would grant it', async () => {
    const doc = await why(DEPLOY_PIPELINE, 'manage');
    assert.equal(doc.runAs?.name, 'ml-deploy-sp');
    assert.equal(doc.runAsUse?.allowed, false);
    assert.match(doc.runAsUse?.remedies[0] ?? '', /members of group "engineers"/);
    const text = await runCli(['why', 'pipeline', DEPLOY_PIPELINE, 'manage'], env);
    assert.match(text.stdout, /You do not hold Service Principal User on it: setting a pipeline's run-as to it would be refused/);
  });

  it('names a user: the owner when run-as was never set, or you', async () => {
    assert.deepEqual((await why(EXEC_ROLLUP, 'view')).runAs, { type: 'user', name: 'bob@fabrikam.com', isYou: false });
    const mine = await why(MY_PIPELINE, 'manage');
    assert.deepEqual(mine.runAs, { type: 'user', name: 'alice@fabrikam.com', isYou: true });
    assert.equal(mine.runAsUse, undefined);
  });

  it('is unknown with the reason when pipelines/get refuses (no grant reaches alice)', async () => {
    const doc = await why(FRAUD_INGEST);
    assert.equal(doc.allowed, false);
    assert.equal(doc.runAs, null);
    assert.match(doc.runAsUnknown ?? '', /pipelines\/get answered HTTP 403 PERMISSION_DENIED/);
    const text = await runCli(['why', 'pipeline', FRAUD_INGEST, 'run'], env);
    assert.match(text.stdout, /Runs as: unknown \(pipelines\/get answered HTTP 403/);
  });

  it('a pipeline that does not exist: run-as unknown, saying so', async () => {
    const doc = await why('0f1e2d3c-0000-0000-0000-000000000000');
    assert.equal(doc.runAs, null);
    assert.match(doc.runAsUnknown ?? '', /not found/);
  });
});
