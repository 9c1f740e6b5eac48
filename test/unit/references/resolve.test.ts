import * as assert from 'node:assert/strict';
import { ACTIONS, AccessObject, ObjectKind, Subject, Verdict, evaluate } from '../../../src/core/access';
import { findReferences } from '../../../src/core/references/findReferences';
import { ObjectSummaryLike, VerdictSource, judgeReferences, resolveReferences } from '../../../src/core/references/resolve';

const alice: Subject = {
  userName: 'alice@fabrikam.com',
  groups: [{ id: '1', displayName: 'analysts', externalId: null, path: ['user:alice@fabrikam.com', 'group:analysts'] }],
  entraGroupIds: [],
};

const grant = (principal: string, level: string) => ({ principal, permissions: [{ level, inherited: false, inheritedFrom: null }] });
// Every real ACL carries the admins group's inherited CAN_MANAGE: it makes the list known complete.
const admins = (root: string) => ({ principal: 'group:admins', permissions: [{ level: 'CAN_MANAGE', inherited: true, inheritedFrom: root }] });
const OBJECTS: AccessObject[] = [
  { kind: 'cluster', id: '0101-000000-aaaa0001', name: 'team-shared', acl: { state: 'readable', entries: [grant('group:analysts', 'CAN_ATTACH_TO'), admins('/clusters/')] } },
  { kind: 'cluster', id: '0101-000000-aaaa0002', name: 'bob-single', acl: { state: 'readable', entries: [grant('user:alice@fabrikam.com', 'CAN_RESTART'), admins('/clusters/')] }, dataSecurityMode: 'SINGLE_USER', singleUserName: 'bob@fabrikam.com' },
  { kind: 'cluster', id: '0101-000000-aaaa0003', name: 'engineers-only', acl: { state: 'unreadable', reason: '403' } },
  { kind: 'job', id: '3001', name: 'daily-report', acl: { state: 'readable', entries: [grant('group:analysts', 'CAN_VIEW'), admins('/jobs/')] } },
  { kind: 'job', id: '3002', name: 'alice-pipeline', acl: { state: 'readable', entries: [grant('group:analysts', 'CAN_MANAGE_RUN'), admins('/jobs/')] } },
];

function source(host: string, objects: AccessObject[], counts = { lists: 0, rows: 0 }): VerdictSource {
  return {
    host,
    list: async (kind: ObjectKind) => {
      counts.lists++;
      return objects.filter((o) => o.kind === kind).map((o) => ({ id: o.id, name: o.name }));
    },
    row: async (kind: ObjectKind, summary: ObjectSummaryLike) => {
      counts.rows++;
      const object = objects.find((o) => o.kind === kind && o.id === summary.id);
      if (!object) throw new Error('not listed');
      const verdicts: Record<string, Verdict> = {};
      for (const action of ACTIONS[kind]) verdicts[action] = evaluate(alice, object, action);
      return { verdicts };
    },
  };
}

const bundle = `resources:
  jobs:
    nightly:
      tasks:
        - task_key: a
          existing_cluster_id: 0101-000000-aaaa0001
        - task_key: b
          existing_cluster_id: 0101-000000-aaaa0002
        - task_key: c
          existing_cluster_id: 0101-000000-aaaa0003
        - task_key: d
          run_job_task:
            job_id: 3001
        - task_key: e
          run_job_task:
            job_id: 3002
        - task_key: f
          existing_cluster_id: 0999-999999-gone0000
`;

describe('judging cluster and job references against the access map', () => {
  it('flags what the context needs and you lack; usable references stay quiet', async () => {
    const references = findReferences(bundle);
    const counts = { lists: 0, rows: 0 };
    const findings = judgeReferences(references, await resolveReferences(references, [source('https://adb-1.azuredatabricks.net', OBJECTS, counts)]));
    assert.deepEqual(findings.map((f) => [f.reference.id, f.severity, f.code]), [
      ['0101-000000-aaaa0002', 'error', 'SINGLE_USER_CLUSTER'],
      ['0101-000000-aaaa0003', 'information', 'UNKNOWN'],
      ['3001', 'error', 'LEVEL_TOO_LOW'],
      ['0999-999999-gone0000', 'warning', 'NOT_FOUND'],
    ]);
    assert.match(findings[0]?.message ?? '', /^You cannot attach to cluster "bob-single" \(needs CAN_ATTACH_TO\): The cluster is in dedicated/);
    assert.match(findings[2]?.message ?? '', /You cannot run job "daily-report" \(needs CAN_MANAGE_RUN\): You hold CAN_VIEW/);
    assert.match(findings[3]?.message ?? '', /No cluster with id 0999-999999-gone0000 in adb-1\.azuredatabricks\.net/);
    assert.equal(findings[0]?.host, 'https://adb-1.azuredatabricks.net');
    assert.equal(findings[0]?.verdict?.action, 'attach');
    assert.equal(counts.lists, 6, 'one list per object and workspace asked (the map caches them)');
    assert.equal(counts.rows, 5, 'one row per distinct object found');
  });

  it('the same job is fine to view but not to run', async () => {
    const text = 'w.jobs.get(job_id=3001)\nw.jobs.run_now(job_id=3001)';
    const references = findReferences(text);
    const findings = judgeReferences(references, await resolveReferences(references, [source('h', OBJECTS)]));
    assert.deepEqual(findings.map((f) => [f.reference.line, f.reference.action, f.code]), [[1, 'run', 'LEVEL_TOO_LOW']]);
  });

  it('says a permissions list cut down to nothing leaves the verdict unknown, not denied', async () => {
    const cutDown: AccessObject[] = [{ kind: 'job', id: '3001', name: 'daily-report', acl: { state: 'readable', entries: [] } }];
    const references = findReferences('w.jobs.run_now(job_id=3001)');
    const findings = judgeReferences(references, await resolveReferences(references, [source('h', cutDown)]));
    assert.deepEqual(findings.map((f) => [f.severity, f.code]), [['information', 'UNKNOWN']]);
    assert.match(findings[0]?.message ?? '', /its permissions are only partly readable to you/);
  });

  it('asks the workspaces in order and says nothing when none can answer', async () => {
    const failing: VerdictSource = { host: 'https://down', list: () => Promise.reject(new Error('offline')), row: () => Promise.reject(new Error('offline')) };
    const references = findReferences('cluster_id = "0101-000000-aaaa0002"');
    const resolutions = await resolveReferences(references, [failing, source('https://up', OBJECTS)]);
    assert.equal(judgeReferences(references, resolutions)[0]?.host, 'https://up');
    const none = await resolveReferences(references, [failing]);
    assert.deepEqual(none.get('cluster:0101-000000-aaaa0002'), { state: 'unavailable', reason: 'https://down: offline' });
    assert.deepEqual(judgeReferences(references, none), []);
    assert.deepEqual(judgeReferences(references, await resolveReferences(references, [])), []);
  });
});
