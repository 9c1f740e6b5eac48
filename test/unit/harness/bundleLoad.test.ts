// Issue 11: loading the production bundle read the global `navigator` (oauth4webapi and openid-client
// sniff it for a User-Agent). VS Code's extension host (Node 22+) logs a PendingMigrationError for each
// such read, twice per start. This loads dist/extension.js (built by `npm test` before the unit phase,
// or `npm run build`) in a fresh Node process whose `navigator` counts its reads, with a stand-in for
// the `vscode` module, and asserts that loading it reads nothing.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STAND_IN_VSCODE } from './vscodeStandIn';

const ROOT = resolve(__dirname, '../../../..');
const BUNDLE = join(ROOT, 'dist', 'extension.js');

const LOADER = `
let reads = 0;
Object.defineProperty(globalThis, 'navigator', { configurable: true, get() { reads++; return { userAgent: 'Node.js/22' }; } });
${STAND_IN_VSCODE}
const extension = require(process.argv[1]);
if (typeof extension.activate !== 'function') throw new Error('the bundle exports no activate()');
process.stdout.write(JSON.stringify({ reads }));
`;

describe('production bundle', () => {
  it('reads no global navigator while it loads', function () {
    this.timeout(30_000);
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run "npm run build" first`);
    const result = spawnSync(process.execPath, ['-e', LOADER, BUNDLE], { encoding: 'utf8', timeout: 25_000 });
    assert.equal(result.status, 0, `loading the bundle failed:\n${result.stderr}`);
    assert.deepEqual(JSON.parse(result.stdout), { reads: 0 });
  });
});
