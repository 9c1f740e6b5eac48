/**
 * A lock across processes: the VS Code windows and the CLI share one keychain
 * and one audit trail, and a lock held only inside one process does not stop
 * another process from doing the same read → change → write at the same time.
 *
 * As msal-node-extensions' CrossPlatformLock does, the lock is a file created
 * with O_CREAT | O_EXCL (`wx`): creating it is the one atomic step every
 * platform offers. It holds the owner's pid and the time it was taken, so a
 * lock left by a process that died is recovered: when its pid is gone (on this
 * machine), or when it is older than `staleMs` (a pid on another host or a
 * recycled pid can no longer hold it up).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface FileLockOptions {
  /** Give up after this long (ms) and throw a LockTimeoutError. */
  readonly timeoutMs?: number;
  /** A lock older than this (ms) is taken over, whoever holds it. */
  readonly staleMs?: number;
  /** First wait between attempts (ms); it grows to 8× with jitter. */
  readonly retryMs?: number;
  readonly signal?: AbortSignal;
}

export class LockTimeoutError extends Error {
  constructor(readonly lockPath: string, waitedMs: number, holder: string) {
    super(`Another Access Lens process has held ${lockPath} for over ${Math.round(waitedMs / 1000)} s (${holder}). If no other window or access-lens command is running, delete that file and try again.`);
    this.name = 'LockTimeoutError';
  }
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: number;
}

/** What a lock file holds: who took it and when (the staleness checks of every process read it). */
export function holderContent(now: number = Date.now()): string {
  return JSON.stringify({ pid: process.pid, host: os.hostname(), since: now } satisfies Holder);
}

const DEFAULTS = { timeoutMs: 30_000, staleMs: 60_000, retryMs: 20 };

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(lockPath: string): Promise<{ raw: string; holder: Holder | undefined } | undefined> {
  let raw: string;
  try {
    raw = await fs.readFile(lockPath, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<Holder>;
    if (typeof parsed.pid === 'number' && typeof parsed.since === 'number' && typeof parsed.host === 'string') return { raw, holder: parsed as Holder };
  } catch {
    // Caught between create and write: judged by its age below.
  }
  return { raw, holder: undefined };
}

/** The lock file's content when it may be taken over, else undefined. */
async function staleContent(lockPath: string, staleMs: number, now: number): Promise<string | undefined> {
  const lock = await readLock(lockPath);
  if (!lock) return undefined; // gone already: the next attempt takes it
  const { raw, holder } = lock;
  if (holder) {
    if (holder.host === os.hostname() && holder.pid !== process.pid && !processAlive(holder.pid)) return raw;
    return now - holder.since > staleMs ? raw : undefined;
  }
  try {
    // No readable holder: a writer may be between create and write, so only an old file is stale.
    return now - (await fs.stat(lockPath)).mtimeMs > Math.min(staleMs, 5_000) ? raw : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes a stale lock. It is renamed aside first and checked: when another process took the lock over
 * (and a third took it afresh) between our look and our rename, the fresh lock is put back.
 */
async function breakStaleLock(lockPath: string, judged: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`;
  if (!(await fs.rename(lockPath, aside).then(() => true, () => false))) return;
  const moved = await fs.readFile(aside, 'utf8').catch(() => judged);
  if (moved !== judged) await fs.link(aside, lockPath).catch(() => undefined);
  await fs.rm(aside, { force: true });
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Takes the lock, waiting for it; returns the function that releases it. */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<() => Promise<void>> {
  const { timeoutMs, staleMs, retryMs } = { ...DEFAULTS, ...options };
  const started = Date.now();
  await fs.mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      const handle = await fs.open(lockPath, 'wx', 0o600);
      const token = holderContent();
      try {
        await handle.writeFile(token);
      } finally {
        await handle.close();
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        // Only our own lock is removed: a holder that took it over as stale keeps it.
        if ((await fs.readFile(lockPath, 'utf8').catch(() => '')) === token) await fs.rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const now = Date.now();
    const stale = await staleContent(lockPath, staleMs, now);
    if (stale !== undefined) {
      await breakStaleLock(lockPath, stale);
      continue;
    }
    if (now - started > timeoutMs) {
      const holder = (await readLock(lockPath))?.holder;
      throw new LockTimeoutError(lockPath, now - started, holder ? `pid ${holder.pid} on ${holder.host}` : 'holder unknown');
    }
    const wait = Math.min(retryMs * 2 ** Math.min(attempt, 3), retryMs * 8);
    await sleep(wait / 2 + Math.random() * wait, options.signal);
  }
}

/** Runs `work` while holding the lock at `lockPath`, and releases it whatever happens. */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const release = await acquireFileLock(lockPath, options);
  try {
    return await work();
  } finally {
    await release();
  }
}
