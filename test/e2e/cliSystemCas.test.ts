// The sandbox CA trusted ONLY through the OS store conventions (SSL_CERT_FILE,
// SSL_CERT_DIR), never NODE_EXTRA_CA_CERTS: the built CLI signs in and reads the
// workspace over real HTTPS; without them it fails with the TLS message.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import { runCli, sandboxEnv } from './cliRunner';

describe('access-lens trusts a CA from the OS store (SSL_CERT_FILE / SSL_CERT_DIR only)', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  let certDir: string;

  before(async function () {
    if (process.env.ACCESS_LENS_PRIVATE_KEYRING !== '1') this.skip();
    sandbox = await startSandbox({ scenario: 'basic', overrides: { autoApprove: true } });
    env = sandboxEnv(sandbox);
    // Node reads NODE_EXTRA_CA_CERTS itself at start: it must be absent, not just empty.
    delete env.NODE_EXTRA_CA_CERTS;
    delete env.SSL_CERT_FILE;
    delete env.SSL_CERT_DIR;
    delete env.ACCESS_LENS_SYSTEM_CERTIFICATES;
    certDir = mkdtempSync(path.join(tmpdir(), 'al-cert-dir-'));
    copyFileSync(sandbox.caPath, path.join(certDir, 'corp-root.pem'));
  });
  after(async () => {
    if (env) await runCli(['logout'], { ...env, SSL_CERT_FILE: sandbox.caPath });
    await sandbox?.stop();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('login --device-code succeeds with the CA in SSL_CERT_FILE', async () => {
    const result = await runCli(['login', '--device-code', '--json'], { ...env, SSL_CERT_FILE: sandbox.caPath });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json<{ account: { username: string } }>().account.username, 'alice@fabrikam.com');
  });

  it('whoami succeeds with the CA in a folder named by SSL_CERT_DIR', async () => {
    const result = await runCli(['whoami', '--json'], { ...env, SSL_CERT_DIR: certDir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json<{ databricks: { userName: string } }>().databricks.userName, 'alice@fabrikam.com');
  });

  it('without the OS store (not set, or ACCESS_LENS_SYSTEM_CERTIFICATES=false) whoami fails with the TLS message, exit 4', async () => {
    for (const extra of [{}, { SSL_CERT_FILE: sandbox.caPath, ACCESS_LENS_SYSTEM_CERTIFICATES: 'false' }]) {
      const result = await runCli(['whoami', '--json'], { ...env, ...extra });
      assert.equal(result.code, 4, `${JSON.stringify(extra)}: ${result.stderr}`);
      assert.match(result.json<{ error: { message: string } }>().error.message, /TLS certificate is not trusted: .*add its CA to the OS trust store/);
    }
  });
});
