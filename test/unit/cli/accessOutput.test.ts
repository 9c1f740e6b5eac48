/** The `ls` table (src/cli/commands/accessOutput.ts) at enterprise scale. */
import * as assert from 'node:assert/strict';
import { rowsText } from '../../../src/cli/commands/accessOutput';
import type { ObjectRow } from '../../../src/core/workspace/accessMap';

describe('rowsText', () => {
  it('prints 200,000 rows (a workspace past 100,000 jobs) without overflowing the stack, the name column as wide as the longest name', () => {
    const row = (i: number): ObjectRow => ({ kind: 'job', id: String(i), name: i === 7 ? 'the-longest-job-name' : `job-${i}`, level: null, via: null, allowed: { view: true }, blocker: {}, verdicts: {} });
    const rows = Array.from({ length: 200_000 }, (_, i) => row(i));
    const lines = rowsText(rows, ['view']).split('\n');
    assert.equal(lines.length, 200_001);
    assert.ok(lines[0]?.startsWith(`NAME${' '.repeat('the-longest-job-name'.length - 4)}  ID`), lines[0]);
  });
});
