/**
 * Layout rules over all of src/, read from the sources: both front ends get
 * their core objects from the one composition root (src/core/services.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '../../../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

const relative = (file: string): string => path.relative(SRC, file).split(path.sep).join('/');

describe('src layout', () => {
  it('front ends build no audit log, keychain or HTTPS client of their own: services.ts does', () => {
    const frontEnds = sources(SRC).filter((f) => /^(cli|extension)\//.test(relative(f)));
    for (const file of frontEnds) {
      const text = fs.readFileSync(file, 'utf8');
      for (const built of ['new AuditLog(', 'new KeytarStore(', 'createHttpsClient(']) {
        assert.ok(!text.includes(built), `${relative(file)} calls ${built}; build it in src/core/services.ts and hand in only the front end's own pieces`);
      }
    }
  });
});
