// Diagnostics on cluster policy and instance pool ids in databricks.yml and a job's JSON, against
// the "basic" sandbox scenario ("compute"), in the real extension host. alice may use policy
// data-science (through data-team), not bob-sandbox (bob's alone: NO_GRANT), and may attach to
// gpu-pool, not cpu-pool (engineers, whose Entra twin she is in: GROUP_NOT_SYNCED).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFile, signedInToSandbox, waitForDiagnostics } from './editorHelpers';

const USABLE_POLICY = 'D5A1C0FFEE000001';
const BOBS_POLICY = 'D5A1C0FFEE000004';
const GPU_POOL = '0101-120000-brick1-pool-GPU00001';
const CPU_POOL = '0101-120000-brick2-pool-CPU00002';

const summary = (found: vscode.Diagnostic[]): [number, string][] => found.map((d) => [d.range.start.line, String(d.code)] as [number, string]).sort((a, b) => a[0] - b[0]);

describe('Cluster policy and instance pool references', () => {
  signedInToSandbox();

  it('marks a policy_id in databricks.yml that alice cannot use with NO_GRANT, and leaves the one she can use alone', async () => {
    const content = ['bundle:', '  name: train', 'resources:', '  jobs:', '    train:', '      job_clusters:', '        - job_cluster_key: main', '          new_cluster:', `            policy_id: ${USABLE_POLICY}`, '        - job_cluster_key: other', '          new_cluster:', `            policy_id: ${BOBS_POLICY}`, ''].join('\n');
    const document = await openFile('databricks.yml', content);
    const found = await waitForDiagnostics(document.uri, (f) => f.length > 0, 30_000);
    assert.deepEqual(summary(found), [[11, 'NO_GRANT']]);
    const [diagnostic] = found;
    assert.equal(document.getText(diagnostic!.range), BOBS_POLICY, 'the diagnostic sits on the id');
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic!.message, /You cannot create clusters with policy "bob-sandbox" \(needs CAN_USE\)/, `the message: ${JSON.stringify(diagnostic!.message)}`);
  });

  it('marks an instance_pool_id in a job JSON that alice cannot attach to, and leaves the one she can', async () => {
    const content = JSON.stringify({ name: 'etl', job_clusters: [{ job_cluster_key: 'a', new_cluster: { instance_pool_id: GPU_POOL, policy_id: USABLE_POLICY } }, { job_cluster_key: 'b', new_cluster: { instance_pool_id: CPU_POOL } }] }, null, 2);
    const document = await openFile('etl-job.json', content);
    const found = await waitForDiagnostics(document.uri, (f) => f.length > 0, 30_000);
    assert.deepEqual(found.map((d) => [document.getText(d.range), String(d.code)]), [[CPU_POOL, 'GROUP_NOT_SYNCED']]);
  });
});
