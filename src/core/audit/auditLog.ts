/**
 * The local audit trail: append-only JSON Lines of identity events, each
 * naming the Entra user and the Databricks user behind it, never a token.
 * One write per line with O_APPEND, so concurrent writers (the extension and
 * the CLI) interleave whole lines, and a crash can at worst cut the last line,
 * which readers skip: earlier lines are never touched. Rotates by size, under
 * a lock file shared by every process, so two writers that both see the file
 * full rotate it once between them and no rotated file is overwritten.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { withFileLock } from '../lock/fileLock';
import { defaultStateDir } from '../lock/namedLocks';
import { redact } from '../log';

export type AuditEventName = 'sign-in' | 'sign-out' | 'refresh' | 'exchange' | 'token-rejected' | 'doctor' | 'access-check' | 'logout';

export interface AuditEvent {
  readonly time: string;
  readonly event: AuditEventName;
  readonly source: 'vscode' | 'cli';
  readonly outcome: 'ok' | 'error';
  readonly entra?: { readonly objectId?: string; readonly upn?: string; readonly tenantId?: string };
  readonly databricks?: { readonly host?: string; readonly userName?: string };
  /** docs/codes.md error code or blocker code when the outcome is an error or a denial. */
  readonly code?: string;
  readonly detail?: string;
}

export interface AuditOptions {
  readonly maxBytes?: number;
  /** Rotated files kept: audit.1.jsonl … audit.N.jsonl */
  readonly keep?: number;
}

/** Where the CLI keeps it: $XDG_STATE_HOME/access-lens (Linux), the usual app-data folders elsewhere. */
export function defaultCliAuditPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ACCESS_LENS_AUDIT_FILE) return env.ACCESS_LENS_AUDIT_FILE;
  return path.join(defaultStateDir(env, platform), 'audit.jsonl');
}

export class AuditLog {
  private tail: Promise<void> = Promise.resolve();
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly file: string,
    options: AuditOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = Math.max(1, options.keep ?? 3);
  }

  /** Appends one event; failures to write are returned, never thrown into the caller's flow. */
  append(event: Omit<AuditEvent, 'time'> & { time?: string }): Promise<void> {
    const record: AuditEvent = { ...event, time: event.time ?? new Date().toISOString(), ...(event.detail ? { detail: redact(event.detail).slice(0, 1000) } : {}) };
    const line = `${JSON.stringify(record)}\n`;
    const write = async (): Promise<void> => {
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await this.rotateIfNeeded(Buffer.byteLength(line));
      // After a crash cut the last line, start on a fresh line so this one stays whole.
      const separator = (await this.endsCleanly()) ? '' : '\n';
      await fs.appendFile(this.file, separator + line, { mode: 0o600, flag: 'a' });
    };
    this.tail = this.tail.then(write, write);
    return this.tail;
  }

  private async size(): Promise<number | undefined> {
    try {
      return (await fs.stat(this.file)).size;
    } catch {
      return undefined;
    }
  }

  private async rotateIfNeeded(incoming: number): Promise<void> {
    const before = await this.size();
    if (before === undefined || before + incoming <= this.maxBytes) return;
    await withFileLock(`${this.file}.lock`, async () => {
      // Another process may have rotated it while we waited for the lock: then there is nothing to do.
      const size = await this.size();
      if (size === undefined || size + incoming <= this.maxBytes) return;
      for (let i = this.keep; i >= 1; i--) {
        const from = i === 1 ? this.file : this.rotated(i - 1);
        await fs.rename(from, this.rotated(i)).catch(() => undefined);
      }
    }, { timeoutMs: 10_000, staleMs: 10_000 });
  }

  private async endsCleanly(): Promise<boolean> {
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(this.file, 'r');
      const { size } = await handle.stat();
      if (size === 0) return true;
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] === 0x0a;
    } catch {
      return true;
    } finally {
      await handle?.close();
    }
  }

  private rotated(index: number): string {
    return this.file.replace(/\.jsonl$/, '') + `.${index}.jsonl`;
  }

  /** Events oldest first, across rotated files; lines that do not parse (a cut last line) are skipped. */
  async read(filter: { event?: AuditEventName; since?: Date } = {}): Promise<AuditEvent[]> {
    const files = [...Array.from({ length: this.keep }, (_, i) => this.rotated(this.keep - i)), this.file];
    const events: AuditEvent[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const event = JSON.parse(line) as AuditEvent;
          if (filter.event && event.event !== filter.event) continue;
          if (filter.since && Date.parse(event.time) < filter.since.getTime()) continue;
          events.push(event);
        } catch {
          // A line cut by a crash: skipped, the rest stays readable.
        }
      }
    }
    return events;
  }
}

/** An identity event naming the Entra account (when known) and the Databricks side. */
export function identityEvent(
  event: AuditEventName,
  source: AuditEvent['source'],
  outcome: AuditEvent['outcome'],
  account: { objectId: string; username: string; tenantId: string } | undefined,
  details: { host?: string; userName?: string; code?: string; detail?: string } = {},
): Omit<AuditEvent, 'time'> {
  return {
    event,
    source,
    outcome,
    entra: account ? { objectId: account.objectId, upn: account.username, tenantId: account.tenantId } : undefined,
    databricks: details.host || details.userName ? { host: details.host, userName: details.userName } : undefined,
    code: details.code,
    detail: details.detail,
  };
}
