/**
 * A 5,000-line SQL file's table-reference diagnostics: the finder plus one privilege-chain verdict
 * per distinct name and action, down to diagnostic-shaped findings, against the product's
 * AccessMap (CatalogAccess) over real HTTPS from the sandbox's basic Unity Catalog. Cold: a fresh
 * map, every securable read; warm: the same map again (the CatalogAccess cache). The baseline is
 * the id-reference finder over the same text, in the same run.
 */
import { performance } from 'node:perf_hooks';
import { findReferences } from '../../src/core/references/findReferences';
import { TableVerdictSource, judgeTableReferences, resolveTableReferences } from '../../src/core/references/tableFindings';
import { findTableReferences } from '../../src/core/references/tableReferences';
import { AccessMap } from '../../src/core/workspace/accessMap';
import { startSandbox } from '../fakes/sandbox';
import { sandboxAccessMapCore, sandboxCall } from '../fakes/sandboxClient';

const LINES = 5000;
const TABLES = ['main.features.churn', 'main.features.sessions', 'main.reporting.sales', 'main.reporting.daily', 'main.reporting.audit_log', 'restricted.secrets.keys'];

function buildSql(): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const table = TABLES[i % TABLES.length]!;
    if (i % 10 === 0) lines.push(`-- step ${i}: recompute the features of day ${i % 31}`);
    else if (i % 10 === 3) lines.push(`INSERT INTO main.reporting.sales SELECT region, amount, email FROM ${table} WHERE day = ${i};`);
    else if (i % 10 === 7) lines.push(`SELECT a.id, b.total FROM ${table} a JOIN features.t${i % 50} b ON a.id = b.id;`);
    else lines.push(`SELECT customer_id, count(*) AS n_${i} FROM ${table} WHERE day >= '2026-11-01' GROUP BY customer_id;`);
  }
  return lines.join('\n');
}

async function diagnostics(text: string, source: TableVerdictSource): Promise<number> {
  const references = findTableReferences(text, 'sql');
  const findings = judgeTableReferences(references, await resolveTableReferences(references, [source]));
  return findings.map((f) => ({ range: [f.reference.line, f.reference.start, f.reference.end], severity: f.severity, code: f.code, message: f.message })).length;
}

export async function benchTableDiagnostics(): Promise<void> {
  const sandbox = await startSandbox({ scenario: 'basic' });
  try {
    const user = 'alice@fabrikam.com';
    let reads = 0;
    const call = sandboxCall(sandbox, sandbox.control.mintDatabricksToken({ userName: user }), (path) => void (path.includes('/unity-catalog/') && reads++));
    const map = new AccessMap(sandboxAccessMapCore(call, sandbox.control.mintEntraToken({ userName: user }), 100), sandbox.workspaceHost, 'bench');
    const source: TableVerdictSource = { host: map.catalog.host, why: (ref, action) => map.catalog.why(ref, action) };
    const text = buildSql();
    await map.whoami(); // who you are is the views' first read, not this file's
    const coldStart = performance.now();
    const count = await diagnostics(text, source);
    const cold = performance.now() - coldStart;
    const coldReads = reads;
    let warm = Infinity;
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      await diagnostics(text, source);
      warm = Math.min(warm, performance.now() - start);
    }
    // The split: the finder alone, and the verdict lookups alone (cache hits, judged again).
    let finder = Infinity;
    let lookups = Infinity;
    for (let run = 0; run < 5; run++) {
      let start = performance.now();
      const found = findTableReferences(text, 'sql');
      finder = Math.min(finder, performance.now() - start);
      start = performance.now();
      await resolveTableReferences(found, [source]);
      lookups = Math.min(lookups, performance.now() - start);
    }
    let baseline = Infinity;
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      findReferences(text);
      baseline = Math.min(baseline, performance.now() - start);
    }
    const references = findTableReferences(text, 'sql').length;
    const per1k = (ms: number) => (ms / (LINES / 1000)).toFixed(1);
    console.log(
      `tables      ${LINES.toLocaleString('en')}-line SQL file (${references} references, ${(text.length / 1024).toFixed(0)} KB): warm ${warm.toFixed(1)} ms (${per1k(warm)} ms per 1,000 lines; ${(warm / Math.max(baseline, 0.01)).toFixed(1)}× the id-reference scan of it; finder ${finder.toFixed(1)} ms, verdict lookups ${lookups.toFixed(1)} ms), cold from the sandbox ${cold.toFixed(0)} ms (${coldReads} Unity Catalog reads, ${reads - coldReads} when warm); ${count} diagnostics`,
    );
  } finally {
    await sandbox.stop();
  }
}
