import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createSandboxCertificates } from '../../fakes/ca';
import { cliNetworkOptions, vscodeNetworkOptions } from '../../../src/core/net/networkOptions';
import { proxyFor } from '../../../src/core/net/proxy';
import { pemKey } from '../../../src/core/net/systemCas';

describe('network options from VS Code settings and the environment', function () {
  this.timeout(20_000);
  let dir: string;
  let caPath: string;
  let caPem: string;
  const store = { nodeSystemCas: null, bundles: [], platform: 'linux' as const };
  const target = new URL('https://adb-1.2.azuredatabricks.net/api');

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'al-net-options-'));
    ({ caPath, caPem } = createSandboxCertificates(dir));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const trusts = (pems: readonly string[] | undefined): boolean => (pems ?? []).some((p) => pemKey(p) === pemKey(caPem));

  it('CLI: trusts a CA found only through SSL_CERT_FILE, unless ACCESS_LENS_SYSTEM_CERTIFICATES=false', () => {
    const on = cliNetworkOptions({ SSL_CERT_FILE: caPath }, store);
    assert.ok(trusts(on.options.extraCaPem));
    assert.match(on.notes.join('\n'), /OS certificate store: .*sandbox-ca\.pem: 1/);
    assert.ok(!trusts(cliNetworkOptions({ SSL_CERT_FILE: caPath, ACCESS_LENS_SYSTEM_CERTIFICATES: 'false' }, store).options.extraCaPem));
    assert.ok(trusts(cliNetworkOptions({ NODE_EXTRA_CA_CERTS: caPath, ACCESS_LENS_SYSTEM_CERTIFICATES: 'false' }, store).options.extraCaPem), 'NODE_EXTRA_CA_CERTS still counts');
  });

  it('VS Code: http.systemCertificates false leaves the OS store out', () => {
    assert.ok(trusts(vscodeNetworkOptions({}, { SSL_CERT_FILE: caPath }, store).options.extraCaPem));
    const off = vscodeNetworkOptions({ systemCertificates: false }, { SSL_CERT_FILE: caPath }, store);
    assert.ok(!trusts(off.options.extraCaPem));
    assert.deepEqual(off.notes, ['OS certificate store: off']);
  });

  it('VS Code: http.proxy wins over HTTPS_PROXY, http.noProxy replaces NO_PROXY, proxySupport off turns both off', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:8080', NO_PROXY: 'azuredatabricks.net' };
    const plain = vscodeNetworkOptions({ proxy: '  http://vs-proxy:3128 ' }, env, store).options;
    assert.equal(proxyFor(target, plain), undefined, 'NO_PROXY applies while http.noProxy is empty');
    const listed = vscodeNetworkOptions({ proxy: 'http://vs-proxy:3128', noProxy: ['login.microsoftonline.com'] }, env, store).options;
    assert.equal(proxyFor(target, listed)?.host, 'vs-proxy:3128', 'a non-empty http.noProxy replaces NO_PROXY');
    assert.equal(proxyFor(new URL('https://login.microsoftonline.com/x'), listed), undefined);
    const off = vscodeNetworkOptions({ proxy: 'http://vs-proxy:3128', proxySupport: 'off' }, { HTTPS_PROXY: 'http://env-proxy:8080' }, store).options;
    assert.equal(proxyFor(target, off), undefined);
    const unknown = vscodeNetworkOptions({ proxySupport: 'sideways' }, { HTTPS_PROXY: 'http://env-proxy:8080' }, store).options;
    assert.equal(proxyFor(target, unknown)?.host, 'env-proxy:8080', 'an unknown proxySupport value changes nothing');
  });

  it('VS Code: http.proxyStrictSSL false is passed on with a warning; proxyAuthorization is kept', () => {
    const strict = vscodeNetworkOptions({}, {}, store);
    assert.equal(strict.options.proxyStrictSSL, true);
    assert.deepEqual(strict.warnings, []);
    const loose = vscodeNetworkOptions({ proxyStrictSSL: false, proxyAuthorization: ' Basic dTpw ' }, {}, store);
    assert.equal(loose.options.proxyStrictSSL, false);
    assert.equal(loose.options.proxyAuthorization, 'Basic dTpw');
    assert.match(loose.warnings.join('\n'), /http\.proxyStrictSSL is false: certificates are not checked on requests that go through a proxy/);
    assert.equal(vscodeNetworkOptions({ proxyAuthorization: null }, {}, store).options.proxyAuthorization, undefined);
  });

  it('HTTP/2 on unless ACCESS_LENS_HTTP2 says off; in VS Code, only after its proxy resolution unless http.proxySupport is off', () => {
    assert.equal(cliNetworkOptions({}, store).options.http2, true);
    assert.equal(cliNetworkOptions({}, store).options.resolvedByVsCode, undefined, 'the CLI: nothing patches node:https');
    const cliOff = cliNetworkOptions({ ACCESS_LENS_HTTP2: ' Off ' }, store);
    assert.equal(cliOff.options.http2, false);
    assert.ok(cliOff.notes.includes('HTTP/2: off (ACCESS_LENS_HTTP2)'));
    assert.equal(cliNetworkOptions({ ACCESS_LENS_HTTP2: 'yes' }, store).options.http2, true);
    assert.equal(vscodeNetworkOptions({}, {}, store).options.resolvedByVsCode, true);
    assert.equal(vscodeNetworkOptions({ proxySupport: 'override' }, {}, store).options.resolvedByVsCode, true);
    assert.equal(vscodeNetworkOptions({ proxySupport: 'off' }, {}, store).options.resolvedByVsCode, false);
    assert.equal(vscodeNetworkOptions({}, { ACCESS_LENS_HTTP2: '0' }, store).options.http2, false);
  });
});
