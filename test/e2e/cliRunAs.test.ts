import * as assert from 'node:assert/strict';
import type { Blocker, Grant } from '../../src/core/access/types';
import type { Scenario } from '../fakes/scenario';
import { loadScenario } from '../fakes/scenarioLoad';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

const ETL_SP = '9d3f6c1e-52a7-4b0e-8f31-6a2c4e8b7d10';
const DEPLOY_SP = '3b8e2f4a-6c1d-4e7b-9a05-1f2d3c4b5a60';
const LOCKED_SP = '7c4d1e2f-3a5b-4c6d-8e9f-0a1b2c3d4e5f';

/**
 * The basic scenario plus what run-as needs, kept out of basic.json (whose jobs other suites count):
 * two more service principals, a job running as one alice holds no role on, and rule sets where
 * alice holds Service Principal User on etl-sp through data-team (analysts → data-team), nothing
 * on ml-deploy-sp (bob holds it, engineers manage it), and locked-sp's cannot be read (403).
 */
function runAsScenario(): Scenario {
  const basic = loadScenario('basic');
  const deployJob = { job_id: 3007, name: 'deploy-models', creator: 'bob@fabrikam.com', runAs: DEPLOY_SP, acl: [{ user: 'alice@fabrikam.com', level: 'CAN_MANAGE_RUN' }] };
  return {
    ...basic,
    name: 'basic-run-as',
    workspace: {
      ...basic.workspace,
      servicePrincipals: [...(basic.workspace.servicePrincipals ?? []), { applicationId: DEPLOY_SP, displayName: 'ml-deploy-sp' }, { applicationId: LOCKED_SP, displayName: 'locked-sp' }],
      jobs: [...(basic.workspace.jobs ?? []), deployJob],
      servicePrincipalRuleSets: [
        { applicationId: ETL_SP, grantRules: [{ role: 'roles/servicePrincipal.user', principals: ['groups/data-team'] }, { role: 'roles/servicePrincipal.manager', principals: ['users/bob@fabrikam.com'] }] },
        { applicationId: DEPLOY_SP, grantRules: [{ role: 'roles/servicePrincipal.user', principals: ['users/bob@fabrikam.com'] }, { role: 'roles/servicePrincipal.manager', principals: ['groups/engineers'] }] },
        { applicationId: LOCKED_SP, grantRules: [], readable: false },
      ],
    },
  } as Scenario;
}

interface RunAsDoc {
  allowed: boolean | null;
  runAs: { type: string; name: string; applicationId?: string; isYou: boolean } | null;
}

interface SpDoc {
  kind: string;
  id: string;
  name: string;
  allowed: boolean | null;
  required: string;
  grants: Grant[];
  blockers: Blocker[];
  remedies: string[];
  summary: string;
}

interface Check {
  id: string;
  status: string;
  message: string;
  fix?: string;
}

describe('access-lens run-as: which identity a job runs as, and may you use a service principal', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  signedInSandbox(runAsScenario(), (_sandbox, startedEnv) => (env = startedEnv));

  const json = async <T>(...args: string[]): Promise<{ code: number; doc: T }> => {
    const result = await runCli([...args, '--json'], env);
    return { code: result.code, doc: result.json<T>() };
  };

  it('why job run names the service principal a job runs as, by display name', async () => {
    const { code, doc } = await json<RunAsDoc>('why', 'job', '3005', 'run');
    assert.equal(code, 0);
    assert.deepEqual(doc.runAs, { type: 'servicePrincipal', name: 'etl-sp', applicationId: ETL_SP, isYou: false });
    const text = await runCli(['why', 'job', '3005', 'run'], env);
    assert.match(text.stdout, new RegExp(`Runs as: the service principal etl-sp \\(${ETL_SP}\\), not you`));
  });

  it('why job run says a job runs as you', async () => {
    const { doc } = await json<RunAsDoc>('why', 'job', '3004', 'run');
    assert.deepEqual(doc.runAs, { type: 'user', name: 'alice@fabrikam.com', isYou: true });
  });

  it('why service-principal use: allowed through a group, with the membership path', async () => {
    const { code, doc } = await json<SpDoc>('why', 'service-principal', ETL_SP, 'use');
    assert.equal(code, 0);
    assert.equal(doc.allowed, true, doc.summary);
    assert.equal(doc.name, 'etl-sp');
    assert.equal(doc.required, 'roles/servicePrincipal.user');
    assert.equal(doc.grants[0]?.principal, 'group:data-team');
    assert.deepEqual(doc.grants[0]?.path, ['user:alice@fabrikam.com', 'group:analysts', 'group:data-team']);
    assert.deepEqual(doc.blockers, []);
  });

  it('why service-principal use: denied, naming its managers and who holds the role', async () => {
    const { doc } = await json<SpDoc>('why', 'service-principal', DEPLOY_SP, 'use');
    assert.equal(doc.allowed, false);
    assert.deepEqual(doc.blockers.map((b) => b.code), ['NO_GRANT']);
    assert.match(doc.remedies[0] ?? '', /members of group "engineers", an account admin.*ml-deploy-sp/);
  });

  it('why service-principal use: unknown with the reason when the rule set is refused (403)', async () => {
    const { doc } = await json<SpDoc>('why', 'service-principal', LOCKED_SP, 'use');
    assert.equal(doc.allowed, null);
    assert.deepEqual(doc.blockers.map((b) => b.code), ['ACL_UNREADABLE']);
    assert.match(doc.blockers[0]?.message ?? '', /HTTP 403 PERMISSION_DENIED/);
  });

  it('why service-principal without "use" is a usage error (exit 2)', async () => {
    assert.equal((await runCli(['why', 'service-principal', ETL_SP, 'run'], env)).code, 2);
  });

  it('doctor --run-job names the service principal and says alice may run as it', async () => {
    const result = await runCli(['doctor', '--json', '--run-job', '3005'], env);
    const check = result.json<{ checks: Check[] }>().checks.find((c) => c.id === 'run-job');
    assert.equal(check?.status, 'fail');
    assert.match(check?.message ?? '', new RegExp(`runs as the service principal etl-sp \\(${ETL_SP}\\), not as you .*No run was started. You hold Service Principal User on it \\(through group data-team\\)`));
    assert.match(check?.fix ?? '', new RegExp(`through a job you manage .* or a bundle \\(run_as: service_principal_name: ${ETL_SP}\\)`));
  });

  it('doctor --run-job on a service principal alice may not use says who would grant it', async () => {
    const result = await runCli(['doctor', '--json', '--run-job', '3007'], env);
    const check = result.json<{ checks: Check[] }>().checks.find((c) => c.id === 'run-job');
    assert.match(check?.message ?? '', /the service principal ml-deploy-sp \(3b8e2f4a-[^)]+\).*You do not hold Service Principal User on it/);
    assert.match(check?.fix ?? '', /members of group "engineers"/);
  });
});
