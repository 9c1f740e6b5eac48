/**
 * The extension's layout rules, read from its sources: settings are read in
 * settings.ts only, commands are registered in commands/ only, webviews share
 * one CSP and escaper, and no file imports its way back to itself. A newcomer adding a setting, a command or a
 * view meets one place for each.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findCycle, sources } from '../helpers/sources';

const SRC = path.resolve(__dirname, '../../../../src/extension');

const relative = (file: string): string => path.relative(SRC, file).split(path.sep).join('/');

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
    const cycle = findCycle(sources(SRC), SRC);
    if (cycle) assert.fail(`import cycle: ${cycle.map(relative).join(' → ')}`);
  });
});
