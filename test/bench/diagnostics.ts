/**
 * "Diagnostics for a 5,000-line file land within 100 ms after the access map
 * is warm": the whole computation behind the editor's reference and
 * access-error diagnostics for a generated 5,000-line file (500 cluster and
 * job references, 100 error lines), down to diagnostic-shaped objects,
 * against the product's AccessMap warmed over real HTTPS from the sandbox (a
 * generated workspace of 2,000 clusters and 1,000 jobs, every verdict read).
 * The baseline is a bare line split of the same text, in the same run.
 */
import { performance } from 'node:perf_hooks';
import { locateAccessErrors } from '../../src/core/explain/locate';
import { findReferences } from '../../src/core/references/findReferences';
import { VerdictSource, judgeReferences, resolveReferences } from '../../src/core/references/resolve';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { startSandbox } from '../fakes/sandbox';
import { largeScenario, sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';

/** The kinds the bench reads: the large scenario has clusters and jobs only. */
type BenchKind = 'cluster' | 'job';

const LINES = 5000;

/** Ids the file names: mostly listed ones, some (every 13th) that the workspace does not know. */
function buildFile(clusterIds: readonly string[], jobIds: readonly string[]): string {
  const cluster = (i: number) => (i % 13 === 0 ? `0412-${String(100000 + i).slice(-6)}-zz${String(i).padStart(6, '0')}` : clusterIds[(i * 7) % clusterIds.length]!);
  const job = (i: number) => (i % 13 === 0 ? String(900000 + i) : jobIds[(i * 3) % jobIds.length]!);
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    if (i % 50 === 7) lines.push(`# last run: {"error_code":"PERMISSION_DENIED","message":"User alice@contoso.com does not have Attach permissions on cluster ${cluster(i)}."}`);
    else if (i % 20 === 3) lines.push(`    spark = DatabricksSession.builder.remote(cluster_id="${cluster(i)}").getOrCreate()`);
    else if (i % 20 === 13) lines.push(`    run = w.jobs.run_now(job_id=${job(i)})`);
    else lines.push(`    features_${i} = spark.table("main.features.t${i % 97}").where("day >= '2026-11-01'").groupBy("user_id").count()`);
  }
  return lines.join('\n');
}

/** The product's AccessMap with every list and verdict read from the sandbox: warm. */
async function warmMap(): Promise<{ map: AccessMap; ids: Record<BenchKind, string[]>; stop: () => Promise<void> }> {
  const sandbox = await startSandbox({ scenario: largeScenario('diagnostics', { clusters: 2000, jobs: 1000 }) });
  const call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: 'alice@contoso.com' }));
  const map = new AccessMap(sandboxAccessMapCore(call, sandbox.control.mintEntraToken({ userName: 'alice@contoso.com' }), 2000), sandbox.workspaceHost, 'bench');
  const ids = { cluster: [] as string[], job: [] as string[] };
  for (const kind of ['cluster', 'job'] as const) {
    const list = await map.list(kind);
    ids[kind] = list.map((o) => o.id);
    await map.fillIn(kind, list);
  }
  return { map, ids, stop: () => sandbox.stop() };
}

/** What the extension hands to VS Code, as plain objects (vscode.Diagnostic needs the extension host). */
function toDiagnostics(text: string, sources: readonly VerdictSource[]): Promise<object[]> {
  const references = findReferences(text);
  return resolveReferences(references, sources).then((resolutions) => {
    const shaped: object[] = judgeReferences(references, resolutions).map((f) => ({ range: { start: { line: f.reference.line, character: f.reference.start }, end: { line: f.reference.line, character: f.reference.end } }, message: f.message, severity: f.severity, code: f.code, source: 'Access Lens' }));
    for (const e of locateAccessErrors(text)) shaped.push({ range: { start: { line: e.line, character: e.start }, end: { line: e.line, character: e.end } }, message: `${e.explanation.title}: ${e.explanation.explanation}`, severity: 'error', code: e.explanation.code, source: 'Access Lens' });
    return shaped;
  });
}

export async function benchDiagnostics(): Promise<void> {
  const warm = await warmMap();
  try {
    await measure(buildFile(warm.ids.cluster, warm.ids.job), [warm.map]);
  } finally {
    await warm.stop();
  }
}

async function measure(text: string, sources: readonly VerdictSource[]): Promise<void> {
  await toDiagnostics(text, sources); // the first pass indexes the cached lists, as the first scan after a refresh does
  let best = Infinity;
  let count = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    count = (await toDiagnostics(text, sources)).length;
    best = Math.min(best, performance.now() - start);
  }
  let baseline = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    text.split('\n');
    baseline = Math.min(baseline, performance.now() - start);
  }
  const references = findReferences(text).length;
  console.log(`diagnostics ${LINES.toLocaleString('en')}-line file (${references} references, ${(text.length / 1024).toFixed(0)} KB), warm AccessMap from the sandbox: ${best.toFixed(1)} ms (target 100 ms; ${(best / Math.max(baseline, 0.01)).toFixed(0)}× a bare line split); ${count} diagnostics`);
}
