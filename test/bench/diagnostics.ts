/**
 * "Diagnostics for a 5,000-line file land within 100 ms after the access map
 * is warm": the whole computation behind the editor's reference and
 * access-error diagnostics for a generated 5,000-line file (500 cluster and
 * job references, 100 error lines), against warm access maps (a workspace of
 * 5,000 clusters and 1,000 jobs whose lists and rows are cached promises, as
 * AccessMap holds them), down to diagnostic-shaped objects. The baseline is
 * a bare line split of the same text, in the same run.
 */
import { performance } from 'node:perf_hooks';
import { ACTIONS, AccessObject, ObjectKind, Subject, Verdict, evaluate } from '../../src/core/access';
import { locateAccessErrors } from '../../src/core/errors/locate';
import { findReferences } from '../../src/core/references/findReferences';
import { ObjectSummaryLike, VerdictSource, judgeReferences, resolveReferences } from '../../src/core/references/resolve';

const LINES = 5000;

function clusterId(i: number): string {
  return `0412-${String(100000 + i).slice(-6)}-c${String(i).padStart(7, '0')}`;
}

function buildFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    if (i % 50 === 7) lines.push(`# last run: {"error_code":"PERMISSION_DENIED","message":"User alice@contoso.com does not have Attach permissions on cluster ${clusterId(i)}."}`);
    else if (i % 20 === 3) lines.push(`    spark = DatabricksSession.builder.remote(cluster_id="${clusterId((i * 7) % 5200)}").getOrCreate()`);
    else if (i % 20 === 13) lines.push(`    run = w.jobs.run_now(job_id=${900000 + ((i * 3) % 1100)})`);
    else lines.push(`    features_${i} = spark.table("main.features.t${i % 97}").where("day >= '2026-11-01'").groupBy("user_id").count()`);
  }
  return lines.join('\n');
}

/** A warm access map: every list and row already a settled promise. */
function warmSource(): VerdictSource {
  const subject: Subject = {
    userName: 'alice@contoso.com',
    groups: Array.from({ length: 40 }, (_, i) => ({ id: String(i), displayName: `group-${i}`, externalId: null, path: ['user:alice@contoso.com', `group:group-${i}`] })),
    entraGroupIds: [],
  };
  const objects = new Map<ObjectKind, AccessObject[]>([
    ['cluster', Array.from({ length: 5000 }, (_, i) => ({ kind: 'cluster', id: clusterId(i), name: `cluster-${i}`, acl: { state: 'readable', entries: [{ principal: `group:group-${i % 80}`, permissions: [{ level: 'CAN_ATTACH_TO', inherited: false, inheritedFrom: null }] }] } }))],
    ['job', Array.from({ length: 1000 }, (_, i) => ({ kind: 'job', id: String(900000 + i), name: `job-${i}`, acl: { state: 'readable', entries: [{ principal: `group:group-${i % 60}`, permissions: [{ level: i % 3 ? 'CAN_VIEW' : 'CAN_MANAGE_RUN', inherited: false, inheritedFrom: null }] }] } }))],
  ]);
  const lists = new Map<ObjectKind, Promise<ObjectSummaryLike[]>>();
  const rows = new Map<string, Promise<{ verdicts: Record<string, Verdict> }>>();
  for (const [kind, list] of objects) {
    lists.set(kind, Promise.resolve(list.map((o) => ({ id: o.id, name: o.name }))));
    for (const o of list) {
      const verdicts: Record<string, Verdict> = {};
      for (const action of ACTIONS[kind]) verdicts[action] = evaluate(subject, o, action);
      rows.set(`${kind}:${o.id}`, Promise.resolve({ verdicts }));
    }
  }
  return {
    host: 'https://adb-1.2.azuredatabricks.net',
    list: (kind) => lists.get(kind) ?? Promise.resolve([]),
    row: (kind, summary) => rows.get(`${kind}:${summary.id}`) ?? Promise.reject(new Error('not listed')),
  };
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
  const text = buildFile();
  const sources = [warmSource()];
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
  console.log(`diagnostics ${LINES.toLocaleString('en')}-line file (${references} references, ${(text.length / 1024).toFixed(0)} KB), warm access map: ${best.toFixed(1)} ms (target 100 ms; ${(best / Math.max(baseline, 0.01)).toFixed(0)}× a bare line split); ${count} diagnostics`);
}
