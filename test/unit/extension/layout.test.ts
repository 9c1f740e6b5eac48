/**
 * The extension's layout rules, read from its sources: settings are read in
 * settings.ts only, commands are registered in commands/ only, webviews share
 * one CSP and escaper, and no file imports its way back to itself. A newcomer adding a setting, a command or a
 * view meets one place for each.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '../../../../src/extension');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

const relative = (file: string): string => path.relative(SRC, file).split(path.sep).join('/');

/** The relative imports of a file (type-only ones included: they tie files together for a reader too). */
function imports(file: string): string[] {
  const found: string[] = [];
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']*)'/g)) {
    const base = path.resolve(path.dirname(file), m[1]!);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (target?.startsWith(SRC)) found.push(target);
  }
  return found;
}

describe('extension layout', () => {
  it('reads settings in settings.ts only', () => {
    const readers = sources(SRC).filter((f) => /\bgetConfiguration\(/.test(fs.readFileSync(f, 'utf8'))).map(relative);
    assert.deepEqual(readers, ['settings.ts']);
  });

  it('registers commands in commands/ only, through the one wrapper', () => {
    for (const file of sources(SRC)) {
      const name = relative(file);
      const text = fs.readFileSync(file, 'utf8');
      if (!name.startsWith('commands/')) assert.ok(!/\bregisterCommand\(/.test(text), `${name} registers a command outside commands/`);
      if (name !== 'commands/commandRegistry.ts') assert.ok(!/commands\.registerCommand\(/.test(text), `${name} registers a command without the wrapper`);
    }
  });

  it('builds webview pages with the shared nonce, CSP and escaper of views/webview.ts', () => {
    for (const file of sources(SRC)) {
      const name = relative(file);
      if (name === 'views/webview.ts') continue;
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/Content-Security-Policy/.test(text), `${name} writes its own Content-Security-Policy`);
      assert.ok(!/randomBytes\(|const escapeHtml|function escapeHtml/.test(text), `${name} has its own nonce maker or HTML escaper`);
    }
  });

  it('has no import cycle', () => {
    const graph = new Map(sources(SRC).map((f) => [f, imports(f)]));
    const done = new Set<string>();
    const walk = (file: string, trail: string[]): void => {
      if (trail.includes(file)) assert.fail(`import cycle: ${[...trail.slice(trail.indexOf(file)), file].map(relative).join(' → ')}`);
      if (done.has(file)) return;
      for (const next of graph.get(file) ?? []) walk(next, [...trail, file]);
      done.add(file);
    };
    for (const file of graph.keys()) walk(file, []);
  });
});
