/**
 * The permission reads' learned pace per workspace, remembered across processes (docs/settings.md,
 * `accessLens.maxRequestsPerSecond`; docs/architecture.md, "Request pace"). Each `access-lens ls`
 * is a new process, and without this each began at 50 a second and met the server's limit again
 * (slow start, then a 429) before running at it: on 1,000 clusters that ramp was most of the time
 * above the bound. The pace a 429 taught is written here, and the next process (or the extension,
 * which shares the file) starts at it.
 *
 * Not a secret (a number per hashed host name), yet read strictly: the file must be the owner's
 * alone (0600 in a 0700 folder), the expected version, each entry a plausible rate learned within
 * the last day; anything else is ignored and the pace starts afresh at 50, as before. Written whole
 * to a temp file and renamed into place, so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { hashedName } from './hashedName';

const VERSION = 1;
/** A learned pace older than this is not trusted: workspaces' limits and load change. */
export const PACE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Rates outside this range are not a learned pace (a corrupt or hand-edited file). */
const MOST_PER_SECOND = 10_000;

interface Entry {
  readonly perSecond: number;
  readonly learnedAt: number;
}

/** What a map's limiter takes from the memory: where to start, and where to report what it learns. */
export interface RememberedPace {
  readonly learnedPerSecond?: number;
  readonly onLearned: (perSecond: number) => void;
}

const ownerOnly = process.platform !== 'win32';

function hostKey(host: string): string {
  return hashedName(host.toLowerCase());
}

/** The file's entries still valid at `now`; a problem makes it empty (the caller starts at 50). */
export function parsePaceFile(text: string, now: number): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return entries;
  }
  if (typeof data !== 'object' || data === null || (data as { version?: unknown }).version !== VERSION) return entries;
  const hosts = (data as { hosts?: unknown }).hosts;
  if (typeof hosts !== 'object' || hosts === null) return entries;
  for (const [key, value] of Object.entries(hosts)) {
    const { perSecond, learnedAt } = (value ?? {}) as { perSecond?: unknown; learnedAt?: unknown };
    if (!/^[0-9a-f]{24}$/.test(key) || typeof perSecond !== 'number' || typeof learnedAt !== 'number') continue;
    if (!Number.isFinite(perSecond) || perSecond < 1 || perSecond > MOST_PER_SECOND) continue;
    // Not from the future (a clock set back, a forged file), not older than a day.
    if (!(learnedAt <= now + 60_000 && now - learnedAt <= PACE_MAX_AGE_MS)) continue;
    entries.set(key, { perSecond, learnedAt });
  }
  return entries;
}

export class PaceMemory {
  /** Writes one after another, so the last learned pace is the one on disk. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The pace learned for `host` within the last day, per second; undefined when none (or the file is not to be trusted). */
  recall(host: string): number | undefined {
    return this.read().get(hostKey(host))?.perSecond;
  }

  /** The start and the report hook for one workspace's permission reads. */
  forHost(host: string): RememberedPace {
    return { learnedPerSecond: this.recall(host), onLearned: (perSecond) => this.remember(host, perSecond) };
  }

  /** Records a learned pace (fire and forget: a failed write only means the next process learns again). */
  remember(host: string, perSecond: number): void {
    this.writing = this.writing.then(() => this.write(hostKey(host), perSecond)).catch(() => undefined);
  }

  /** Resolves when the writes asked for so far are done. */
  flush(): Promise<void> {
    return this.writing;
  }

  private read(): Map<string, Entry> {
    try {
      if (ownerOnly) {
        const folder = statSync(path.dirname(this.file));
        const file = statSync(this.file);
        const mine = typeof process.getuid !== 'function' || (file.uid === process.getuid() && folder.uid === process.getuid());
        if (!mine || (file.mode & 0o077) !== 0 || (folder.mode & 0o077) !== 0) return new Map();
      }
      return parsePaceFile(readFileSync(this.file, 'utf8'), this.now());
    } catch {
      return new Map(); // none yet, or unreadable: start at 50
    }
  }

  private async write(key: string, perSecond: number): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const entries = this.read();
    entries.set(key, { perSecond: Math.round(perSecond * 10) / 10, learnedAt: this.now() });
    const text = JSON.stringify({ version: VERSION, hosts: Object.fromEntries(entries) });
    const temp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      // 'wx': a fresh owner-only file, never an existing one followed.
      await fs.writeFile(temp, text, { mode: 0o600, flag: 'wx' });
      await fs.rename(temp, this.file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }
}

/** The pace file in the user's state folder (shared by the CLI and the extension). */
export function paceFileIn(stateDir: string): string {
  return path.join(stateDir, 'pace.json');
}
