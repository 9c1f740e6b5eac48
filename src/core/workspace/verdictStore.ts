/**
 * The verdict cache on disk (docs/architecture.md, "Reopen after a restart"): one file per workspace
 * and account in a folder the front end names (the extension's global storage), so a restart shows
 * the last verdicts at once while they are read again. It holds object summaries and verdict rows,
 * never a token: the caller hands in nothing else. The folder is the owner's alone (0700), each
 * file too (0600); a file is written whole and renamed into place, so a crash leaves the old one.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../log';
import { hashedName as hashed } from './hashedName';
import { PersistedSnapshot, readSnapshot, snapshotPieces } from './verdictSnapshot';
import type { SlicePieces } from './slicePieces';

export type { PersistedSnapshot } from './verdictSnapshot';

/** A cache file past this size is not written (a log line says so): it would cost more to read than the lists. */
export const MAX_CACHE_BYTES = 64 * 1024 * 1024;

const ownerOnly = process.platform !== 'win32';


export class VerdictStore {
  /** Per account, bumped when its files are deleted: a write begun before that lands nowhere. */
  private readonly generations = new Map<string, number>();
  private folderReady: Promise<boolean> | undefined;

  constructor(
    readonly folder: string,
    private readonly logger: Pick<Logger, 'info' | 'warn'>,
  ) {}

  /** The generation a map's writes belong to: writes of an older one (the account signed out since) are dropped. */
  generation(accountId: string): number {
    return this.generations.get(accountId) ?? 0;
  }

  fileOf(host: string, accountId: string): string {
    return path.join(this.folder, `${hashed(accountId)}-${hashed(host.toLowerCase())}.json`);
  }

  /** The snapshot of one workspace and account, or undefined (none, unreadable, another version, too open: each logged). */
  async load(host: string, accountId: string): Promise<PersistedSnapshot | undefined> {
    if (!(await this.ensureFolder())) return undefined;
    const file = this.fileOf(host, accountId);
    let text: string;
    try {
      const stat = await fs.stat(file);
      if (ownerOnly && (stat.mode & 0o077) !== 0) {
        this.logger.warn(`The verdict cache ${file} is readable by others (mode ${(stat.mode & 0o777).toString(8)}); it is ignored and deleted, and the verdicts are read again.`);
        await fs.rm(file, { force: true });
        return undefined;
      }
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn(`Could not read the verdict cache ${file}: ${(error as Error).message}. The verdicts are read again.`);
      return undefined;
    }
    const read = readSnapshot(text, host);
    if ('problem' in read) {
      this.logger.info(`The verdict cache ${file} is not used: ${read.problem}. The verdicts are read again.`);
      return undefined;
    }
    return read.snapshot;
  }

  /** Writes a snapshot (temp file + rename); false when it was not written (each reason logged). */
  async save(host: string, accountId: string, generation: number, snapshot: PersistedSnapshot, pieces?: SlicePieces): Promise<boolean> {
    if (generation !== this.generation(accountId) || !(await this.ensureFolder())) return false;
    const file = this.fileOf(host, accountId);
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    let bytes = 0;
    try {
      // 'wx': a fresh file with owner-only mode from its first byte, never an existing one followed.
      // Written piece by piece as the JSON is built (verdictSnapshot.ts says why): never one big string.
      const handle = await fs.open(temp, 'wx', 0o600);
      try {
        for await (const piece of snapshotPieces(snapshot, undefined, pieces)) {
          const buffer = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
          for (let done = 0; done < buffer.length; ) done += (await handle.write(buffer, done)).bytesWritten;
          bytes += buffer.length;
          if (bytes > MAX_CACHE_BYTES) break;
        }
      } finally {
        await handle.close();
      }
      if (bytes > MAX_CACHE_BYTES) {
        await fs.rm(temp, { force: true });
        this.logger.warn(`The verdict cache for ${host} would take more than ${MAX_CACHE_BYTES / 1e6} MB: not written; a restart reads the verdicts again.`);
        return false;
      }
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      this.logger.warn(`Could not write the verdict cache ${file}: ${(error as Error).message}. The verdicts still show; a restart reads them again.`);
      return false;
    }
    // Signed out while writing: the file must not outlive the sign-out.
    if (generation !== this.generation(accountId)) {
      await fs.rm(file, { force: true });
      return false;
    }
    return true;
  }

  /** Deletes every file of an account (sign-out, another account signed in); writes still under way are dropped. */
  async forgetAccount(accountId: string): Promise<void> {
    this.generations.set(accountId, this.generation(accountId) + 1);
    const prefix = `${hashed(accountId)}-`;
    let names: string[];
    try {
      names = await fs.readdir(this.folder);
    } catch {
      return; // no folder: nothing cached
    }
    await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => fs.rm(path.join(this.folder, n), { force: true })));
    this.logger.info('Deleted the verdict cache of the account that signed out.');
  }

  /** Creates the folder owner-only, or repairs a looser one (its files, possibly written by others, are deleted). */
  private ensureFolder(): Promise<boolean> {
    this.folderReady ??= this.prepareFolder();
    return this.folderReady;
  }

  private async prepareFolder(): Promise<boolean> {
    try {
      await fs.mkdir(this.folder, { recursive: true, mode: 0o700 });
      if (!ownerOnly) return true;
      const stat = await fs.stat(this.folder);
      if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
        this.logger.warn(`The verdict cache folder ${this.folder} belongs to another user: no verdicts are cached. Delete it or fix its owner.`);
        return false;
      }
      if ((stat.mode & 0o077) !== 0) {
        this.logger.warn(`The verdict cache folder ${this.folder} was open to others (mode ${(stat.mode & 0o777).toString(8)}): made owner-only (0700), and the files in it deleted.`);
        await fs.chmod(this.folder, 0o700);
        for (const name of await fs.readdir(this.folder)) await fs.rm(path.join(this.folder, name), { force: true, recursive: true });
      }
      return true;
    } catch (error) {
      this.logger.warn(`The verdict cache folder ${this.folder} is not usable: ${(error as Error).message}. Verdicts are not cached between restarts.`);
      return false;
    }
  }
}
