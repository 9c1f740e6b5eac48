import * as assert from 'node:assert/strict';
import { loadScenario } from '../fakes/scenarioLoad';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

interface ExplainDoc {
  code: string;
  object: { kind: string; id: string } | null;
  permission: string | null;
  analysis?: { kind: string; id: string; action: string; allowed: boolean | null; grants: { principal: string; inheritedFrom: string | null }[]; blockers: { code: string }[] };
}

/**
 * explain on texts naming a cluster policy, an instance pool, a notebook and a folder, signed in as
 * alice against the basic sandbox (test/scenarios/basic.json: "compute" and "workspaceTree"): the
 * object, the level, and the why for her as `why` answers it.
 */
describe('access-lens explain names policies, pools, notebooks and folders, with the analysis for you', function () {
  this.timeout(90_000);
  let env: NodeJS.ProcessEnv;
  signedInSandbox(loadScenario('basic'), (_sandbox, startedEnv) => (env = startedEnv));

  const explain = async (text: string): Promise<ExplainDoc> => {
    const result = await runCli(['explain', '--json'], env, text);
    assert.equal(result.code, 0, result.stderr);
    return result.json<ExplainDoc>();
  };

  it('a cluster policy alice may not use: NO_GRANT in the analysis', async () => {
    const doc = await explain('{"error_code":"PERMISSION_DENIED","message":"User alice@fabrikam.com does not have permission to use cluster policy D5A1C0FFEE000004."}');
    assert.deepEqual(doc.object, { kind: 'policy', id: 'D5A1C0FFEE000004' });
    assert.equal(doc.permission, 'CAN_USE');
    assert.equal(doc.analysis?.kind, 'policy');
    assert.equal(doc.analysis?.action, 'use');
    assert.equal(doc.analysis?.allowed, false);
    assert.deepEqual(doc.analysis?.blockers.map((b) => b.code), ['NO_GRANT']);
  });

  it('an instance pool alice may attach to through data-team', async () => {
    const doc = await explain('PERMISSION_DENIED: User does not have permission to attach to instance pool 0101-120000-brick1-pool-GPU00001');
    assert.deepEqual(doc.object, { kind: 'pool', id: '0101-120000-brick1-pool-GPU00001' });
    assert.equal(doc.analysis?.action, 'attach');
    assert.equal(doc.analysis?.allowed, true);
  });

  it('a notebook by path: CAN_RUN inherited from its folder', async () => {
    const doc = await explain('{"error_code":"PERMISSION_DENIED","message":"User does not have permission CAN_RUN on notebook /Shared/team/report"}');
    assert.deepEqual(doc.object, { kind: 'notebook', id: '/Shared/team/report' });
    assert.equal(doc.analysis?.kind, 'notebook');
    assert.equal(doc.analysis?.action, 'run');
    assert.equal(doc.analysis?.allowed, true);
    assert.ok(doc.analysis?.grants.some((g) => g.inheritedFrom?.includes('/Shared/team')), JSON.stringify(doc.analysis?.grants));
  });

  it('a folder by its permissions path: manage denied, run held', async () => {
    const doc = await explain('PUT /api/2.0/permissions/directories/201 -> 403: PERMISSION_DENIED alice@fabrikam.com does not have Manage permissions on /Shared/team. Please contact the owner or an administrator.');
    assert.deepEqual(doc.object, { kind: 'directory', id: '201' });
    assert.equal(doc.permission, 'CAN_MANAGE');
    assert.equal(doc.analysis?.kind, 'directory');
    assert.equal(doc.analysis?.action, 'manage');
    assert.equal(doc.analysis?.allowed, false);
  });

  it('a missing path is NOT_FOUND, with no analysis', async () => {
    const doc = await explain('{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Path (/Shared/gone) doesn\'t exist."}');
    assert.equal(doc.code, 'NOT_FOUND');
    assert.equal(doc.analysis, undefined);
  });
});
