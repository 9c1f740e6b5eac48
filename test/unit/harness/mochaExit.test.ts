// Issue 11: a test phase that fails must end promptly, not sit on the open handles its failed tests
// left (a server, a timer) until the harness's time limit. The repository's .mocharc.json makes every
// mocha run that starts in the checkout exit once the suite is done; this runs mocha as the harness
// does, on a suite that fails and leaves a timer running forever.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

describe('test harness: mocha phases', () => {
  it('end within seconds of a failing suite that leaves an open handle', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'access-lens-mocha-exit-'));
    try {
      const spec = join(dir, 'leaky.test.js');
      writeFileSync(spec, [
        "it('fails and leaves a timer behind', () => {",
        '  setInterval(() => undefined, 1000);',
        "  throw new Error('planted failure');",
        '});',
      ].join('\n'));
      const started = Date.now();
      const outcome = await new Promise<{ code: number | null; output: string; timedOut: boolean }>((done) => {
        const child = spawn(process.execPath, [join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--reporter', 'dot', '--no-color', spec], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        const guard = setTimeout(() => {
          child.kill('SIGKILL');
          done({ code: null, output, timedOut: true });
        }, 30_000);
        child.on('close', (code) => {
          clearTimeout(guard);
          done({ code, output, timedOut: false });
        });
      });
      assert.equal(outcome.timedOut, false, `mocha was still running 30 s after the suite failed:\n${outcome.output}`);
      assert.match(outcome.output, /1 failing/);
      assert.notEqual(outcome.code, 0);
      assert.ok(Date.now() - started < 30_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
