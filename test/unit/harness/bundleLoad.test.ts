// Issue 11: loading the production bundle read the global `navigator` (oauth4webapi and openid-client
// sniff it for a User-Agent). VS Code's extension host (Node 22+) logs a PendingMigrationError for each
// such read, twice per start. This loads dist/extension.js (built by `npm test` before the unit phase,
// or `npm run build`) in a fresh Node process whose `navigator` counts its reads, with a stand-in for
// the `vscode` module, and asserts that loading it reads nothing.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { STAND_IN_VSCODE } from './vscodeStandIn';

const ROOT = resolve(__dirname, '../../../..');
// dist/extension.js is the small entry VS Code loads; the extension is dist/extensionMain.js (src/extension/startup/entry.ts).
const ENTRY = join(ROOT, 'dist', 'extension.js');
const BUNDLE = join(ROOT, 'dist', 'extensionMain.js');

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

  it('is loaded by a small entry that holds none of the extension, through the code cache', () => {
    assert.ok(existsSync(ENTRY), `${ENTRY} is missing: run "npm run build" first`);
    const entry = readFileSync(ENTRY, 'utf8');
    // The entry is all VS Code parses before the code cache can help: a few KB, not the extension's 390.
    assert.ok(statSync(ENTRY).size < 8_000, `dist/extension.js is ${statSync(ENTRY).size} bytes: the extension was bundled into the entry`);
    assert.ok(!/require\("vscode"\)/.test(entry), 'the entry requires vscode: it holds code of the extension');
    assert.ok(!entry.includes('activated'), 'the entry holds the activation of src/extension/extension.ts');
    assert.match(entry, /extensionMain\.js/);
    assert.match(entry, /cachedData/);
  });

  it('loads dist/extensionMain.js beside it: activate() and deactivate() are the extension\'s, the cache write is scheduled after activation', function () {
    this.timeout(30_000);
    assert.ok(existsSync(ENTRY), `${ENTRY} is missing: run "npm run build" first`);
    const folder = mkdtempSync(join(tmpdir(), 'access-lens-entry-'));
    try {
      copyFileSync(ENTRY, join(folder, 'extension.js'));
      // A stand-in for the extension: what the entry hands over and hands back is the point here.
      writeFileSync(join(folder, 'extensionMain.js'), `exports.activate = (context) => ({ api: 'main', storage: context.globalStorageUri.fsPath });\nexports.deactivate = () => process.stdout.write('deactivated ');\n`);
      const loader = `
const entry = require(process.argv[1]);
const context = { subscriptions: [], globalStorageUri: { fsPath: process.argv[2] } };
const api = entry.activate(context);
entry.deactivate();
process.stdout.write(JSON.stringify({ api, disposables: context.subscriptions.length }));
`;
      const result = spawnSync(process.execPath, ['-e', loader, join(folder, 'extension.js'), join(folder, 'storage')], { encoding: 'utf8', timeout: 25_000 });
      assert.equal(result.status, 0, `loading the entry failed:\n${result.stderr}`);
      assert.equal(result.stdout, `deactivated ${JSON.stringify({ api: { api: 'main', storage: join(folder, 'storage') }, disposables: 1 })}`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
