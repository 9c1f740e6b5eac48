import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { explainOutputText, locateNotebookOutputErrors, stripAnsi } from '../../../src/core/errors/notebookOutputs';

const DENIED = 'User alice@fabrikam.com does not have Attach permissions on cluster 0101-000000-aaaa0002.';

/** A notebook as nbformat writes it (indent 1, sorted keys), with one error output, one stderr stream and one clean cell. */
export function sampleNotebook(): string {
  return JSON.stringify(
    {
      cells: [
        { cell_type: 'code', execution_count: 1, metadata: {}, source: ['# PERMISSION_DENIED in code is not an error that happened\n', 'w.clusters.get(cluster_id="0101-000000-aaaa0002")'], outputs: [
          { ename: 'PermissionDenied', evalue: DENIED, output_type: 'error', traceback: ['\u001b[0;31m---------------------------------------------------------------------------\u001b[0m', '\u001b[0;31mPermissionDenied\u001b[0m                          Traceback (most recent call last)', `\u001b[0;31mPermissionDenied\u001b[0m: ${DENIED}`] },
        ] },
        { cell_type: 'code', execution_count: 2, metadata: {}, source: ['print("ok")'], outputs: [{ name: 'stdout', output_type: 'stream', text: ['PERMISSION_DENIED printed on stdout is not marked\n'] }] },
        { cell_type: 'code', execution_count: 3, metadata: {}, source: ['%sh databricks jobs run-now 3001'], outputs: [{ name: 'stderr', output_type: 'stream', text: ['Starting\n', 'Error: User alice@fabrikam.com does not have Manage Run or Owner or Admin permissions on job 3001\n'] }] },
        { cell_type: 'markdown', metadata: {}, source: ['Notes'] },
      ],
      metadata: { kernelspec: { name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

describe('access errors in notebook outputs', () => {
  it('finds the error output and the stderr stream, not code or stdout, on the raw lines that carry them', () => {
    const json = sampleNotebook();
    const found = locateNotebookOutputErrors(json);
    assert.deepEqual(found.map((f) => [f.explanation.code, f.explanation.object?.id]), [
      ['PERMISSION_DENIED', '0101-000000-aaaa0002'],
      ['PERMISSION_DENIED', '3001'],
    ]);
    const lines = json.split('\n');
    assert.match(lines[found[0]!.line]!.slice(found[0]!.start, found[0]!.end), /^"User alice@fabrikam\.com does not have Attach/);
    assert.equal(found[0]!.text, `PermissionDenied: ${DENIED}`, 'the decoded text to explain');
    assert.match(lines[found[1]!.line]!, /Manage Run/);
  });

  it('reads a notebook written on one line, and tolerates broken JSON', () => {
    const compact = JSON.stringify(JSON.parse(sampleNotebook()));
    assert.deepEqual(locateNotebookOutputErrors(compact).map((f) => f.line), [0, 0]);
    assert.deepEqual(locateNotebookOutputErrors('{"cells": [{"outputs": [{"output_type": "error", "evalue": "PERMISSION_DENIED: x'), []);
    assert.deepEqual(locateNotebookOutputErrors(''), []);
  });

  it('strips terminal colours and marks before explaining', () => {
    assert.equal(stripAnsi('\u001b[0;31mPermissionDenied\u001b[0m: x \u001b]633;C\u0007done'), 'PermissionDenied: x done');
    assert.equal(explainOutputText(`\u001b[31mError:\u001b[0m ${DENIED}`)?.line, `Error: ${DENIED}`);
    assert.equal(explainOutputText('all good'), undefined);
  });

  it('stays linear on a large or hostile notebook', () => {
    const big = JSON.stringify({ cells: Array.from({ length: 2000 }, () => ({ outputs: [{ output_type: 'error', evalue: 'x'.repeat(500), traceback: ['y'.repeat(500)] }] })) });
    const hostile = `{"cells":[{"outputs":[${'['.repeat(200_000)}`;
    for (const input of [big, hostile, '"'.repeat(1_000_000), '\\'.repeat(1_000_000), '\u001b]'.repeat(300_000)]) {
      const start = performance.now();
      locateNotebookOutputErrors(input);
      stripAnsi(input);
      assert.ok(performance.now() - start < 2000, `took ${performance.now() - start} ms`);
    }
  });
});
