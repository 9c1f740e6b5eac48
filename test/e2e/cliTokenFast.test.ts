// `access-lens token` as a credential helper (docs/cli.md, "token"): a warm call reads the keychain
// once and asks no server; a token due for renewal still goes through the full path and refreshes.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultLockDir, fileLocks } from '../../src/core/lock/namedLocks';
import type { Sandbox } from '../fakes/sandbox';
import { runCli } from './cliRunner';
import { signedInSandbox } from './signedInSandbox';

const COUNTER = path.join(__dirname, 'keytarCallCounter.js');
const BUILTINS = path.join(__dirname, 'builtinRecorder.js');
const EXITS = path.join(__dirname, 'exitRecorder.js');

describe('e2e: access-lens token as a fast credential helper', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  signedInSandbox('basic', (s, e) => {
    sandbox = s;
    env = e;
  });
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'access-lens-keytar-count-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the CLI with the keytar counter; the keytar calls it made, in order. */
  async function counted(args: string[], name: string): Promise<{ code: number; stdout: string; stderr: string; calls: string[] }> {
    const file = path.join(dir, `${name}.json`);
    const result = await runCli(args, { ...env, NODE_OPTIONS: `--require ${COUNTER}`, ACCESS_LENS_TEST_KEYTAR_COUNT_FILE: file });
    return { ...result, calls: JSON.parse(readFileSync(file, 'utf8')) as string[] };
  }

  it('a warm token makes one keychain call and no request, and hands out the stored token', async () => {
    const before = sandbox.requestLog.length;
    const text = await counted(['token'], 'warm-text');
    assert.equal(text.code, 0, text.stderr);
    assert.deepEqual(text.calls, ['findCredentials'], 'one keychain round trip');
    const json = await counted(['token', '--json'], 'warm-json');
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as { accessToken: string; expiresAt: string; mode: string };
    assert.deepEqual(Object.keys(doc), ['accessToken', 'expiresAt', 'mode']);
    assert.equal(doc.accessToken, text.stdout.trim());
    assert.equal(doc.mode, 'federation');
    assert.ok(Date.parse(doc.expiresAt) - Date.now() >= 120_000);
    assert.equal(json.calls.length, 1);
    assert.deepEqual(sandbox.requestLog.slice(before).map((r) => r.path), [], 'no request to Entra ID or the workspace');
  });

  it('a warm token loads no stdio stream (node:net for a pipe): only what it needs', async () => {
    const file = path.join(dir, 'builtins.json');
    const result = await runCli(['token'], { ...env, NODE_OPTIONS: `--require ${BUILTINS}`, ACCESS_LENS_TEST_BUILTINS_FILE: file });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.trim().length > 0, 'the token, on stdout');
    const loaded = JSON.parse(readFileSync(file, 'utf8')) as string[];
    assert.ok(loaded.includes('fs'), 'the recorder saw the modules');
    // A pipe's stdout would add node:net; node:crypto (a sha256 of the keychain lock's name) cost about 6 ms.
    assert.deepEqual(loaded.filter((m) => m === 'net' || m === 'crypto'), []);
  });

  it('a warm token exits as soon as its answer is written, not after Node has torn down the keychain connection', async () => {
    const file = path.join(dir, 'exit.json');
    const result = await runCli(['token'], { ...env, NODE_OPTIONS: `--require ${EXITS}`, ACCESS_LENS_TEST_EXIT_FILE: file });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.trim().length > 0, 'the token, on stdout, whole');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { exitCalled: true, code: 0 });
  });

  it('a warm token waits for the keychain lock another process holds, then answers (a read beside a delete can abort libsecret)', async () => {
    // This mocha process holds the lock every keychain operation of the full store takes.
    const release = await fileLocks(defaultLockDir(env)).acquire('keychain|access-lens');
    const started = performance.now();
    const pending = counted(['token'], 'locked');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await release();
    const result = await pending;
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.calls, ['findCredentials']);
    assert.ok(performance.now() - started >= 1_000, `answered after the lock was released (${Math.round(performance.now() - started)} ms)`);
  });

  it('eight warm tokens at once all answer with the same token', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => runCli(['token'], env)));
    assert.deepEqual(results.map((r) => r.code), Array(8).fill(0), results.map((r) => r.stderr).join('\n'));
    assert.equal(new Set(results.map((r) => r.stdout)).size, 1);
  });

  it('a token due for renewal goes through the full path, refreshes, and the next call is warm again', async () => {
    sandbox.control.setTokenLifetimes({ entra: 100, databricks: 100 });
    try {
      await runCli(['login', '--device-code'], env);
      const first = (await runCli(['token'], env)).stdout.trim();
      const before = sandbox.requestLog.length;
      sandbox.control.setTokenLifetimes({ entra: 3600, databricks: 3600 });
      const renewed = await counted(['token'], 'renew');
      assert.equal(renewed.code, 0, renewed.stderr);
      assert.notEqual(renewed.stdout.trim(), first, 'a new token');
      assert.ok(renewed.calls.length > 1, 'the full path read and wrote the keychain');
      assert.ok(sandbox.requestLog.slice(before).some((r) => r.path === '/oidc/v1/token'), 'and exchanged a new identity token');
      const warm = await counted(['token'], 'after-renew');
      assert.deepEqual(warm.calls, ['findCredentials']);
      assert.equal(warm.stdout, renewed.stdout);
    } finally {
      sandbox.control.setTokenLifetimes({ entra: 3600, databricks: 3600 });
    }
  });

  it('signed out, token still says to sign in (the full path answers)', async () => {
    const signedOutEnv = { ...env, ACCESS_LENS_CLIENT_ID: '00000000-0000-4000-8000-00000000abcd' };
    const result = await runCli(['token', '--json'], signedOutEnv);
    assert.equal(result.code, 3, result.stderr);
    assert.equal(JSON.parse(result.stdout).error.code, 'SIGN_IN_REQUIRED');
  });
});
