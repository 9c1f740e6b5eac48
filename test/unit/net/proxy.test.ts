import * as assert from 'node:assert/strict';
import { bypassesProxy, proxyFor } from '../../../src/core/net/proxy';

describe('proxy selection', () => {
  const target = new URL('https://adb-1.2.azuredatabricks.net/api/2.0/x');

  it('prefers VS Code http.proxy over the environment', () => {
    assert.equal(proxyFor(target, { proxyUrl: 'http://vs:3128', env: { HTTPS_PROXY: 'http://env:8080' } })?.host, 'vs:3128');
    assert.equal(proxyFor(target, { env: { https_proxy: 'env:8080' } })?.href, 'http://env:8080/');
    assert.equal(proxyFor(target, { env: {} }), undefined);
  });

  it('never proxies loopback', () => {
    for (const host of ['127.0.0.1:8443', 'localhost', '[::1]:9']) {
      assert.equal(proxyFor(new URL(`https://${host}/`), { proxyUrl: 'http://p:1' }), undefined, host);
    }
  });

  it('follows NO_PROXY: star, exact, suffix with and without dot or star, and ports', () => {
    assert.ok(bypassesProxy(target, '*'));
    assert.ok(bypassesProxy(target, 'example.com, azuredatabricks.net'));
    assert.ok(bypassesProxy(target, '.azuredatabricks.net'));
    assert.ok(bypassesProxy(target, '*.azuredatabricks.net'));
    assert.ok(bypassesProxy(target, 'adb-1.2.azuredatabricks.net:443'));
    assert.ok(!bypassesProxy(target, 'adb-1.2.azuredatabricks.net:8443'));
    assert.ok(!bypassesProxy(target, 'databricks.net.evil'));
    assert.ok(!bypassesProxy(target, 'tabricks.net'));
    assert.equal(proxyFor(target, { proxyUrl: 'http://p:1', env: { NO_PROXY: 'azuredatabricks.net' } }), undefined);
  });

  it('ignores proxies that are not http(s) URLs', () => {
    assert.equal(proxyFor(target, { proxyUrl: 'socks5://p:1080' }), undefined);
  });
});

describe('proxy exceptions from VS Code settings', () => {
  const target = new URL('https://adb-1.2.azuredatabricks.net:8443/api');

  it('takes http.noProxy entries as a list: wildcards, leading dots, suffixes, ports', () => {
    assert.ok(bypassesProxy(target, ['example.com', '*.azuredatabricks.net']));
    assert.ok(bypassesProxy(target, ['.azuredatabricks.net']));
    assert.ok(bypassesProxy(target, ['azuredatabricks.net:8443']));
    assert.ok(!bypassesProxy(target, ['azuredatabricks.net:443']), 'another port');
    assert.ok(bypassesProxy(target, ['  ', '*']));
    assert.ok(!bypassesProxy(target, ['zuredatabricks.net', 'adb-1.2.azuredatabricks.net.evil', '']));
    assert.ok(bypassesProxy(new URL('https://10.1.2.3/'), ['10.1.2.3']), 'an IP address matches itself');
  });

  it('lets a non-empty http.noProxy replace NO_PROXY, and proxySupport off drop every proxy', () => {
    const env = { HTTPS_PROXY: 'http://env:8080', NO_PROXY: 'azuredatabricks.net' };
    assert.equal(proxyFor(target, { env }), undefined);
    assert.equal(proxyFor(target, { env, noProxy: [] }), undefined, 'an empty list leaves NO_PROXY in force');
    assert.equal(proxyFor(target, { env, noProxy: ['example.com'] })?.host, 'env:8080');
    assert.equal(proxyFor(target, { env: { HTTPS_PROXY: 'http://env:8080' }, proxyUrl: 'http://vs:1', proxySupport: 'off' }), undefined);
    assert.equal(proxyFor(target, { env: { HTTPS_PROXY: 'http://env:8080' }, proxySupport: 'on' })?.host, 'env:8080');
  });
});
