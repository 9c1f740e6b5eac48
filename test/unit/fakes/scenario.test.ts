// Scenario loading: the shipped scenarios load, generation is deterministic,
// and validation names every problem with its JSON path.
import * as assert from 'node:assert/strict';
import { Directory } from '../../fakes/directory';
import type { Scenario } from '../../fakes/scenario';
import { ScenarioError } from '../../fakes/scenarioCheck';
import { listScenarioNames, loadScenario } from '../../fakes/scenarioLoad';

function problemsOf(mutate: (s: Scenario) => void): string[] {
  const s = loadScenario('basic');
  mutate(s);
  try {
    loadScenario(s);
  } catch (err) {
    assert.ok(err instanceof ScenarioError, String(err));
    return err.problems;
  }
  assert.fail('expected the scenario to be rejected');
}

describe('fakes: scenarios', () => {
  it('ships demo, basic and large, all valid', () => {
    assert.ok(['basic', 'demo', 'large'].every((n) => listScenarioNames().includes(n)));
    for (const name of ['basic', 'demo']) assert.equal(loadScenario(name).name, name);
  });

  it('demo holds the story the product is shown with', () => {
    const dir = new Directory(loadScenario('demo'));
    const alice = 'alice@contoso.com';
    assert.deepEqual(dir.directGroupsOf(alice).map((g) => g.displayName).sort(), ['data-scientists', 'ml-engineers', 'users']);
    assert.ok(dir.transitiveGroupsOf(alice).some((g) => g.displayName === 'ml-platform'), 'nesting through ml-engineers');
    const gpu = dir.groupByName('gpu-users')!;
    assert.ok(dir.user(alice)!.entraGroups.includes(gpu.externalId!) && !gpu.users.includes(alice), 'partial SCIM sync');
    assert.equal(dir.cluster('0413-112233-bob5t6u7')!.data_security_mode, 'SINGLE_USER');
    assert.equal(dir.user('dave@contoso.com')!.inWorkspace, false);
    assert.ok(dir.jobs.some((j) => j.aclReadableBy === 'managers'));
  });

  it('expands large deterministically (same seed, same workspace)', function () {
    this.timeout(10_000);
    const a = loadScenario('large');
    const b = loadScenario('large');
    assert.equal(a.workspace.clusters!.length, 5000);
    assert.equal(a.workspace.jobs!.length, 5000);
    assert.equal(new Set(a.workspace.clusters!.map((c) => c.cluster_id)).size, 5000);
    assert.equal(new Set(a.workspace.jobs!.map((j) => j.job_id)).size, 5000);
    assert.deepEqual(a, b);
    const other = loadScenario({ ...loadScenario('basic'), generate: { seed: 1, clusters: 5 } });
    const again = loadScenario({ ...loadScenario('basic'), generate: { seed: 2, clusters: 5 } });
    assert.notDeepEqual(other.workspace.clusters, again.workspace.clusters);
  });

  it('names every problem with its path', () => {
    const problems = problemsOf((s) => {
      s.users[0]!.oid = 'not-a-guid';
      (s.workspace.clusters![0] as { cluster_nmae?: string }).cluster_nmae = 'typo';
      s.workspace.clusters![1]!.acl = [{ group: 'ghosts', level: 'CAN_RESTART' }];
      s.workspace.jobs![0]!.acl = [{ group: 'analysts', level: 'CAN_ATTACH_TO' }];
      s.workspace.jobs![1]!.owner = 'data-team';
    });
    const expected = [
      /^users\[0\]\.oid: expected a GUID .*got "not-a-guid"$/,
      /^workspace\.clusters\[0\]\.cluster_nmae: unknown key \(did you mean "cluster_name"\?\)/,
      /^workspace\.clusters\[1\]\.acl\[0\]\.group: no workspace group named "ghosts"$/,
      /^workspace\.jobs\[0\]\.acl\[0\]\.level: expected one of CAN_VIEW, CAN_MANAGE_RUN, CAN_MANAGE, got "CAN_ATTACH_TO"$/,
      /^workspace\.jobs\[1\]\.owner: "data-team" is not a known user or service principal \(a group cannot own or run a job\)$/,
    ];
    assert.equal(problems.length, expected.length, problems.join('\n'));
    for (const [i, re] of expected.entries()) assert.match(problems[i]!, re);
  });

  it('catches broken references: nesting cycles, single-user clusters, unknown members, duplicates', () => {
    const problems = problemsOf((s) => {
      s.workspace.groups![0]!.members = { groups: ['everyone-data'] };
      s.workspace.clusters![1]!.single_user_name = undefined;
      s.workspace.groups![1]!.members = { users: ['dave@fabrikam.com'] };
      s.workspace.jobs![2]!.job_id = 3001;
    });
    assert.ok(problems.some((p) => /group nesting has a cycle: analysts -> everyone-data -> data-team -> analysts/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /clusters\[1\]\.single_user_name: is required when data_security_mode is SINGLE_USER/.test(p)));
    assert.ok(problems.some((p) => /members\.users\[0\]: "dave@fabrikam\.com" is not a workspace user/.test(p)));
    assert.ok(problems.some((p) => /jobs\[2\]\.job_id: duplicate job_id "3001" \(first at workspace\.jobs\[0\]\.job_id\)/.test(p)));
  });

  it('checks the Unity Catalog: unknown principals, privilege spelling, masks on unknown columns, duplicate names', () => {
    const problems = problemsOf((s) => {
      const main = s.workspace.unityCatalog!.catalogs[0]!;
      main.grants![0]!.principal = 'no-such-group';
      main.schemas![0]!.grants![0]!.privileges = ['use schema'];
      main.schemas![1]!.tables![0]!.maskedColumns = ['ssn'];
      main.schemas![1]!.name = 'features';
    });
    const at = 'workspace.unityCatalog.catalogs[0]';
    assert.ok(problems.some((p) => p.startsWith(`${at}.grants[0].principal: "no-such-group" is not a known user, group or service principal`)), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith(`${at}.schemas[0].grants[0].privileges`)));
    assert.ok(problems.some((p) => p.startsWith(`${at}.schemas[1].tables[0].maskedColumns: "ssn" is not one of the table's columns`)));
    assert.ok(problems.some((p) => /schemas\[1\]\.name: duplicate name/.test(p)));
  });

  it('reports an unknown scenario name with the known names, and missing sections', () => {
    assert.throws(() => loadScenario('nope'), (err: unknown) => err instanceof ScenarioError && /known scenario names: .*basic.*demo/.test(err.message));
    assert.throws(() => loadScenario({ name: 'x' } as Scenario), /tenant: is required[\s\S]*users: is required[\s\S]*workspace: is required/);
  });
});
