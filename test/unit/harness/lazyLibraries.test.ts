// Issue 17, activation: MSAL, openid-client and the telemetry reporter are separate bundles
// (dist/lib/*.js, scripts/build.mjs "lazy-libraries") that the extension loads on first use, so
// loading dist/extensionMain.js (the extension; dist/extension.js is its small entry) neither parses nor runs them. This loads the production bundles in a
// fresh Node process with a stand-in `vscode` (as bundleLoad.test.ts does).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STAND_IN_VSCODE } from './vscodeStandIn';

const DIST = join(resolve(__dirname, '../../../..'), 'dist');
// The extension itself: dist/extension.js is only the entry that loads it through the code cache (src/extension/startup/entry.ts).
const BUNDLE = join(DIST, 'extensionMain.js');
const LIBRARIES = { 'msal-node': 'PublicClientApplication', 'openid-client': 'discovery', 'extension-telemetry': 'TelemetryReporter' };

/** Loads the bundle, lists the dist/lib files loaded by then, then loads each library and names the type of its main export. */
const LOADER = `
let navigatorReads = 0;
Object.defineProperty(globalThis, 'navigator', { configurable: true, get() { navigatorReads++; return { userAgent: 'Node.js/22' }; } });
${STAND_IN_VSCODE}
const path = require('node:path');
const extension = require(process.argv[1]);
const libDir = path.join(path.dirname(process.argv[1]), 'lib') + path.sep;
const loadedWithBundle = Object.keys(require.cache).filter((file) => file.startsWith(libDir)).map((file) => path.basename(file));
const exported = {};
for (const [file, name] of Object.entries(JSON.parse(process.argv[2]))) exported[file] = typeof require(libDir + file + '.js')[name];
process.stdout.write(JSON.stringify({ activate: typeof extension.activate, loadedWithBundle, exported, navigatorReads }));
`;

describe('production bundle: libraries loaded on first use', () => {
  it('leaves MSAL, openid-client and the telemetry reporter out of dist/extensionMain.js and loads none of dist/lib with it', function () {
    this.timeout(30_000);
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run "npm run build" first`);
    const text = readFileSync(BUNDLE, 'utf8');
    // Each library's own code, by a name only it carries.
    for (const marker of ['"@azure/msal-common"', 'oauth4webapi', 'applicationinsights']) assert.ok(!text.includes(marker), `dist/extensionMain.js holds ${marker}`);
    for (const file of Object.keys(LIBRARIES)) assert.ok(text.includes(`require("./lib/${file}.js")`), `dist/extensionMain.js does not load dist/lib/${file}.js`);
    const result = spawnSync(process.execPath, ['-e', LOADER, BUNDLE, JSON.stringify(LIBRARIES)], { encoding: 'utf8', timeout: 25_000 });
    assert.equal(result.status, 0, `loading the bundles failed:\n${result.stderr}`);
    assert.deepEqual(JSON.parse(result.stdout), {
      activate: 'function',
      loadedWithBundle: [],
      exported: { 'msal-node': 'function', 'openid-client': 'function', 'extension-telemetry': 'function' },
      navigatorReads: 0,
    });
  });
});
