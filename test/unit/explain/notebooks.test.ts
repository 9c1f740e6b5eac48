import * as assert from 'node:assert/strict';
import { stripAnsi } from '../../../src/core/explain/ansi';
import { explainOutputText, locateDatabricksHtmlErrors, locateNotebookOutputErrors } from '../../../src/core/explain/notebooks';
import { DENIED, sampleDatabricksHtml, sampleNotebook } from '../../corpus/notebooks';
import { withinGuard } from '../helpers/timeGuard';


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
      withinGuard(() => (locateNotebookOutputErrors(input), stripAnsi(input)), 2000, (ms) => `took ${ms.toFixed(0)} ms`);
    }
  });
});

describe('access errors in a Databricks notebook exported as HTML', () => {
  it('decodes the embedded model and explains each failed command, on the model\'s line', () => {
    const html = sampleDatabricksHtml();
    const found = locateDatabricksHtmlErrors(html);
    assert.deepEqual(found.map((f) => [f.command, f.explanation.code, f.explanation.object?.id]), [
      [2, 'PERMISSION_DENIED', '3001'],
      [3, 'PERMISSION_DENIED', '0101-000000-aaaa0002'],
    ]);
    const line = html.split('\n')[found[0]!.line]!;
    assert.equal(line.slice(found[0]!.start, found[0]!.end), '__DATABRICKS_NOTEBOOK_MODEL');
  });

  it('says nothing about pages without a readable model', () => {
    assert.deepEqual(locateDatabricksHtmlErrors('<html>PERMISSION_DENIED</html>'), []);
    assert.deepEqual(locateDatabricksHtmlErrors("var __DATABRICKS_NOTEBOOK_MODEL = 'not base64 %%%';"), []);
    assert.deepEqual(locateDatabricksHtmlErrors("var __DATABRICKS_NOTEBOOK_MODEL = '"), []);
  });
});
