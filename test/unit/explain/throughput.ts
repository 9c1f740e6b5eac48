/**
 * Throughput of explainError on 10 MB logs, outside the test run (timings in
 * unit tests are flaky on shared machines). Run after `npx tsc -p .`:
 *   node out/test/unit/explain/throughput.js
 * Prints MB/s for a quiet log with the error at the end, a log with no error,
 * and adversarial logs dense with anchors the scanner must confirm and reject.
 */
import { explainError } from '../../../src/core/explain/explain';

const MB = 1024 * 1024;

function build(size: number, line: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const l = line(i);
    parts.push(l);
    length += l.length;
  }
  return parts.join('');
}

const sparkLine = (i: number): string =>
  `2024-05-0${(i % 9) + 1}T12:${String(i % 60).padStart(2, '0')}:00.${i % 1000}Z INFO TaskSetManager: Finished task ${i}.0 in stage ${i % 50}.0 (TID ${i * 3}) in ${i % 997} ms on 10.139.64.${i % 255} (executor ${i % 8}) {"job_id": ${i}, "status": "RUNNING", "cluster": "0412-093011-gpu7x4k2"}\n`;
const httpLine = (i: number): string =>
  `< HTTP/2.0 200 OK (${i % 400}) "status": 200 error_code=none does not have a value; token refreshed; permission check ok for job ${i}\n`;

const cases: Array<[string, string]> = [
  ['spark log, error at the end', build(10 * MB, sparkLine) + '{"error_code":"PERMISSION_DENIED","message":"User a does not have Attach permissions on cluster 0412-093011-gpu7x4k2"}'],
  ['spark log, no access error', build(10 * MB, sparkLine)],
  ['anchor-dense HTTP log, no access error', build(10 * MB, httpLine)],
  ['"AADSTS" repeated', 'AADSTS'.repeat((10 * MB) / 6)],
  ['"error_code": repeated', '"error_code":'.repeat((10 * MB) / 13)],
  ['"does not have " repeated', 'does not have '.repeat((10 * MB) / 14)],
];

for (const [name, text] of cases) {
  explainError(text.slice(0, 100_000)); // warm up the regular expressions
  const runs = 5;
  const started = process.hrtime.bigint();
  let code = '';
  for (let i = 0; i < runs; i++) code = explainError(text).code;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9 / runs;
  const mbPerSecond = text.length / MB / seconds;
  console.log(`${name.padEnd(40)} ${(text.length / MB).toFixed(1)} MB  ${(seconds * 1000).toFixed(0).padStart(5)} ms  ${mbPerSecond.toFixed(0).padStart(5)} MB/s  → ${code}`);
}
