import * as assert from 'node:assert/strict';
import { judgeChain } from '../../../src/core/catalog';
import type { SecurableRef, UcVerdict } from '../../../src/core/catalog/types';
import { TableVerdictSource, judgeTableReferences, resolveTableReferences } from '../../../src/core/references/tableFindings';
import { findTableReferences } from '../../../src/core/references/tableReferences';
import { tableFacts } from '../catalog/chainFixtures';

const DENIED = judgeChain(tableFacts({ schema: { effective: [] } }));
const ALLOWED = judgeChain(tableFacts());
const UNKNOWN = judgeChain(tableFacts({ table: { effective: null, unreadableReason: 'HTTP 403' } }));

/** A workspace whose verdicts come from a table, counting what it is asked. */
function source(host: string, verdicts: Record<string, UcVerdict | Error>): TableVerdictSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    host,
    asked,
    why: async (ref: SecurableRef, action: string) => {
      asked.push(`${ref.kind}:${ref.fullName}:${action}`);
      const v = verdicts[ref.fullName];
      if (!v) throw new Error(`not in ${host}`);
      if (v instanceof Error) throw v;
      return v;
    },
  };
}

async function findings(sql: string, sources: TableVerdictSource[]) {
  const references = findTableReferences(sql, 'sql');
  return judgeTableReferences(references, await resolveTableReferences(references, sources));
}

describe('Table reference findings', () => {
  it('warns on a denied table with the blocker code and the summary, says nothing on an allowed one', async () => {
    const ws = source('https://a', { 'main.features.churn': DENIED, 'main.reporting.sales': ALLOWED });
    const found = await findings('SELECT * FROM main.features.churn JOIN main.reporting.sales USING (id)', [ws]);
    assert.deepEqual(found.map((f) => [f.reference.fullName, f.severity, f.code, f.host]), [['main.features.churn', 'warning', 'PRIVILEGE_MISSING', 'https://a']]);
    assert.match(found[0]!.message, /^You cannot select from table main\.features\.churn: You do not hold USE SCHEMA on schema main\.features/);
  });

  it('gives an information that says why when the verdict is unknown', async () => {
    const found = await findings('SELECT 1 FROM main.features.churn', [source('https://a', { 'main.features.churn': UNKNOWN })]);
    assert.deepEqual(found.map((f) => [f.severity, f.code]), [['information', 'ACL_UNREADABLE']]);
    assert.match(found[0]!.message, /^Unknown whether you can select from table main\.features\.churn: .*HTTP 403/);
  });

  it('asks once per distinct name and action, and never about a partial name: a hint says it resolves at run time', async () => {
    const ws = source('https://a', { 'main.features.churn': DENIED });
    const sql = ['SELECT * FROM main.features.churn;', 'SELECT * FROM main.features.churn a JOIN churn b;', 'INSERT INTO main.features.churn SELECT * FROM features.churn;'].join('\n');
    const found = await findings(sql, [ws]);
    assert.deepEqual(ws.asked.sort(), ['table:main.features.churn:modify', 'table:main.features.churn:select']);
    assert.deepEqual(found.filter((f) => f.reference.partial).map((f) => [f.reference.fullName, f.severity, f.code, f.verdict]), [['churn', 'hint', 'PARTIAL_NAME', undefined], ['features.churn', 'hint', 'PARTIAL_NAME', undefined]]);
    assert.match(found.find((f) => f.reference.fullName === 'churn')!.message, /resolved when the code runs, against the session's current catalog and schema/);
    assert.match(found.find((f) => f.reference.fullName === 'features.churn')!.message, /current catalog:/);
    assert.equal(found.filter((f) => f.severity === 'warning').length, 3);
  });

  it('takes the first workspace with a definite answer, and says nothing when none can answer', async () => {
    const a = source('https://a', { 'main.features.churn': UNKNOWN });
    const b = source('https://b', { 'main.features.churn': ALLOWED });
    assert.deepEqual(await findings('SELECT * FROM main.features.churn', [a, b]), []);
    const failing = source('https://c', { 'main.features.churn': new Error('offline') });
    assert.deepEqual(await findings('SELECT * FROM main.features.churn', [failing]), []);
    const found = await findings('SELECT * FROM main.features.churn', [failing, a]);
    assert.deepEqual(found.map((f) => [f.host, f.severity]), [['https://a', 'information']]);
  });
});
