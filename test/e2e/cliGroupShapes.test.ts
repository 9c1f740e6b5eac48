import * as assert from 'node:assert/strict';
import type { Sandbox } from '../fakes/sandbox';
import type { TransitiveGroupsShape } from '../fakes/scenario';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

/**
 * transitive-parent-groups is a preview API whose entry shape differs between SDK generations: with
 * every shape the sandbox can serve, whoami lists alice's nested groups (analysts → data-team →
 * everyone-data) and a grant to data-team (cluster team-shared) lets her attach.
 */
describe('access-lens whoami and why with each transitive-parent-groups shape (sandbox switch)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;

  signedInSandbox('basic', (started, startedEnv) => ([sandbox, env] = [started, startedEnv]));

  async function check(shape: TransitiveGroupsShape): Promise<{ whoamiStderr: string; whyStderr: string }> {
    sandbox.control.setKnobs({ transitiveGroupsShape: shape });
    const whoami = await runCli(['whoami', '--json'], env);
    assert.equal(whoami.code, 0, whoami.stderr);
    const names = whoami.json<{ databricks: { groups: { displayName: string }[] } }>().databricks.groups.map((g) => g.displayName).sort();
    assert.deepEqual(names, ['analysts', 'data-team', 'everyone-data', 'users'], `nested groups with shape ${shape}`);
    const why = await runCli(['why', 'cluster', '0101-000000-aaaa0001', 'attach', '--json'], env);
    assert.equal(why.code, 0, why.stderr);
    const verdict = why.json<{ allowed: boolean | null; blockers: { code: string }[]; grants: { principal: string; path: string[] }[] }>();
    assert.equal(verdict.allowed, true, `attach through data-team with shape ${shape}: ${JSON.stringify(verdict.blockers)}`);
    assert.deepEqual(verdict.grants.map((g) => g.path), [['user:alice@fabrikam.com', 'group:analysts', 'group:data-team']]);
    return { whoamiStderr: whoami.stderr, whyStderr: why.stderr };
  }

  for (const shape of ['internal_id', 'internal_id-number', 'group_id'] as const) {
    it(`${shape}: reads the nested groups from the API, with no warning`, async () => {
      const before = sandbox.requestLog.length;
      const { whoamiStderr, whyStderr } = await check(shape);
      assert.doesNotMatch(whoamiStderr + whyStderr, /Could not read/);
      assert.ok(sandbox.requestLog.slice(before).some((r) => r.path.endsWith('/transitive-parent-groups') && r.status === 200));
    });
  }

  it('broken: walks SCIM Groups instead, finds the same groups, and says why on stderr', async () => {
    const { whoamiStderr, whyStderr } = await check('broken');
    for (const stderr of [whoamiStderr, whyStderr]) {
      assert.match(stderr, /\[warn\] Could not read the answer of https:\/\/127\.0\.0\.1:\d+\/api\/2\.0\/identity\/principals\/1000000000000001\/transitive-parent-groups: entry 0 has no usable group id \(keys principal_ref[^)]*; expected group_id or internal_id\)\. Reading nested groups through SCIM Groups\/\{id\} instead/);
    }
  });
});
