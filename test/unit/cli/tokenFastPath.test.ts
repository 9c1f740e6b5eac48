import * as assert from 'node:assert/strict';
import { stderrLogger } from '../../../src/cli/cliConfig';
import { tokenFastPath } from '../../../src/cli/tokenFastPath';
import { storeKey } from '../../../src/core/keychain/tokenStore';

const TENANT = '7d452d9a-7658-41bc-928f-e22e825f043c';
const CLIENT = '675aa2e2-4d9e-48fe-bdde-615778296838';
const HOST = 'https://127.0.0.1:8443';
const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const ENV = { ACCESS_LENS_TENANT: TENANT, ACCESS_LENS_CLIENT_ID: CLIENT, DATABRICKS_HOST: HOST };

function entries(): Map<string, string> {
  const stored = { accessToken: 'tok-123', expiresAt: '2026-12-03T13:00:00.000Z', issuedAt: '2026-12-03T11:55:00.000Z', mode: 'federation' };
  return new Map([
    [storeKey(TENANT, CLIENT, 'current-account'), 'acct'],
    [storeKey(TENANT, CLIENT, 'databricks', HOST, 'acct'), JSON.stringify(stored)],
  ]);
}

/** Calls `work` while counting dates written out and regex replaces (the logger's redaction is a series of them). */
async function counting<T>(work: () => Promise<T>): Promise<{ value: T; dateStrings: number; regexReplaces: number }> {
  let dateStrings = 0;
  let regexReplaces = 0;
  const original = Date.prototype.toISOString;
  const replace = Object.getOwnPropertyDescriptor(RegExp.prototype, Symbol.replace)!;
  Date.prototype.toISOString = function (this: Date) {
    dateStrings++;
    return original.call(this);
  };
  Object.defineProperty(RegExp.prototype, Symbol.replace, {
    ...replace,
    value(this: RegExp, ...args: unknown[]) {
      regexReplaces++;
      return (replace.value as (...a: unknown[]) => string).apply(this, args);
    },
  });
  try {
    return { value: await work(), dateStrings, regexReplaces };
  } finally {
    Date.prototype.toISOString = original;
    Object.defineProperty(RegExp.prototype, Symbol.replace, replace);
  }
}

/** Runs the fast path with an in-memory keychain; what it printed and what it spent on dates and redaction. */
async function run(argv: string[]): Promise<{ answered: boolean; stdout: string; stderr: string; dateStrings: number; regexReplaces: number }> {
  let stdout = '';
  let stderr = '';
  const { value: answered, ...counts } = await counting(() =>
    tokenFastPath(argv, ENV, { write: (t) => ((stdout += t), true) }, { write: (t) => ((stderr += t), true) }, { entries: () => Promise.resolve(entries()), now: () => NOW }),
  );
  return { answered, stdout, stderr, ...counts };
}

describe('cli/tokenFastPath: a warm token from one keychain listing', () => {
  it('prints the token alone, and neither writes out a date nor redacts a message nobody sees (each costs about 1 ms the first time)', async () => {
    const result = await run(['token']);
    assert.equal(result.answered, true);
    assert.equal(result.stdout, 'tok-123\n');
    assert.equal(result.stderr, '');
    assert.equal(result.dateStrings, 0, 'the first toISOString sets up the time zone');
    assert.equal(result.regexReplaces, 0, 'the first redaction compiles every secret pattern');
  });

  it('--json carries the expiry, and --verbose says where the token came from (redacted)', async () => {
    const json = await run(['token', '--json']);
    assert.deepEqual(JSON.parse(json.stdout), { accessToken: 'tok-123', expiresAt: '2026-12-03T13:00:00.000Z', mode: 'federation' });
    const verbose = await run(['token', '--verbose']);
    assert.equal(verbose.stdout, 'tok-123\n');
    assert.match(verbose.stderr, /^\[debug\] Handed out the Databricks token for https:\/\/127\.0\.0\.1:8443 stored in the OS keychain \(valid until 2026-12-03T13:00:00\.000Z\)/);
  });

  it("the CLI's quiet log levels skip the redaction (a profile's 'Using profile' line on every warm call)", async () => {
    let written = '';
    const quiet = await counting(() => Promise.resolve(stderrLogger({ write: (t) => ((written += t), true) }, false).debug('Using profile "dev" of /home/a/.databrickscfg.')));
    assert.equal(quiet.regexReplaces, 0);
    assert.equal(written, '');
    const loud = stderrLogger({ write: (t) => ((written += t), true) }, true);
    loud.debug('Bearer abcdefgh12345678');
    loud.trace('not shown');
    assert.equal(written, '[debug] Bearer «redacted»\n');
  });
});
