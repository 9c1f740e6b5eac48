import * as assert from 'node:assert/strict';
import type { Verdict } from '../../src/core/access';
import { AccessMap } from '../../src/core/workspace/accessMap';
import type { AuthorizedHttp } from '../../src/core/workspace/authorizedHttp';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';
import type { Scenario } from '../fakes/scenario';
import { loadScenario } from '../fakes/scenarioLoad';

const ALICE = 'alice@fabrikam.com';
/** A group's details (`GET /Groups/{id}`); not the filtered list the twins are read with. */
const GROUP_DETAILS = /^\/api\/2\.0\/preview\/scim\/v2\/Groups\/[^/?]+$/;

/** basic, but alice directly in data-team and no nesting: her transitive groups are her direct ones. */
function flat(): Scenario {
  const basic = structuredClone(loadScenario('basic'));
  const groups = basic.workspace.groups!.map((g) =>
    g.displayName === 'data-team' ? { ...g, members: { users: [ALICE] } } : g.displayName === 'everyone-data' ? { ...g, members: {} } : g,
  );
  return { ...basic, name: 'flatGroups', workspace: { ...basic.workspace, groups } };
}

/** What a row says of an action, without the wording that names nothing about who you are. */
const gist = (v: Verdict | undefined) => v && { allowed: v.allowed, granted: v.granted, grants: v.grants, blockers: v.blockers.map((b) => b.code) };

/**
 * Issue 17, "first screen": a verdict needs your user name and your groups' names, not your groups'
 * details (entitlements, parents), so it is computed while those are still being read, over real
 * HTTPS to the sandbox with the details held back; and it is the verdict the full identity gives.
 */
for (const [title, scenario, nested] of [['groups all direct', flat(), false], ['nested groups (basic)', loadScenario('basic'), true]] as const) {
  describe(`access map: the first verdict and your groups' details, ${title} (issue 17)`, function () {
    this.timeout(60_000);
    let sandbox: Sandbox;
    let entraToken: string;
    let plain: AuthorizedHttp;

    before(async () => {
      sandbox = await startSandbox({ scenario });
      entraToken = sandbox.control.mintEntraToken({ userName: ALICE });
      plain = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: ALICE }));
    });
    after(() => sandbox?.stop());

    it(nested ? 'waits for the nested groups\' names, then gives the same verdicts as without the hold' : 'computes the verdicts before any group detail is answered, and they are the ones the full identity gives', async () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const answered: string[] = [];
      const gated: AuthorizedHttp = async (request) => {
        if (GROUP_DETAILS.test(request.path)) await held;
        const response = await plain(request);
        answered.push(request.path);
        return response;
      };
      const map = new AccessMap(sandboxAccessMapCore(gated, entraToken, 1000), sandbox.workspaceHost, 'test-account');
      const clusters = await map.list('cluster');
      const named = (name: string) => clusters.find((c) => c.name === name)!;
      const rows = Promise.all(['team-shared', 'engineers-gpu'].map((name) => map.row('cluster', named(name))));
      const early = await Promise.race([rows, new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), 1500))]);
      if (nested) assert.equal(early, 'held', 'a nested group is named only by its details: no verdict before them');
      else assert.notEqual(early, 'held', 'the verdicts waited for the groups\' details');
      if (!nested) assert.equal(answered.filter((p) => GROUP_DETAILS.test(p)).length, 0, 'no group detail was answered before the verdicts');
      release();
      const [shared, engineersGpu] = await rows;
      const identity = await map.whoami();
      assert.ok(identity.groups.length >= 2, 'the details still come in for the full identity');

      // The same verdicts as a map that read everything before evaluating.
      const reference = new AccessMap(sandboxAccessMapCore(plain, entraToken, 1000), sandbox.workspaceHost, 'test-account');
      await reference.whoami();
      const [refShared, refGpu] = await Promise.all([reference.row('cluster', named('team-shared')), reference.row('cluster', named('engineers-gpu'))]);
      assert.equal(shared!.verdicts.attach?.allowed, true, 'data-team holds CAN_ATTACH_TO on team-shared');
      assert.deepEqual(shared!.verdicts.attach?.grants[0]?.path, nested ? [`user:${ALICE}`, 'group:analysts', 'group:data-team'] : [`user:${ALICE}`, 'group:data-team']);
      assert.equal(engineersGpu!.verdicts.attach?.allowed, false, JSON.stringify(engineersGpu!.verdicts.attach?.blockers));
      // alice is in engineers at Entra but not in the workspace group: the partial-sync check still runs early.
      assert.deepEqual(engineersGpu!.verdicts.attach?.blockers.map((b) => b.code), ['GROUP_NOT_SYNCED']);
      for (const action of Object.keys(refShared.verdicts)) {
        assert.deepEqual(gist(shared!.verdicts[action]), gist(refShared.verdicts[action]), `team-shared ${action}`);
        assert.deepEqual(gist(engineersGpu!.verdicts[action]), gist(refGpu.verdicts[action]), `engineers-gpu ${action}`);
      }
    });
  });
}
