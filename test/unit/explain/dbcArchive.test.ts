import * as assert from 'node:assert/strict';
import { AccessLensError } from '../../../src/core/errors';
import { locateDbcReportErrors, plainErrorText, renderDbcReport, scanDbcArchive } from '../../../src/core/explain/dbc/dbcArchive';
import { readZipEntries } from '../../../src/core/explain/dbc/zip';
import { sampleDbc, zip } from '../../corpus/dbc';
import { DENIED, DENIED_RUN } from '../../corpus/notebooks';
import { withinGuard } from '../helpers/timeGuard';

function rejects(input: Buffer, message: RegExp, limits?: Parameters<typeof readZipEntries>[1]): void {
  assert.throws(() => readZipEntries(input, limits), (error: unknown) => {
    assert.ok(error instanceof AccessLensError, String(error));
    assert.equal(error.code, 'BAD_ARCHIVE');
    assert.match(error.message, message);
    assert.match(error.message, /Export .*DBC Archive/, 'says what to do');
    return true;
  });
}

describe('access errors in DBC archives', () => {
  it('reads stored and deflated entries, leaving folders out', () => {
    const entries = readZipEntries(sampleDbc());
    assert.deepEqual(entries.map((e) => e.name), ['Users/alice/nightly.python', 'Users/alice/jobs/run.sql', 'Users/alice/README.md']);
    assert.match(entries[0]!.data.toString('utf8'), /^\{"version":"NotebookV1"/);
    assert.deepEqual(readZipEntries(zip([])), []);
  });

  it('keeps the failed commands whose error is an access error, not other errors, code, tables or other files', () => {
    const scan = scanDbcArchive(sampleDbc());
    assert.equal(scan.notebooks, 2);
    assert.equal(scan.failedCommands, 3);
    assert.deepEqual(scan.skipped, []);
    assert.deepEqual(scan.accessErrors.map((e) => [e.notebook, e.language, e.command, e.explanation.code, e.explanation.object?.id]), [
      ['Users/alice/nightly', 'python', 2, 'PERMISSION_DENIED', '0101-000000-aaaa0002'],
      ['Users/alice/jobs/run', 'sql', 1, 'PERMISSION_DENIED', '3001'],
    ]);
    assert.equal(scan.accessErrors[0]!.line, `PermissionDenied: ${DENIED}`);
    assert.equal(scan.accessErrors[1]!.line, `Error: ${DENIED_RUN} & exited 1`, 'HTML tags and entities are gone');
    assert.match(scan.accessErrors[0]!.source, /w\.clusters\.start/);
  });

  it('handles the shapes of other Databricks versions: errorDetails objects, error results, commands out of order, odd values', () => {
    const notebook = {
      commands: [
        { position: 2, command: 'b', state: 'error', errorSummary: null, error: null, errorDetails: { errorClass: 'PERMISSION_DENIED', message: `[PERMISSION_DENIED] ${DENIED}` } },
        { position: 1, command: 'a', results: { type: 'error', data: { summary: 'x', cause: `{"error_code":"PERMISSION_DENIED","message":"${DENIED_RUN}"}` } } },
        null,
        7,
        { position: 3, command: 42, state: 'error', results: { type: 'listResults', data: [{ type: 'raw', data: 'Error: 403 Forbidden: Invalid access token.' }] } },
      ],
    };
    const scan = scanDbcArchive(zip([{ name: 'shapes.scala', data: JSON.stringify(notebook) }, { name: 'broken.r', data: '{"commands": [' }, { name: 'odd.sql', data: '[1,2]' }]));
    assert.deepEqual(scan.accessErrors.map((e) => [e.command, e.explanation.object?.id ?? e.explanation.code, e.source]), [
      [1, '3001', 'a'],
      [2, '0101-000000-aaaa0002', 'b'],
      [3, 'TOKEN_INVALID', ''],
    ]);
    assert.deepEqual(scan.skipped, ['broken.r: not a notebook (no JSON with "commands")', 'odd.sql: not a notebook (no JSON with "commands")']);
  });

  it('renders a report whose error lines, and only those, carry the diagnostics', () => {
    const report = renderDbcReport('nightly.dbc', scanDbcArchive(sampleDbc()));
    assert.match(report, /^Access errors in the DBC archive nightly\.dbc\n2 notebooks, 3 failed commands, 2 access errors\./);
    assert.match(report, /── Users\/alice\/nightly \(python\) ──\n\n {2}Cmd 2: PERMISSION_DENIED/);
    const found = locateDbcReportErrors(report);
    const lines = report.split('\n');
    assert.equal(found.length, 2, 'the PERMISSION_DENIED quoted in the code excerpt is not marked');
    assert.equal(lines[found[0]!.line]!.slice(found[0]!.start, found[0]!.end), `PermissionDenied: ${DENIED}`);
    assert.equal(found[0]!.text, `PermissionDenied: ${DENIED}`);
    assert.match(lines[found[1]!.line]!, /job 3001/);
    // The same error in two commands is two findings.
    const twice = renderDbcReport('x.dbc', { notebooks: 1, failedCommands: 2, skipped: [], accessErrors: [1, 2].map((command) => ({ ...scanDbcArchive(sampleDbc()).accessErrors[0]!, command })) });
    assert.equal(locateDbcReportErrors(twice).length, 2);
    assert.match(renderDbcReport('empty.dbc', { notebooks: 1, failedCommands: 0, accessErrors: [], skipped: ['a.sql: not a notebook'] }), /1 notebook, 0 failed commands, 0 access errors\.\n\nNot read:\n {2}a\.sql/);
  });

  it('strips HTML and ANSI from error texts', () => {
    assert.equal(plainErrorText('<span class="x">a</span><br/>b &lt;c&gt; &#x41;&#66; &bogus; &#0;'), 'a\nb <c> AB &bogus; &#0;');
    assert.equal(plainErrorText('\u001b[31mplain\u001b[0m'), 'plain');
  });

  it('refuses what is no DBC archive, with a message saying what is wrong and what to do', () => {
    const good = sampleDbc();
    rejects(Buffer.alloc(0), /empty/);
    rejects(Buffer.from('{"commands": []}'), /too short|not a DBC archive/);
    rejects(Buffer.from('# Databricks notebook source\nprint(1)\n'.repeat(3)), /not a DBC archive \(a ZIP file\)/);
    rejects(good.subarray(0, good.length - 30), /truncated/);
    rejects(good.subarray(0, 200), /truncated/);
    // Data cut out of the middle: the central directory points past what is left.
    rejects(Buffer.concat([good.subarray(0, 40), good.subarray(140)]), /damaged|truncated/);
    const flipped = Buffer.from(good);
    flipped[120] = flipped[120]! ^ 0xff; // inside the deflated notebook
    rejects(flipped, /damaged/);
    rejects(zip([{ name: 'a.python', data: 'x', stored: true, declaredSize: 2 }]), /unpacks to 1 bytes, not the 2/);
  });

  it('refuses ZIP bombs and oversize archives before unpacking them', () => {
    const bomb = Buffer.alloc(5 * 1024 * 1024, 0x20);
    // Declared small, unpacks big: inflating stops at the declared size.
    rejects(zip([{ name: 'bomb.python', data: bomb, declaredSize: 1000 }]), /does not unpack|not the 1000/);
    rejects(zip([{ name: 'big.python', data: bomb }]), /unpack to 5242880 bytes, more than the 1048576/, { maxEntries: 10, maxEntryBytes: 1024 * 1024, maxTotalBytes: 10 * 1024 * 1024 });
    rejects(zip(Array.from({ length: 4 }, (_, i) => ({ name: `n${i}.sql`, data: bomb }))), /more than 12582912 bytes in all/, { maxEntries: 10, maxEntryBytes: 6 * 1024 * 1024, maxTotalBytes: 12 * 1024 * 1024 });
    rejects(zip(Array.from({ length: 11 }, (_, i) => ({ name: `n${i}.sql`, data: '{}' }))), /11 entries, more than the 10/, { maxEntries: 10, maxEntryBytes: 1024, maxTotalBytes: 1024 * 1024 });
  });

  it('stays fast on hostile input', () => {
    const noise = Buffer.alloc(2 * 1024 * 1024, 0x50); // 'PPPP…': a signature prefix everywhere, no end record
    const html = `<${'<'.repeat(200_000)}${'&#'.repeat(200_000)}`;
    withinGuard(() => (rejects(noise, /not a DBC archive/), plainErrorText(html)), 1000, (ms) => `took ${ms.toFixed(0)} ms`);
  });
});
