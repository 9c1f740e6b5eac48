/**
 * The `access-lens` entry (dist/cli.js): a small bundle that answers a warm `token` itself
 * (tokenFastPath.ts) and otherwise loads the full CLI from its own bundle (dist/cliMain.js), so
 * a credential helper's call never parses MSAL, the explainer or the workspace client.
 */
import * as path from 'node:path';
import { directWriter } from './directStdio';
import { tokenFastPath } from './tokenFastPath';

const argv = process.argv.slice(2);
// Not process.stdout/stderr: creating them costs the warm call more than its keychain read (cli/directStdio.ts).
const stdout = directWriter(1, () => process.stdout);
const stderr = directWriter(2, () => process.stderr);
void tokenFastPath(argv, process.env, stdout, stderr).then((answered) => {
  if (answered) {
    // The answer is written and the keychain lock released. Left to end by itself, Node first tears
    // down what keytar's D-Bus connection left behind: about 5% of a warm call (docs/cli.md, "token").
    if (stdout.allWritten() && stderr.allWritten()) process.exit(0);
    return;
  }
  // A path esbuild leaves alone: cliMain.js sits next to this file in dist/ and in out/src/cli/.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const full = require(path.join(__dirname, 'cliMain.js')) as typeof import('./cliMain');
  full.runFullCli(argv);
});
