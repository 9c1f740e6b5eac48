import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Script } from 'node:vm';
import { sha256 } from '../../core/digest';

/**
 * Loads one CommonJS bundle through V8's code cache (docs/architecture.md, "Activation"): parsing the
 * extension bundle is most of its load time, and V8 can hand back the bytecode of an earlier start.
 * Scoped to this one file on purpose: Node's `module.enableCompileCache()` would switch the cache on
 * for every module the shared extension host loads afterwards, other extensions' included.
 *
 * V8 checks a cache against the source's length only, so the cache file is named by a hash of the
 * source and the V8 version and architecture: a different bundle never meets another one's bytecode.
 * Every failure to read or write the cache only costs the cache: the bundle then compiles as usual.
 */
export interface CachedLoad {
  exports: unknown;
  /** Whether V8 used a cache from an earlier start. */
  warm: boolean;
  /** Writes the bytecode V8 holds now (including the functions compiled since the load) if the cache was cold. */
  save(): void;
}

function cacheName(source: string): string {
  return `${sha256(`${process.versions.v8}\0${process.arch}\0${source}`, 'hex').slice(0, 32)}.bin`;
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes beside, then renames: two windows starting at once never read a half-written cache. Drops older caches. */
function writeCache(dir: string, name: string, data: Buffer): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const partial = path.join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, path.join(dir, name));
    for (const other of readdirSync(dir)) if (other !== name && other.endsWith('.bin')) rmSync(path.join(dir, other), { force: true });
  } catch {
    // A read-only or full disk: the next start compiles the bundle again, as without a cache.
  }
}

function compile(source: string, file: string, cachedData: Buffer | undefined): Script | undefined {
  try {
    return new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  } catch {
    // Not a cache problem (a syntax error or a runtime without vm): require reports it as it always did.
    return undefined;
  }
}

/** `require(file)` for a bundle that no other module loads, with its bytecode cached in `cacheDir`. */
export function loadWithCodeCache(file: string, cacheDir: string): CachedLoad {
  const source = readFileSync(file, 'utf8');
  const name = cacheName(source);
  const cachedData = readCache(path.join(cacheDir, name));
  const script = compile(source, file, cachedData);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!script) return { exports: require(file) as unknown, warm: false, save: () => undefined };
  const warm = cachedData !== undefined && script.cachedDataRejected === false;
  // The module as `require` would build it, so the bundle's own requires (keytar, ./lib, `vscode`,
  // which the extension host answers by the requiring file's path) resolve from its folder.
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
  bundle.loaded = true;
  let saved = warm;
  return {
    exports: bundle.exports,
    warm,
    save: () => {
      if (saved) return;
      saved = true;
      writeCache(cacheDir, name, script.createCachedData());
    },
  };
}

export interface QuietSaveOptions {
  /** Runs `next` after `ms`; returns what `cancel` stops. Default setTimeout, unref'd. */
  readonly schedule?: (next: () => void, ms: number) => unknown;
  readonly cancel?: (handle: unknown) => void;
  /** The event loop's busy share since the last call (0..1). Default from performance.eventLoopUtilization. */
  readonly busyShare?: () => number;
}

/** The first try, then each later one while the loop is busy. */
const QUIET_CHECK_MS = 3_000;
/** Busier than this (a view filling, say), the save waits: it takes 20–30 ms in one task. */
const BUSY_SHARE = 0.2;
/** After this many busy checks (10 minutes), it saves anyway. */
const MOST_CHECKS = 200;

/**
 * Calls `save` once the event loop has been quiet over a check's 3 s, at the earliest 3 s from now
 * (docs/architecture.md, "Activation"): V8's `createCachedData` and the write took 20–30 ms in one
 * task, and in the host fill bench they fell on the first second of filling, beside a collection (a
 * 92 ms stall). The cache helps only the next start, so waiting costs nothing. Returns a stop.
 */
export function saveWhenQuiet(save: () => void, options: QuietSaveOptions = {}): () => void {
  const schedule =
    options.schedule ??
    ((next: () => void, ms: number) => {
      const timer = setTimeout(next, ms);
      timer.unref?.();
      return timer;
    });
  const cancel = options.cancel ?? ((handle: unknown) => clearTimeout(handle as NodeJS.Timeout));
  const busyShare = options.busyShare ?? loopBusyShare();
  let checks = 0;
  let handle: unknown;
  const check = (): void => {
    if (busyShare() > BUSY_SHARE && ++checks < MOST_CHECKS) handle = schedule(check, QUIET_CHECK_MS);
    else save();
  };
  busyShare();
  handle = schedule(check, QUIET_CHECK_MS);
  return () => cancel(handle);
}

function loopBusyShare(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}
