import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createSandboxCertificates } from '../../fakes/ca';
import { certificatesInPem, loadSystemCas, pemKey, systemCertificatesEnabled } from '../../../src/core/net/systemCas';

describe('OS certificate store', function () {
  this.timeout(20_000);
  let dir: string;
  let caA: string;
  let caB: string;
  const noNode = { nodeSystemCas: null } as const;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'al-system-cas-'));
    caA = createSandboxCertificates(path.join(dir, 'a')).caPem;
    caB = createSandboxCertificates(path.join(dir, 'b')).caPem;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const keys = (pems: readonly string[]): string[] => pems.map(pemKey).sort();

  it('reads every certificate of SSL_CERT_FILE and drops blocks that do not parse', () => {
    const file = path.join(dir, 'bundle.pem');
    writeFileSync(file, `# corporate bundle\n${caA}\n-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n${caB}`);
    const found = loadSystemCas({ env: { SSL_CERT_FILE: file }, platform: 'linux', bundles: [], ...noNode });
    assert.deepEqual(keys(found.pems), keys([caA, caB]));
    assert.deepEqual(found.sources, [`${file}: 3`], "blocks read; the broken one is dropped later");
    assert.equal(certificatesInPem('no pem here').length, 0);
    const withRoot = loadSystemCas({ env: { SSL_CERT_FILE: file }, platform: 'linux', bundles: [], ...noNode, alreadyTrusted: [caB] });
    assert.deepEqual(keys(withRoot.pems), keys([caA]), "a certificate Node trusts anyway is left out");
  });

  it('reads the PEM files and hashed links of every SSL_CERT_DIR folder, once per certificate, and ignores other files', () => {
    const one = path.join(dir, 'certs1');
    const two = path.join(dir, 'certs2');
    mkdirSync(one);
    mkdirSync(two);
    writeFileSync(path.join(one, '9d66eef0.0'), caA);
    writeFileSync(path.join(one, 'README'), caB);
    writeFileSync(path.join(two, 'corp.crt'), caA);
    writeFileSync(path.join(two, 'other.pem'), caB);
    const onlyFirst = loadSystemCas({ env: { SSL_CERT_DIR: one }, platform: 'linux', bundles: [], ...noNode });
    assert.deepEqual(keys(onlyFirst.pems), keys([caA]), 'README is not read');
    const both = loadSystemCas({ env: { SSL_CERT_DIR: `${one}:${two}` }, platform: 'linux', bundles: [], ...noNode });
    assert.deepEqual(keys(both.pems), keys([caA, caB]));
  });

  it('falls back to the first distribution bundle present when SSL_CERT_FILE is unset (Linux only)', () => {
    const first = path.join(dir, 'distro-1.crt');
    const second = path.join(dir, 'distro-2.crt');
    writeFileSync(first, caA);
    writeFileSync(second, caB);
    const bundles = [path.join(dir, 'missing.crt'), first, second];
    assert.deepEqual(keys(loadSystemCas({ env: {}, platform: 'linux', bundles, ...noNode }).pems), keys([caA]));
    assert.deepEqual(loadSystemCas({ env: {}, platform: 'darwin', bundles, ...noNode }).pems, [], 'no Linux paths on macOS');
    assert.deepEqual(keys(loadSystemCas({ env: { SSL_CERT_FILE: second }, platform: 'linux', bundles, ...noNode }).pems), keys([caB]), 'SSL_CERT_FILE replaces the bundle');
  });

  it("adds Node's own reader of the OS store where it exists, and reports what it could not read", () => {
    const withNode = loadSystemCas({ env: {}, platform: 'win32', nodeSystemCas: () => [caB, caB] });
    assert.deepEqual(keys(withNode.pems), keys([caB]));
    const broken = loadSystemCas({
      env: { SSL_CERT_FILE: path.join(dir, 'nope.pem'), SSL_CERT_DIR: path.join(dir, 'nodir') },
      platform: 'linux',
      nodeSystemCas: () => {
        throw new Error('store locked');
      },
    });
    assert.deepEqual(broken.pems, []);
    assert.equal(broken.problems.length, 3);
    assert.match(broken.problems.join('\n'), /SSL_CERT_FILE names .*nope\.pem, which could not be read \(ENOENT\)/);
    assert.match(broken.problems.join('\n'), /SSL_CERT_DIR names .*nodir/);
    assert.match(broken.problems.join('\n'), /store locked/);
  });

  it("leaves SSL_CERT_FILE and SSL_CERT_DIR to Node's reader on Linux, which reads them itself, and still says which it cannot read", () => {
    const certs = path.join(dir, 'node-reads');
    mkdirSync(certs);
    writeFileSync(path.join(certs, 'corp.pem'), caB);
    const file = path.join(dir, 'node-reads.pem');
    writeFileSync(file, caB);
    // Node's answer stands for what it read of both (here caA only): the files are not parsed again.
    const found = loadSystemCas({ env: { SSL_CERT_FILE: file, SSL_CERT_DIR: `${certs}:${path.join(dir, 'gone')}` }, platform: 'linux', nodeSystemCas: () => [caA, caA] });
    assert.deepEqual(keys(found.pems), keys([caA]));
    assert.deepEqual(found.sources, ['the OS store (Node): 2', `${file}: read by Node's reader`, `${certs}: read by Node's reader`]);
    assert.equal(found.problems.length, 1);
    assert.match(found.problems[0] ?? '', /SSL_CERT_DIR names .*gone, which could not be read \(ENOENT\)/);
    // On macOS Node's reader is the Keychain: SSL_CERT_DIR is read here.
    assert.deepEqual(keys(loadSystemCas({ env: { SSL_CERT_DIR: certs }, platform: 'darwin', nodeSystemCas: () => [caA] }).pems), keys([caA, caB]));
  });

  it('can be turned off with ACCESS_LENS_SYSTEM_CERTIFICATES', () => {
    assert.equal(systemCertificatesEnabled({}), true);
    for (const off of ['false', '0', 'OFF', 'no']) assert.equal(systemCertificatesEnabled({ ACCESS_LENS_SYSTEM_CERTIFICATES: off }), false, off);
    assert.equal(systemCertificatesEnabled({ ACCESS_LENS_SYSTEM_CERTIFICATES: 'true' }), true);
  });
});
