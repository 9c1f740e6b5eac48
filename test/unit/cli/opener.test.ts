import * as assert from 'node:assert/strict';
import { openerFor } from '../../../src/cli/signInUi';
import { browserSafeUrl } from '../../../src/core/identity/browserUrl';

/** An authorization_endpoint a hostile discovery document could publish: these characters survive URL normalisation. */
const HOSTILE = 'https://idp.example/authorize?x=a|calc.exe^&y=%PATH%&z=(1)&w="q"';

describe('the CLI browser opener', () => {
  it('opens a URL on Windows without a command interpreter', () => {
    const [command, args] = openerFor('win32', {}, HOSTILE);
    assert.equal(command, 'rundll32.exe');
    assert.deepEqual(args, ['url.dll,FileProtocolHandler', new URL(HOSTILE).href]);
    assert.ok(!/\bcmd\b|\/c|start/i.test([command, ...args.slice(0, 1)].join(' ')));
  });

  it('hands every platform the normalised URL as one argument', () => {
    const href = new URL(HOSTILE).href;
    assert.deepEqual(openerFor('linux', {}, HOSTILE), ['xdg-open', [href]]);
    assert.deepEqual(openerFor('darwin', {}, HOSTILE), ['open', [href]]);
    assert.deepEqual(openerFor('win32', { BROWSER: 'firefox' }, HOSTILE), ['firefox', [href]]);
    assert.ok(!/[\s"]/.test(href), href);
  });

  it('accepts https anywhere and http only on this computer', () => {
    assert.equal(browserSafeUrl('https://login.microsoftonline.com/t/oauth2/v2.0/authorize?a=1'), 'https://login.microsoftonline.com/t/oauth2/v2.0/authorize?a=1');
    for (const url of ['http://127.0.0.1:8400/authorize', 'http://localhost:3000/', 'http://[::1]:9/x']) assert.equal(browserSafeUrl(url), new URL(url).href);
  });

  it('refuses every other scheme and remote http, naming what to do', () => {
    for (const url of ['http://idp.example/authorize', 'file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'ms-settings:', 'cmd.exe /c calc', '\\\\server\\share\\x.exe', 'http://127.0.0.1.evil.example/']) {
      for (const platform of ['win32', 'linux', 'darwin'] as const) {
        assert.throws(() => openerFor(platform, {}, url), (e: Error & { code?: string }) => e.code === 'SIGN_IN_FAILED' && /refuses to open/.test(e.message) && /issuer or authority/.test(e.message), `${platform} ${url}`);
      }
    }
  });
});
