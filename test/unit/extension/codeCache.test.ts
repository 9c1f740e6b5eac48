import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadWithCodeCache, saveWhenQuiet } from '../../../src/extension/startup/codeCache';

// src/extension/startup/codeCache.ts: the extension bundle loaded through V8's code cache.
describe('loadWithCodeCache', () => {
  let dir: string;
  let cacheDir: string;
  let serial = 0;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'access-lens-code-cache-'));
    cacheDir = path.join(dir, 'storage', 'code-cache');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * A bundle in a new folder each time: neither require's module cache nor V8's in-memory compilation
   * cache (by source and file name) may answer for the code cache on disk.
   */
  const writeBundle = (body: string): string => {
    const folder = path.join(dir, `bundle-${serial++}`);
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'helper.js'), 'exports.twice = (n) => 2 * n;\n');
    const file = path.join(folder, 'main.js');
    writeFileSync(file, `const { twice } = require('./helper.js');\nexports.file = __filename;\nexports.value = twice(${body});\nexports.self = module.exports === exports;\n`);
    return file;
  };
  const cacheFiles = (): string[] => readdirSync(cacheDir).filter((f) => f.endsWith('.bin'));

  it('runs the bundle as require would: its exports, __filename, module and relative requires', () => {
    const file = writeBundle('21');
    const loaded = loadWithCodeCache(file, cacheDir);
    assert.deepEqual(loaded.exports, { file, value: 42, self: true });
    assert.equal(loaded.warm, false);
  });

  it('finds no cache on a first start, even for a source this process compiled before', () => {
    loadWithCodeCache(writeBundle('21'), path.join(dir, 'other-storage')).save();
    assert.equal(loadWithCodeCache(writeBundle('21'), cacheDir).warm, false);
  });

  it('writes the cache once, private to the user, and the next load uses it', () => {
    const file = writeBundle('21');
    const first = loadWithCodeCache(file, cacheDir);
    first.save();
    first.save();
    assert.equal(cacheFiles().length, 1);
    if (process.platform !== 'win32') {
      assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
      assert.equal(statSync(path.join(cacheDir, cacheFiles()[0] ?? '')).mode & 0o777, 0o600);
    }
    const second = loadWithCodeCache(writeBundle('21'), cacheDir);
    assert.equal(second.warm, true);
    assert.equal((second.exports as { value: number }).value, 42);
  });

  it('never hands one bundle the bytecode of another of the same length, and keeps only the newest cache', () => {
    loadWithCodeCache(writeBundle('21'), cacheDir).save();
    const before = cacheFiles();
    // Same length, other content: V8 alone would only compare the lengths.
    const changed = loadWithCodeCache(writeBundle('12'), cacheDir);
    assert.equal(changed.warm, false);
    assert.equal((changed.exports as { value: number }).value, 24);
    changed.save();
    assert.equal(cacheFiles().length, 1);
    assert.notDeepEqual(cacheFiles(), before);
  });

  it('loads without the cache when the cache file is damaged, and replaces it', () => {
    loadWithCodeCache(writeBundle('21'), cacheDir).save();
    const [name] = cacheFiles();
    writeFileSync(path.join(cacheDir, name ?? ''), 'not bytecode');
    const loaded = loadWithCodeCache(writeBundle('21'), cacheDir);
    assert.equal(loaded.warm, false);
    assert.equal((loaded.exports as { value: number }).value, 42);
    loaded.save();
    assert.equal(loadWithCodeCache(writeBundle('21'), cacheDir).warm, true);
  });

  it('loads, and saving fails silently, where the cache cannot be written', () => {
    const file = writeBundle('21');
    mkdirSync(path.dirname(cacheDir), { recursive: true });
    writeFileSync(cacheDir, 'a file where the cache folder should be');
    const loaded = loadWithCodeCache(file, cacheDir);
    assert.equal((loaded.exports as { value: number }).value, 42);
    assert.doesNotThrow(() => loaded.save());
  });
});

describe('saveWhenQuiet', () => {
  /** A fake clock: scheduled checks run when the test says, with the busy share the test sets. */
  function harness(shares: number[]) {
    const pending: { next: () => void; ms: number; cancelled: boolean }[] = [];
    let saves = 0;
    let asked = 0;
    const stop = saveWhenQuiet(() => saves++, {
      schedule: (next, ms) => {
        const entry = { next, ms, cancelled: false };
        pending.push(entry);
        return entry;
      },
      cancel: (handle) => ((handle as { cancelled: boolean }).cancelled = true),
      busyShare: () => shares[asked++] ?? 0,
    });
    const tick = (): number => {
      const due = pending.shift();
      assert.ok(due, 'a check is scheduled');
      assert.equal(due.ms, 3_000);
      if (!due.cancelled) due.next();
      return saves;
    };
    return { tick, stop, saves: () => saves, pending };
  }

  it('saves at the first check when the loop was quiet over it', () => {
    const h = harness([0, 0.05]);
    assert.equal(h.saves(), 0, 'nothing at once');
    assert.equal(h.tick(), 1);
    assert.equal(h.pending.length, 0, 'no further check');
  });

  it('waits while the loop is busy (a view filling), and saves at the first quiet check', () => {
    const h = harness([0, 0.6, 0.45, 0.9, 0.1]);
    assert.equal(h.tick(), 0);
    assert.equal(h.tick(), 0);
    assert.equal(h.tick(), 0);
    assert.equal(h.tick(), 1);
  });

  it('saves anyway after 200 busy checks (10 minutes)', () => {
    const h = harness([0, ...Array.from({ length: 300 }, () => 1)]);
    let checks = 0;
    while (h.saves() === 0 && checks < 300) {
      h.tick();
      checks++;
    }
    assert.equal(checks, 200);
  });

  it('saves nothing once stopped (the extension deactivated)', () => {
    const h = harness([0, 0]);
    h.stop();
    assert.equal(h.tick(), 0);
    assert.equal(h.pending.length, 0);
  });
});
