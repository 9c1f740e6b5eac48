/**
 * Layout rules over all of src/, read from the sources: no import cycles
 * (type-only imports included), no file past 300 lines, src/core free of
 * VS Code, both front ends getting their core objects from the one
 * composition root (src/core/services.ts), and test/unit following src/core
 * folder for folder. A newcomer meets each of these as a failing test, not a
 * review comment.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findCycle, sources } from './helpers/sources';

const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'src');
const UNIT = path.join(ROOT, 'test/unit');

const relative = (file: string, root = SRC): string => path.relative(root, file).split(path.sep).join('/');
const lineCount = (file: string): number => fs.readFileSync(file, 'utf8').split('\n').length - (fs.readFileSync(file, 'utf8').endsWith('\n') ? 1 : 0);

describe('src layout', () => {
  it('has no import cycle anywhere in src/, type-only imports included', () => {
    const cycle = findCycle(sources(SRC), SRC);
    if (cycle) assert.fail(`import cycle: ${cycle.map((f) => relative(f)).join(' → ')}`);
  });

  it('keeps every .ts file of src/ to 300 lines at most', () => {
    const long = sources(SRC).map((f) => `${relative(f)} (${lineCount(f)} lines)`).filter((entry) => Number(/\((\d+) lines\)$/.exec(entry)?.[1]) > 300);
    assert.deepEqual(long, [], 'split these along a real seam');
  });

  it('never imports vscode below src/core', () => {
    for (const file of sources(path.join(SRC, 'core'))) {
      assert.ok(!/(?:from|import|require)\s*\(?\s*['"]vscode['"]/.test(fs.readFileSync(file, 'utf8')), `${relative(file)} imports vscode`);
    }
  });

  it('front ends build no audit log, keychain or HTTPS client of their own: services.ts does', () => {
    const frontEnds = sources(SRC).filter((f) => /^(cli|extension)\//.test(relative(f)));
    for (const file of frontEnds) {
      const text = fs.readFileSync(file, 'utf8');
      for (const built of ['new AuditLog(', 'new KeytarStore(', 'createHttpsClient(']) {
        assert.ok(!text.includes(built), `${relative(file)} calls ${built}; build it in src/core/services.ts and hand in only the front end's own pieces`);
      }
    }
  });

  it('keeps the unit tests of src/core in the folder that mirrors theirs', () => {
    const coreFolders = new Set(fs.readdirSync(path.join(SRC, 'core'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name));
    // Folders of test/unit that are not src/core's: the front ends, the fakes and the test helpers.
    const ownFolders = new Set(['cli', 'extension', 'fakes', 'harness', 'helpers']);
    const stray = fs
      .readdirSync(UNIT, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !coreFolders.has(e.name) && !ownFolders.has(e.name))
      .map((e) => `test/unit/${e.name}/`);
    assert.deepEqual(stray, [], 'move these tests into test/unit/<the src/core folder of the code they test>/');
  });
});
