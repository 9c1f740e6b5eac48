// Diagnostics on cluster and job references, notebook outputs and terminal
// output, against the "basic" sandbox scenario, in the real extension host.
// alice can attach to team-shared (aaaa0001) but not to bob-single (aaaa0002,
// dedicated to bob), cannot read the ACL of engineers-only (aaaa0003), can
// only view daily-report (3001) and can run alice-pipeline (3002).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sampleDatabricksHtml, sampleNotebook } from '../corpus/notebooks';
import { accessLensDiagnostics, hoverText, openFile, quickFixes, signedInToSandbox, waitForDiagnostics } from './editorHelpers';

const C1 = '0101-000000-aaaa0001';
const C2 = '0101-000000-aaaa0002';
const C3 = '0101-000000-aaaa0003';
const GONE = '0999-999999-gone0000';

/** [line, severity, code] of the diagnostics, in line order. */
const summary = (found: vscode.Diagnostic[]): [number, number, string][] => found.map((d) => [d.range.start.line, d.severity, String(d.code)] as [number, number, string]).sort((a, b) => a[0] - b[0]);

describe('Cluster and job references, notebook outputs and terminal output', () => {
  signedInToSandbox();

  it('marks in Python what the code needs and I lack, explains it on hover, and replaces the id with one I can use', async () => {
    const content = [
      'from databricks.sdk import WorkspaceClient',
      'w = WorkspaceClient()',
      `w.clusters.get(cluster_id="${C1}")`,
      `spark = DatabricksSession.builder.remote(cluster_id="${C2}").getOrCreate()`,
      `w.clusters.get(cluster_id="${C3}")`,
      'w.jobs.get(job_id=3001)',
      'w.jobs.run_now(job_id=3001)',
      'w.jobs.run_now(job_id=3002)',
      `w.clusters.get(cluster_id="${GONE}")`,
    ].join('\n');
    const document = await openFile('train.py', content);
    const found = await waitForDiagnostics(document.uri, (f) => f.length >= 4, 30_000);
    assert.deepEqual(summary(found), [
      [3, vscode.DiagnosticSeverity.Error, 'SINGLE_USER_CLUSTER'],
      [4, vscode.DiagnosticSeverity.Information, 'UNKNOWN'],
      [6, vscode.DiagnosticSeverity.Error, 'LEVEL_TOO_LOW'],
      [8, vscode.DiagnosticSeverity.Warning, 'NOT_FOUND'],
    ]);
    const single = found.find((d) => d.code === 'SINGLE_USER_CLUSTER')!;
    assert.equal(document.getText(single.range), C2, 'the diagnostic sits on the id');
    assert.match(single.message, /You cannot attach to cluster "bob-single" \(needs CAN_ATTACH_TO\)/);

    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, single.range.start.translate(0, 3)));
    assert.match(hover, /can you attach to cluster bob\\-single\?/);
    assert.match(hover, /SINGLE_USER_CLUSTER/);
    assert.match(hover, /command:accessLens\.whyDenied/);

    const run = found.find((d) => d.code === 'LEVEL_TOO_LOW')!;
    const runFixes = await quickFixes(document.uri, run.range);
    assert.ok(runFixes.some((a) => a.command?.command === 'accessLens.whyDenied' && a.title === "Why can't I run daily-report?"), `quick fixes: ${runFixes.map((a) => a.title).join(', ')}`);
    const copy = runFixes.find((a) => a.command?.command === 'accessLens.copyAccessRequest');
    assert.ok(copy, 'a quick fix copies the access request');
    await vscode.commands.executeCommand(copy.command!.command, ...(copy.command!.arguments ?? []));
    assert.match(await vscode.env.clipboard.readText(), /CAN_MANAGE_RUN/);

    const fixes = await quickFixes(document.uri, single.range);
    const replace = fixes.find((a) => a.command?.command === 'accessLens.replaceReference');
    assert.ok(replace, `quick fixes: ${fixes.map((a) => a.title).join(', ')}`);
    assert.equal(replace.title, 'Replace with a cluster you can attach to…');
    await vscode.commands.executeCommand(replace.command!.command, ...(replace.command!.arguments ?? []));
    assert.equal(document.lineAt(3).text, `spark = DatabricksSession.builder.remote(cluster_id="${C1}").getOrCreate()`, 'the only cluster alice can attach to');
    const after = await waitForDiagnostics(document.uri, (f) => !f.some((d) => d.code === 'SINGLE_USER_CLUSTER'), 10_000);
    assert.deepEqual(summary(after).map((s) => s[0]), [4, 6, 8], 'the fixed line is clean');
  });

  it('marks a run_job_task in databricks.yml that needs CAN_MANAGE_RUN, and the quick fix swaps in a job I can run', async () => {
    const content = ['bundle:', '  name: nightly', 'resources:', '  jobs:', '    nightly:', '      tasks:', '        - task_key: train', `          existing_cluster_id: ${C1}`, '        - task_key: report', '          run_job_task:', '            job_id: 3001', ''].join('\n');
    const document = await openFile('databricks.yml', content);
    console.log('DBG opened', document.languageId, Date.now());
    const [diagnostic] = await waitForDiagnostics(document.uri, (f) => f.length > 0, 30_000);
    console.log('DBG diag', diagnostic?.message, Date.now());
    assert.ok(diagnostic);
    assert.deepEqual(summary(accessLensDiagnostics(document.uri)), [[10, vscode.DiagnosticSeverity.Error, 'LEVEL_TOO_LOW']]);
    assert.match(diagnostic.message, /You cannot run job "daily-report" \(needs CAN_MANAGE_RUN\): You hold CAN_VIEW/);
    const replace = (await quickFixes(document.uri, diagnostic.range)).find((a) => a.command?.command === 'accessLens.replaceReference');
    assert.ok(replace);
    console.log('DBG replace', JSON.stringify(replace.command?.arguments), Date.now());
    await vscode.commands.executeCommand(replace.command!.command, ...(replace.command!.arguments ?? []));
    console.log('DBG replaced', Date.now());
    assert.equal(document.lineAt(10).text, '            job_id: 3002');
    assert.deepEqual(await waitForDiagnostics(document.uri, (f) => f.length === 0, 10_000), []);
  });

  it('marks a JSON job spec on a cluster I cannot attach to', async () => {
    const document = await openFile('job.json', JSON.stringify({ name: 'train', tasks: [{ task_key: 'a', existing_cluster_id: C2, notebook_task: { notebook_path: '/Repos/x' } }] }, null, 2));
    const found = await waitForDiagnostics(document.uri, (f) => f.length > 0, 30_000);
    assert.deepEqual(found.map((d) => [document.getText(d.range), d.code]), [[C2, 'SINGLE_USER_CLUSTER']]);
  });

  it('marks the access errors in a notebook: its cell outputs in the notebook editor, its outputs in the .ipynb text', async function () {
    // Each step names itself when it stalls (1 full run in 2 stalled here past mocha's 60 s, 3–12 s otherwise).
    this.timeout(150_000);
    const within = <T>(step: string, work: Thenable<T>, ms = 40_000): Promise<T> =>
      Promise.race([Promise.resolve(work), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${step}: no answer within ${ms / 1000} s`)), ms))]);
    const file = await within('open explore.ipynb as text', openFile('explore.ipynb', sampleNotebook()));
    const raw = await waitForDiagnostics(file.uri, (f) => f.filter((d) => d.code === 'PERMISSION_DENIED').length >= 2, 40_000);
    const outputs = raw.filter((d) => d.code === 'PERMISSION_DENIED');
    assert.equal(outputs.length, 2, `diagnostics: ${raw.map((d) => `${d.range.start.line}:${String(d.code)}`).join(', ')}`);
    assert.match(file.getText(outputs[0]!.range), /does not have Attach permissions/);
    await within('close the editors', vscode.commands.executeCommand('workbench.action.closeAllEditors'));

    const notebook = await within('open the notebook', vscode.workspace.openNotebookDocument(file.uri));
    // showNotebookDocument sometimes never settles in code-server (1 full run in 3, "show the notebook: no
    // answer within 40 s"), though the editor opens: the cells' diagnostics below are what this test checks.
    await Promise.race([Promise.resolve(vscode.window.showNotebookDocument(notebook)), new Promise((r) => setTimeout(r, 10_000))]);
    const first = notebook.cellAt(0).document;
    const cellDiagnostics = await waitForDiagnostics(first.uri, (f) => f.some((d) => d.code === 'PERMISSION_DENIED') && f.some((d) => d.code === 'SINGLE_USER_CLUSTER'), 40_000);
    const output = cellDiagnostics.find((d) => d.code === 'PERMISSION_DENIED');
    assert.ok(output, `cell diagnostics: ${cellDiagnostics.map((d) => String(d.code)).join(', ')}`);
    assert.equal(output.range.start.line, 1, 'on the line that names the cluster');
    assert.match(output.message, /^This cell's output: /);
    const hover = hoverText(await within('the hover', vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', first.uri, output.range.start)));
    assert.match(hover, /Access Lens: .*PERMISSION_DENIED/s);
    const stderrCell = notebook.cellAt(2).document;
    assert.deepEqual((await waitForDiagnostics(stderrCell.uri)).map((d) => d.code), ['PERMISSION_DENIED'], 'the stderr of a %sh cell');
    assert.deepEqual(accessLensDiagnostics(notebook.cellAt(1).document.uri), [], 'stdout is not marked');
  });

  it('marks errors pasted into a Databricks notebook source export', async () => {
    const content = ['# Databricks notebook source', 'import os', '', '# COMMAND ----------', '', '# Last run: {"error_code":"PERMISSION_DENIED","message":"User alice@fabrikam.com does not have Manage Run permissions on job 3001."}', 'w.jobs.run_now(job_id=3002)'].join('\n');
    const document = await openFile('export.py', content);
    const found = await waitForDiagnostics(document.uri, (f) => f.length > 0, 30_000);
    assert.deepEqual(summary(found), [[5, vscode.DiagnosticSeverity.Error, 'PERMISSION_DENIED']]);
  });

  it('marks the failed commands of a Databricks HTML export, each with its explanation', async () => {
    const document = await openFile('nightly.html', sampleDatabricksHtml());
    const found = await waitForDiagnostics(document.uri, (f) => f.length >= 2, 30_000);
    assert.deepEqual(found.map((d) => d.message.slice(0, 6)), ['Cmd 2:', 'Cmd 3:']);
    assert.equal(document.getText(found[0]!.range), '__DATABRICKS_NOTEBOOK_MODEL');
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, found[0]!.range.start.translate(0, 2)));
    assert.match(hover, /job `3001`.*cluster `0101-000000-aaaa0002`/s, 'one section per command');
    const fixes = await quickFixes(document.uri, found[1]!.range);
    const explained = fixes.filter((a) => a.command?.command === 'accessLens.explainError').map((a) => String(a.command?.arguments?.[0]));
    assert.equal(explained.length, 2, 'one Explain per command');
    assert.ok(explained.some((t) => t.includes('job 3001')) && explained.some((t) => t.includes('0101-000000-aaaa0002')), 'each explains its own command\'s error');
  });

  it('explains an access error in terminal output read through shell integration', async function () {
    const terminal = vscode.window.createTerminal({ name: 'access-lens-it', shellPath: '/bin/bash' });
    try {
      terminal.show();
      const deadline = Date.now() + 20_000;
      while (!terminal.shellIntegration && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (!terminal.shellIntegration) return this.skip();
      // Like a real CLI, the error comes a moment after the start; a shell that has just started may still drop the first command's marks, so try again.
      const command = `sleep 0.5; echo '{"error_code":"PERMISSION_DENIED","message":"User alice@fabrikam.com does not have Attach permissions on cluster ${C2}."}' >&2; false`;
      let entry: [vscode.Uri, vscode.Diagnostic[]] | undefined;
      for (let attempt = 0; attempt < 3 && !entry; attempt++) {
        terminal.shellIntegration.executeCommand(command);
        const until = Date.now() + 10_000;
        while (!entry && Date.now() < until) {
          entry = vscode.languages.getDiagnostics().find(([uri, d]) => uri.scheme === 'access-lens-terminal' && d.some((x) => x.source === 'Access Lens'));
          if (!entry) await new Promise((r) => setTimeout(r, 200));
        }
      }
      assert.ok(entry, 'a Problems entry for the terminal output');
      assert.equal(entry[1][0]?.code, 'PERMISSION_DENIED');
      const document = await vscode.workspace.openTextDocument(entry[0]);
      assert.match(document.getText(), /^\$ sleep 0\.5; echo .*\n\{"error_code":"PERMISSION_DENIED"/);
      const fixes = await quickFixes(document.uri, entry[1][0]!.range);
      assert.ok(fixes.some((a) => a.command?.command === 'accessLens.explainError'));
    } finally {
      terminal.dispose();
    }
  });
});
