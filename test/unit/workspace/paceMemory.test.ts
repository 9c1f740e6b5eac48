import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PACE_MAX_AGE_MS, PaceMemory, paceFileIn, parsePaceFile } from '../../../src/core/workspace/paceMemory';
import type { HttpResponse } from '../../../src/core/net/httpsClient';
import { RequestLimiter, workspaceLimiters } from '../../../src/core/workspace/limiter';

const HOST = 'https://adb-1.azuredatabricks.net';
const posix = process.platform !== 'win32';

describe('PaceMemory', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pace-'));
    file = paceFileIn(path.join(dir, 'state'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands the pace one process learned to the next, in an owner-only file written whole', async () => {
    const first = new PaceMemory(file);
    assert.equal(first.recall(HOST), undefined, 'nothing learned yet: the limiter starts at 50');
    first.remember(HOST, 97.3);
    first.remember('https://other.cloud.databricks.com', 40);
    await first.flush();
    const second = new PaceMemory(file);
    assert.equal(second.recall(HOST), 97.3);
    assert.equal(second.recall(HOST.toUpperCase()), 97.3, 'host names are compared without case');
    assert.equal(second.recall('https://other.cloud.databricks.com'), 40);
    assert.deepEqual(readdirSync(path.dirname(file)), ['pace.json'], 'no temp file left behind');
    if (posix) {
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    }
  });

  it('falls back to no pace (start at 50) for a corrupt, old, future, foreign-version or implausible file', async () => {
    const memory = new PaceMemory(file);
    memory.remember(HOST, 90);
    await memory.flush();
    const good = JSON.parse(readFileSync(file, 'utf8')) as { version: number; hosts: Record<string, { perSecond: number; learnedAt: number }> };
    const [key] = Object.keys(good.hosts);
    const now = Date.now();
    const variants: [string, string][] = [
      ['not JSON', '{"version":1,"hosts":{'],
      ['another version', JSON.stringify({ ...good, version: 2 })],
      ['older than a day', JSON.stringify({ version: 1, hosts: { [key!]: { perSecond: 90, learnedAt: now - PACE_MAX_AGE_MS - 1000 } } })],
      ['from the future', JSON.stringify({ version: 1, hosts: { [key!]: { perSecond: 90, learnedAt: now + 3_600_000 } } })],
      ['a rate of zero', JSON.stringify({ version: 1, hosts: { [key!]: { perSecond: 0, learnedAt: now } } })],
      ['an absurd rate', JSON.stringify({ version: 1, hosts: { [key!]: { perSecond: 1e9, learnedAt: now } } })],
      ['a string rate', JSON.stringify({ version: 1, hosts: { [key!]: { perSecond: '90', learnedAt: now } } })],
      ['hosts not an object', JSON.stringify({ version: 1, hosts: 7 })],
    ];
    for (const [what, text] of variants) {
      writeFileSync(file, text, { mode: 0o600 });
      assert.equal(new PaceMemory(file).recall(HOST), undefined, what);
    }
    writeFileSync(file, JSON.stringify(good), { mode: 0o600 });
    assert.equal(new PaceMemory(file).recall(HOST), 90, 'the same file, valid again, is read');
    if (posix) {
      chmodSync(file, 0o644);
      assert.equal(new PaceMemory(file).recall(HOST), undefined, 'a file others may write is not trusted');
      chmodSync(file, 0o600);
      chmodSync(path.dirname(file), 0o777);
      assert.equal(new PaceMemory(file).recall(HOST), undefined, 'nor one in a folder others may write');
    }
    assert.equal(parsePaceFile('null', now).size, 0);
  });

  it('a write that fails leaves the pace unlearned, without an error', async () => {
    writeFileSync(path.join(dir, 'state'), 'a file where the folder should be');
    const memory = new PaceMemory(file);
    memory.remember(HOST, 90);
    await memory.flush();
    assert.equal(memory.recall(HOST), undefined);
  });
});

describe('RequestLimiter with a remembered pace', () => {
  it('resumes the remembered pace after a first window at the first pace, capped by the ceiling, and reports what it learns per second', async () => {
    const limiter = new RequestLimiter({ learnedPerSecond: 98, windowMs: 1100, initialPerSecond: 110 });
    assert.equal(limiter.requestsPerWindow, 108, '98/s in a 1.1 s window, rounded (under the first pace: at once)');
    assert.equal(new RequestLimiter({ learnedPerSecond: 98, windowMs: 1100 }).requestsPerWindow, 50, 'the first window at the first pace');
    assert.equal(new RequestLimiter({ learnedPerSecond: 98, requestsPerSecond: 40 }).requestsPerWindow, 40, 'the setting caps a remembered pace');
    const learned: number[] = [];
    const { acl, read } = workspaceLimiters(0, { learnedPerSecond: 98, onLearned: (perSecond) => learned.push(perSecond) });
    assert.equal(acl.requestsPerWindow, 55, 'the permission reads start at their first pace, and resume it after a window');
    assert.equal(read.requestsPerWindow, 50, 'lists and SCIM keep their own pace');
    let now = 0;
    const throttled = new RequestLimiter({ learnedPerSecond: 60, initialPerSecond: 60, windowMs: 1000, onLearned: (perSecond) => learned.push(perSecond), now: () => now, sleep: async (ms) => void (now += ms), random: () => 0 });
    // 60 start at once (the remembered pace in a 1 s window); the last of them is refused.
    let sent = 0;
    const send = async (): Promise<HttpResponse> => (++sent === 60 ? { status: 429, headers: { 'retry-after': '1' }, body: '' } : { status: 200, headers: {}, body: '{}' });
    await Promise.all(Array.from({ length: 60 }, () => throttled.run(send)));
    assert.deepEqual(learned, [58], 'a 429 of a learned pace teaches 3% under it, reported per second');
  });
});
