// DBC archive fixtures shared by the unit tests of the core and the extension-host tests:
// real ZIP files, written here with zlib (deflate and crc32), as Databricks writes them.
import { crc32, deflateRawSync } from 'node:zlib';
import { DENIED, DENIED_RUN } from './notebooks';

export interface ZipFile {
  readonly name: string;
  readonly data: Buffer | string;
  /** Store instead of deflate. */
  readonly stored?: boolean;
  /** Declare this uncompressed size in the headers instead of the real one (a lying ZIP bomb). */
  readonly declaredSize?: number;
}

function header(length: number, signature: number, shorts: [number, number][], longs: [number, number][]): Buffer {
  const buffer = Buffer.alloc(length);
  buffer.writeUInt32LE(signature, 0);
  for (const [at, value] of shorts) buffer.writeUInt16LE(value, at);
  for (const [at, value] of longs) buffer.writeUInt32LE(value, at);
  return buffer;
}

/** A ZIP archive: local headers and data, the central directory, the end record. */
export function zip(files: readonly ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data, 'utf8');
    const body = file.stored ? data : deflateRawSync(data);
    const name = Buffer.from(file.name, 'utf8');
    const size = file.declaredSize ?? data.length;
    const crc = crc32(data) >>> 0;
    const method = file.stored ? 0 : 8;
    // [offset, value] pairs: 16-bit fields, then 32-bit ones, as APPNOTE lays the two headers out.
    const local = header(30, 0x04034b50, [[4, 20], [6, 0x800], [8, method], [26, name.length]], [[14, crc], [18, body.length], [22, size]]);
    const entry = header(46, 0x02014b50, [[4, 20], [6, 20], [8, 0x800], [10, method], [28, name.length]], [[16, crc], [20, body.length], [24, size], [42, offset]]);
    locals.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = header(22, 0x06054b50, [[8, files.length], [10, files.length]], [[12, directory.length], [16, offset]]);
  return Buffer.concat([...locals, directory, end]);
}

/** A command as a DBC notebook holds it (the fields that matter here, plus a few of the many others). */
function command(position: number, source: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: 'CommandV1', subtype: 'command', commandType: 'auto', position, command: source, state: 'finished', results: null, errorSummary: null, errorTraceType: null, error: null, ...fields };
}

/**
 * A DBC archive with two notebooks: `Users/alice/nightly.python` (a table result,
 * an attach denied as ANSI text, a non-access error) and `Users/alice/jobs/run.sql`
 * (a run denied, as HTML in an error result), plus a folder entry and a non-notebook file.
 */
export function sampleDbc(): Buffer {
  const nightly = {
    version: 'NotebookV1',
    name: 'nightly',
    language: 'python',
    commands: [
      command(1, 'display(spark.table("main.sales.orders"))', { results: { type: 'table', data: [[1, 'PERMISSION_DENIED in a table is no error']], schema: [] } }),
      command(2, '# PERMISSION_DENIED quoted in code is no error\nw.clusters.start(cluster_id="0101-000000-aaaa0002")', {
        state: 'error',
        errorSummary: `PermissionDenied: ${DENIED}`,
        errorTraceType: 'ansi',
        error: `\u001b[0;31m---------------------------------------------------------------------------\u001b[0m\n\u001b[0;31mPermissionDenied\u001b[0m: ${DENIED}`,
      }),
      command(3, 'x = 1 / 0', { state: 'error', errorSummary: 'ZeroDivisionError: division by zero', errorTraceType: 'ansi', error: 'ZeroDivisionError: division by zero' }),
      command(4, 'print("ok")', { results: { type: 'text', data: 'ok' } }),
    ],
  };
  const run = {
    version: 'NotebookV1',
    name: 'run',
    language: 'sql',
    commands: [
      command(1, '%sh databricks jobs run-now 3001', {
        state: 'error',
        errorTraceType: 'html',
        results: { type: 'error', data: `<div class="ansiout"><span class="ansi-red-fg">Error</span>: ${DENIED_RUN} &amp;&#32;exited&nbsp;1</div>` },
      }),
    ],
  };
  return zip([
    { name: 'Users/alice/', data: '', stored: true },
    { name: 'Users/alice/nightly.python', data: JSON.stringify(nightly) },
    { name: 'Users/alice/jobs/run.sql', data: JSON.stringify(run), stored: true },
    { name: 'Users/alice/README.md', data: 'PERMISSION_DENIED in a file that is no notebook' },
  ]);
}
