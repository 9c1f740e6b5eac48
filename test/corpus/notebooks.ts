// Notebook fixtures shared by the unit tests of the core and the extension-host tests.

export const DENIED = 'User alice@fabrikam.com does not have Attach permissions on cluster 0101-000000-aaaa0002.';
export const DENIED_RUN = 'User alice@fabrikam.com does not have Manage Run or Owner or Admin permissions on job 3001';

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

/** A notebook exported from Databricks as HTML: the model is base64 of URL-encoded JSON, as the workspace writes it. */
export function sampleDatabricksHtml(): string {
  const model = {
    name: 'nightly',
    commands: [
      { position: 1, command: 'display(spark.table("main.sales.orders"))', results: { type: 'table', data: [[1]] } },
      { position: 2, command: 'w.jobs.run_now(job_id=3001)', results: null, errorSummary: `PermissionDenied: ${DENIED_RUN}`, error: `\u001b[0;31mPermissionDenied\u001b[0m: ${DENIED_RUN}` },
      { position: 3, command: '%sh databricks clusters start 0101-000000-aaaa0002', results: { type: 'listResults', data: [{ type: 'raw', data: `Error: ${DENIED}` }] } },
    ],
  };
  const encoded = Buffer.from(encodeURIComponent(JSON.stringify(model))).toString('base64');
  return ['<!DOCTYPE html>', '<html><head><meta name="databricks-html-version" content="1"><title>nightly - Databricks</title></head><body>', '<script>', `var __DATABRICKS_NOTEBOOK_MODEL = '${encoded}';`, '</script>', '</body></html>', ''].join('\n');
}

