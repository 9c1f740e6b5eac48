/**
 * Workspace and identity-provider strings in Markdown and notifications: one
 * shared escaper, used by every producer, so hostile names cannot add links,
 * command links, HTML, icons or lines.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeMarkdown, inlineCode, notificationText, notificationWebLink } from '../../../src/extension/views/markdown';
import { makeNonce } from '../../../src/extension/views/webview';
import { runTooltipMarkdown } from '../../../src/extension/views/tree/runTooltip';
import { deviceCodeMessage } from '../../../src/extension/auth/deviceCodeMessage';
import type { JobRun } from '../../../src/core/workspace/jobRuns';

const HOSTILE = [
  '[Sign out](command:accessLens.signOut)',
  '<img src=x onerror=alert(1)>',
  '$(zap) **bold** _it_ `code`',
  'line\n\n# Heading\r\n- item',
  '![x](https://evil.example/t.png)',
  '\\[escaped?](https://evil.example)',
];

/** Markdown syntax that is live (not preceded by an odd number of backslashes). */
function liveSyntax(markdown: string): string[] {
  const found: string[] = [];
  for (const m of markdown.matchAll(/(\\*)([[\]<>`*_]|\$\(|\n#)/g)) if (m[1]!.length % 2 === 0) found.push(m[2]!);
  return found;
}

const SRC = path.resolve(__dirname, '../../../../src/extension');
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('Markdown from the workspace and the identity provider', () => {
  it('escapeMarkdown leaves no live syntax and no line breaks', () => {
    for (const text of HOSTILE) {
      const out = escapeMarkdown(text);
      assert.deepEqual(liveSyntax(out), [], out);
      assert.ok(!/[\r\n]/.test(out), out);
    }
  });

  it('inlineCode cannot be closed early', () => {
    assert.equal(inlineCode('a`b\nc'), "`a'b c`");
  });

  it('run tooltips escape the job name, the starter, the match and the state message', () => {
    const run: JobRun = { runId: '42', jobId: '7', creator: HOSTILE[0], runAs: undefined, lifeCycleState: 'TERMINATED', resultState: 'FAILED', stateMessage: HOSTILE[1], startTime: 1, endTime: 120_001, trigger: 'ONE`TIME', pageUrl: undefined };
    const markdown = runTooltipMarkdown(run, HOSTILE[2]!, { startedBy: HOSTILE[0]!, match: HOSTILE[3] }, 'FAILED');
    const live = liveSyntax(markdown).filter((s) => s !== '*' && s !== '`');
    assert.deepEqual(live, [], markdown);
    assert.ok(!markdown.includes('](command:'), markdown);
    assert.match(markdown, /^\*\*Run 42\*\* of \\\$\\\(zap\\\) /);
    assert.match(markdown, /Trigger: `ONE'TIME`/);
  });

  it('the device-code message shows the provider code and address without letting them form links', () => {
    const message = deviceCodeMessage({ userCode: 'AB[CD](command:accessLens.signOut)', verificationUri: 'https://idp.example/device?x=(y) z' }, 'accessLens.copyDeviceCode');
    const links = [...message.matchAll(/\[([^\]]+)\]\(([^)\s]+)\)/g)].map((m) => m[2]);
    assert.deepEqual(links, ['https://idp.example/device?x=%28y%29%20z', 'command:accessLens.copyDeviceCode'], message);
    assert.equal(deviceCodeMessage({ userCode: 'ABCD-EFGH', verificationUri: 'https://microsoft.com/devicelogin' }, 'c'), 'enter the code ABCD-EFGH at [https://microsoft.com/devicelogin](https://microsoft.com/devicelogin) — [Copy & Open](command:c)');
  });

  it('an address that is not https is shown as text, never as a link', () => {
    for (const url of ['javascript:alert(1)', 'command:accessLens.signOut', 'http://idp.example/device', 'file:///etc/passwd']) {
      assert.ok(!/\]\(/.test(notificationWebLink(url)), url);
    }
    assert.equal(notificationText('[a](command:x)'), '［a］(command:x)');
  });

  it('nonces come from crypto: long, unpredictable, valid in a CSP', () => {
    const nonces = new Set(Array.from({ length: 1000 }, makeNonce));
    assert.equal(nonces.size, 1000);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{24}$/);
  });

  it('every Markdown producer uses the shared helpers: no copied escapers or nonce makers', () => {
    for (const file of sources(SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      const name = path.relative(SRC, file);
      assert.ok(!/Math\.random/.test(text), `${name} makes random values without crypto`);
      if (name !== path.join('views', 'markdown.ts')) assert.ok(!/\.replace\(\/\[\\\\`/.test(text), `${name} has its own Markdown escaper`);
    }
    // The two producers tested above are the ones the views use.
    assert.match(fs.readFileSync(path.join(SRC, 'views/tree/runNodes.ts'), 'utf8'), /new vscode\.MarkdownString\(runTooltipMarkdown\(/);
    assert.match(fs.readFileSync(path.join(SRC, 'auth/authController.ts'), 'utf8'), /progress\.report\(\{ message: deviceCodeMessage\(/);
  });
});
