import * as assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { directWriter } from '../../../src/cli/directStdio';

describe('cli/directStdio: stdout and stderr without building a stream', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'access-lens-direct-stdio-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function collected(stream: PassThrough): string {
    return (stream.read() as Buffer | null)?.toString('utf8') ?? '';
  }

  it('writes to the descriptor and never builds the stream when the writes succeed', () => {
    const file = path.join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    let built = 0;
    const writer = directWriter(fd, () => {
      built++;
      return new PassThrough();
    });
    writer.write('tök');
    writer.write('en\n');
    closeSync(fd);
    assert.equal(readFileSync(file, 'utf8'), 'töken\n');
    assert.equal(built, 0);
    assert.equal(writer.allWritten(), true, 'nothing waits in a stream: the process may exit at once');
  });

  it('hands what the descriptor refuses, and everything after it, to the stream in order', () => {
    const file = path.join(dir, 'closed.txt');
    const fd = openSync(file, 'w');
    closeSync(fd); // writes to it now fail (EBADF), as a full non-blocking pipe fails with EAGAIN
    const stream = new PassThrough();
    let built = 0;
    const writer = directWriter(fd, () => {
      built++;
      return stream;
    });
    writer.write('first ');
    writer.write('second\n');
    assert.equal(collected(stream), 'first second\n');
    assert.equal(built, 1, 'built once, then kept');
    assert.equal(writer.allWritten(), false, 'the stream may still hold it: the process must not exit before it drains');
  });
});
