// The benchmarks that need the real extension host, run by
// `node scripts/vscode-host/runExtensionTests.mjs --suite bench` (`npm run bench -- --host`):
// mocha over every compiled *.bench.js beside this file, with the same opening and
// closing lines as the integration suite so that the harness reads their counts.
// npm test's integration phase loads test/integration only, so these never run there.
import { runSuite } from '../integration/index';

export function run(): Promise<void> {
  return runSuite(__dirname, '.bench.js');
}
