import * as assert from 'node:assert/strict';
import { AUDIT_FILTERS, auditFilter, exportFormatFor, renderAudit } from '../../../src/core/audit/auditExport';
import type { AuditEvent } from '../../../src/core/audit/auditLog';

// Built at run time: no token-like literal lives in the repository.
const jwt = ['eyJ' + 'hbGciOiJSUzI1NiJ9', 'eyJzdWIiOiJ4In0', 'c2lnbmF0dXJl'].join('.');
const pat = 'dapi' + '0123456789abcdef'.repeat(2);

const events: AuditEvent[] = [
  { time: '2026-03-01T10:00:00.000Z', event: 'sign-in', source: 'vscode', outcome: 'ok', entra: { upn: 'alice@contoso.com', objectId: 'oid-1', tenantId: 'tid' }, databricks: { host: 'https://adb-1.2.azuredatabricks.net', userName: 'alice@contoso.com' } },
  { time: '2026-03-01T10:05:00.000Z', event: 'doctor', source: 'cli', outcome: 'error', code: 'group-sync', detail: `saw ${jwt} and ${pat}` },
  { time: '2026-03-01T10:06:00.000Z', event: 'access-check', source: 'vscode', outcome: 'ok', detail: '=HYPERLINK("x") | "quoted"' },
];

describe('audit export', () => {
  it('picks the format from the file name', () => {
    assert.equal(exportFormatFor('/tmp/a.jsonl'), 'jsonl');
    assert.equal(exportFormatFor('/tmp/a.MD'), 'md');
    assert.equal(exportFormatFor('/tmp/a.csv'), 'csv');
    assert.equal(exportFormatFor('/tmp/a.txt'), 'jsonl');
  });

  it('filters by id', () => {
    assert.deepEqual(events.filter(auditFilter('failures')!.test).map((e) => e.event), ['doctor']);
    assert.deepEqual(events.filter(auditFilter('sign-in')!.test).map((e) => e.event), ['sign-in']);
    assert.equal(auditFilter('nope'), undefined);
    assert.equal(new Set(AUDIT_FILTERS.map((f) => f.id)).size, AUDIT_FILTERS.length);
  });

  it('never writes a token, in any format, even when a line holds one', () => {
    for (const format of ['jsonl', 'md', 'csv'] as const) {
      const text = renderAudit(events, format, 'All events');
      assert.ok(!text.includes(jwt) && !text.includes(pat), format);
      assert.match(text, /«redacted»/, format);
    }
  });

  it('writes JSON Lines oldest first, Markdown newest first, CSV quoted with formulas defused', () => {
    const lines = renderAudit(events, 'jsonl', 'x').trim().split('\n').map((l) => JSON.parse(l) as AuditEvent);
    assert.deepEqual(lines.map((e) => e.event), ['sign-in', 'doctor', 'access-check']);
    assert.equal(lines[0]?.entra?.upn, 'alice@contoso.com');
    const md = renderAudit(events, 'md', 'All events');
    assert.ok(md.indexOf('access-check') < md.indexOf('| sign-in |'));
    assert.match(md, /\\\| "quoted"/);
    const csv = renderAudit(events, 'csv', 'x').split('\r\n');
    assert.equal(csv.length, 5);
    assert.match(csv[3]!, /"'=HYPERLINK\(""x""\) \| ""quoted"""/);
  });

  it('defuses every formula lead-in in CSV: a tab, a carriage return and the full-width signs too (issue 12)', () => {
    const leads = ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1+1', '\r=1+1', '\uFF1D1+1', '\uFF0B1', '\uFF0D1', '\uFF20SUM(A1)'];
    const rows = leads.map((detail, i) => ({ time: `2026-03-01T10:0${i}:00.000Z`, event: 'doctor' as const, source: 'cli' as const, outcome: 'ok' as const, detail }));
    const csv = renderAudit(rows, 'csv', 'x').split('\r\n').slice(1, -1);
    assert.equal(csv.length, leads.length);
    for (const [i, line] of csv.entries()) {
      const detail = /"([^"]*)"$/.exec(line)?.[1] ?? '';
      assert.ok(detail.startsWith("'"), `${JSON.stringify(leads[i])} is defused: ${JSON.stringify(detail)}`);
    }
  });
});
