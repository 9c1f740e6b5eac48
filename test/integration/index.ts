// Runs inside the real VS Code extension host (code-server, or desktop VS Code
// through @vscode/test-electron): mocha over every compiled *.test.js beside
// this file. The harness echoes what lies between the opening line
// "integration: running N test files" and the closing line
// "integration: N passed, M failed[, K skipped]", and reads the counts there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function testFiles(dir: string, suffix: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full, suffix);
    return entry.name.endsWith(suffix) ? [full] : [];
  });
}

export function run(): Promise<void> {
  return runSuite(__dirname, '.test.js');
}

/** Mocha over every `*<suffix>` below `dir`; test/integration-bench runs its `.bench.js` files through it. */
export function runSuite(dir: string, suffix: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ACCESS_LENS_TEST_GREP;
  if (grep) mocha.grep(grep);
  // extension.test.js first: it checks that nothing activated the extension before any test used it.
  const files = testFiles(dir, suffix).sort((a, b) => Number(path.basename(b) === 'extension.test.js') - Number(path.basename(a) === 'extension.test.js') || (a < b ? -1 : a > b ? 1 : 0));
  for (const file of files) mocha.addFile(file);
  console.log(`integration: running ${files.length} test file${files.length === 1 ? '' : 's'}${grep ? ` (grep "${grep}")` : ''}`);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        console.log(`integration: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (passes === 0) reject(new Error('no integration test ran'));
        else resolve();
      });
    } catch (error) {
      console.log('integration: 0 passed, 1 failed');
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
