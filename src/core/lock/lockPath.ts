/**
 * Where a named lock lives: one file per name in the user's state folder, the same path in every
 * Access Lens process (the VS Code windows, the full CLI and the `token` fast path), so that they
 * meet there. Kept apart from the locks themselves and free of node:crypto: the CLI's `token` fast
 * path computes the keychain lock's file before every request of a credential helper, and loading
 * node:crypto alone cost it about 6 ms (docs/cli.md, "`token` as a credential helper").
 */
import * as os from 'node:os';
import * as path from 'node:path';

/** The user's state folder for Access Lens: $XDG_STATE_HOME/access-lens (Linux), the usual app-data folders elsewhere. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  const base =
    platform === 'win32'
      ? (env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'));
  return path.join(base, 'access-lens');
}

export function defaultLockDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultStateDir(env), 'locks');
}

/** Multipliers of the four 32-bit lanes (odd constants from MurmurHash3 and FNV). */
const LANES = [0x85ebca6b, 0xc2b2ae35, 0x01000193, 0x9e3779b1] as const;

/**
 * 128 bits of a stable, non-cryptographic hash of `name` as 32 hex digits. Not secret, only
 * stable and spread: two names that met in one file would share a lock (and a holder of one
 * would pass the other as re-entrant), so 128 bits, not 32.
 */
export function nameHash(name: string): string {
  const h = [0x811c9dc5, 0x2545f491, 0x9e3779b9, 0x3c6ef372];
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    for (let lane = 0; lane < 4; lane++) h[lane] = Math.imul(h[lane]! ^ c, LANES[lane]!);
  }
  // Final mix (MurmurHash3's fmix32, each lane stirred with the next), so every input bit reaches every output bit.
  const out = h.map((value, lane) => {
    let x = (value ^ Math.imul(h[(lane + 1) % 4]!, 31) ^ name.length) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return ((x ^ (x >>> 16)) >>> 0).toString(16).padStart(8, '0');
  });
  return out.join('');
}

/** The lock file of `name`. Hashed: names hold issuers (URLs) and account ids, which do not belong in file names. */
export function lockFilePath(dir: string, name: string): string {
  return path.join(dir, `${nameHash(name)}.lock`);
}
