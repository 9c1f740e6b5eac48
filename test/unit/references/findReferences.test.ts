import * as assert from 'node:assert/strict';
import { findReferences } from '../../../src/core/references/findReferences';
import { withinGuard } from '../helpers/timeGuard';

const C = '0412-093011-gpu7x4k2';

/** [what, text, expected [kind, id, action, key] per reference] */
const TABLE: [string, string, [string, string, string, string][]][] = [
  // Python
  ['SDK keyword argument', `w.clusters.get(cluster_id="${C}")`, [['cluster', C, 'attach', 'cluster_id']]],
  ['single quotes, spaces', `cluster_id = '${C}'`, [['cluster', C, 'attach', 'cluster_id']]],
  ['starting a cluster needs restart', `w.clusters.start(cluster_id="${C}").result()`, [['cluster', C, 'restart', 'cluster_id']]],
  ['editing a cluster needs manage', `w.clusters.edit(cluster_id="${C}", spark_version="15.4.x-scala2.12")`, [['cluster', C, 'manage', 'cluster_id']]],
  ['databricks-connect builder', `DatabricksSession.builder.remote(host=h, cluster_id="${C}").getOrCreate()`, [['cluster', C, 'attach', 'cluster_id']]],
  ['run_now needs run', 'w.jobs.run_now(job_id=3001)', [['job', '3001', 'run', 'job_id']]],
  ['jobs.get only views', 'job = w.jobs.get(job_id=3001)', [['job', '3001', 'view', 'job_id']]],
  ['jobs.delete needs manage', 'w.jobs.delete(job_id=3001)', [['job', '3001', 'manage', 'job_id']]],
  ['a call split over lines takes the verb from the line before', 'run = w.jobs.run_now(\n    job_id=3002,\n)', [['job', '3002', 'run', 'job_id']]],
  ['a dict with the quoted form', `payload = {"cluster_id": "${C}", "job_id": 17}`, [['cluster', C, 'attach', 'cluster_id'], ['job', '17', 'run', 'job_id']]],
  ['environment variable', `DATABRICKS_CLUSTER_ID=${C}`, [['cluster', C, 'attach', 'CLUSTER_ID']]],
  // Scala, SQL, shell
  ['Scala builder', `DatabricksSession.builder().clusterId("${C}").getOrCreate()`, [['cluster', C, 'attach', 'clusterId']]],
  ['Scala map arrow', `Map("existing_cluster_id" -> "${C}")`, [['cluster', C, 'attach', 'existing_cluster_id']]],
  ['SQL comment', `-- cluster_id: ${C}\nSELECT 1`, [['cluster', C, 'attach', 'cluster_id']]],
  ['CLI flag', 'databricks jobs run-now --job-id 3001', [['job', '3001', 'run', 'job-id']]],
  ['CLI get flag views', 'databricks jobs get --job-id=3001', [['job', '3001', 'view', 'job-id']]],
  // Bundle YAML and JSON job specs
  ['bundle task on an existing cluster', `tasks:\n  - task_key: train\n    existing_cluster_id: ${C}  # shared`, [['cluster', C, 'attach', 'existing_cluster_id']]],
  ['bundle run_job_task', 'tasks:\n  - task_key: downstream\n    run_job_task:\n      job_id: 612345678901002', [['job', '612345678901002', 'run', 'job_id']]],
  ['JSON job spec', `{\n  "tasks": [{"existing_cluster_id": "${C}"}],\n  "run_job_task": {"job_id": "3002"}\n}`, [['cluster', C, 'attach', 'existing_cluster_id'], ['job', '3002', 'run', 'job_id']]],
  // Inside a notebook's JSON: escaped quotes
  ['ipynb source line', `"source": ["w.clusters.get(cluster_id=\\"${C}\\")\\n"]`, [['cluster', C, 'attach', 'cluster_id']]],
  // Not references
  ['a variable, not an id', 'w.clusters.get(cluster_id=my_cluster)', []],
  ['bundle interpolation', 'existing_cluster_id: ${var.cluster_id}', []],
  ['a type hint', 'def f(job_id: int = 5): ...', []],
  ['a comparison', 'if job_id == 3001: pass', []],
  ['another name that contains the key', `subcluster_id = "${C}"; cluster_identity = "${C}"; cluster_ids = ["${C}"]`, []],
  ['an id with more after it', `cluster_id = "${C}-suffix"`, []],
  ['a decimal', 'job_id = 12.5', []],
  ['not a cluster id shape', 'cluster_id = "abc-def"', []],
];

describe('finding cluster and job references', () => {
  for (const [what, text, expected] of TABLE) {
    it(what, () => {
      const found = findReferences(text);
      assert.deepEqual(found.map((r) => [r.kind, r.id, r.action, r.key]), expected);
      for (const r of found) {
        const line = text.split('\n')[r.line] ?? '';
        assert.equal(line.slice(r.start, r.end), r.id, 'the span is the id on its line');
        assert.equal(text.slice(r.offset, r.offset + r.id.length), r.id, 'the offset is the id in the text');
      }
    });
  }

  it('counts lines right after many references', () => {
    const text = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `x = 1\njob_id = ${i}` : `cluster_id = "${C}"`)).join('\n');
    const found = findReferences(text);
    const lines = text.split('\n');
    for (const r of found) assert.equal(lines[r.line]?.slice(r.start, r.end), r.id);
    assert.equal(found.length, 300);
  });

  it('stops at the cap', () => {
    assert.equal(findReferences('job_id=1\n'.repeat(50), 10).length, 10);
  });

  it('stays linear on adversarial input', () => {
    const inputs = ['cluster_id'.repeat(200_000), `cluster_id${' '.repeat(1_000_000)}`, `cluster_id="${'0'.repeat(1_000_000)}`, 'job_id=('.repeat(200_000), '-'.repeat(2_000_000)];
    for (const input of inputs) {
      withinGuard(() => findReferences(input), 1500, (ms) => `${input.slice(0, 20)}… took ${ms.toFixed(0)} ms`);
    }
  });
});
