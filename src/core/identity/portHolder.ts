/**
 * Who listens on a local TCP port, for the message when the fixed redirect
 * port of the Databricks sign-in is taken. Linux only, from /proc: the
 * listening socket's inode in /proc/net/tcp{,6}, then the process whose file
 * descriptors include that socket. Best effort: another user's process cannot
 * be read, and other systems answer undefined (the message then names the
 * tools to look with).
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface PortHolder {
  readonly pid: number;
  /** The command line, shortened. */
  readonly command: string;
}

const LISTEN = '0A';

function listeningInodes(port: number, read: (path: string) => string): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = read(table);
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (!local || fields[3] !== LISTEN) continue;
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

export function findPortHolder(port: number, platform: NodeJS.Platform = process.platform): PortHolder | undefined {
  if (platform !== 'linux') return undefined;
  const read = (path: string): string => readFileSync(path, 'utf8');
  const inodes = listeningInodes(port, read);
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        let command = '';
        try {
          command = read(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ');
        } catch {
          command = '';
        }
        return { pid: Number(pid), command: command.length > 120 ? `${command.slice(0, 120)}…` : command || '(unknown)' };
      }
    }
  }
  return undefined;
}

/** What to say when the redirect port is taken: who holds it, and what to do. */
export function portTakenMessage(port: number, holder: PortHolder | undefined, platform: NodeJS.Platform = process.platform): string {
  const who = holder
    ? `process ${holder.pid} (${holder.command}) is listening on it`
    : `another program is listening on it (find it with ${platform === 'win32' ? `"netstat -ano | findstr :${port}"` : `"lsof -nP -iTCP:${port} -sTCP:LISTEN"`})`;
  return (
    `The Databricks sign-in needs port ${port} on this computer (the redirect http://localhost:${port} registered for the databricks-cli client), but ${who}. ` +
    `Often it is another sign-in still waiting (databricks auth login, or Access Lens in another window): finish or cancel it, or stop that program, then sign in again.`
  );
}
