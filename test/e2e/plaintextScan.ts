// Looks for secrets in plain files: the home folder and the temp folder must
// hold none of the tokens a sign-in produced (they belong in the keychain).
// `findTokenPieces` also finds a token cut short, split or embedded in other
// text (SQLite pages, LevelDB logs, JSON), by its distinctive pieces.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Tool and package caches, the keyring's own store (where tokens belong), and the session machinery's folder. */
const SKIPPED = ['node_modules', '.cache', '.npm', 'keyrings', '.git', '.pyenv', '.cargo', '.rustup', '.m2', '.gradle', 'go', '.claude'];
const MAX_FILE_BYTES = 5_000_000;

/** Calls `onFile` with the text (latin1: byte for byte) of every file under `root` up to `maxDepth` levels and 5 MB. */
async function walkFiles(root: string, maxDepth: number, onFile: (file: string, text: string) => void): Promise<void> {
  const visit = async (entry: string, depth: number): Promise<void> => {
    const stat = await fs.lstat(entry).catch(() => undefined);
    if (!stat) return;
    if (stat.isDirectory()) {
      if (depth > maxDepth) return;
      const names = await fs.readdir(entry).catch(() => [] as string[]);
      for (const name of names) if (!SKIPPED.includes(name)) await visit(path.join(entry, name), depth + 1);
    } else if (stat.isFile() && stat.size <= MAX_FILE_BYTES) {
      onFile(entry, await fs.readFile(entry, 'latin1').catch(() => ''));
    }
  };
  await visit(root, 0);
}

/** Files under the home and temp folders (6 levels, files up to 5 MB) that contain any of `needles`. */
export async function filesContaining(needles: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const collect = (file: string, text: string): void => {
    if (needles.some((n) => text.includes(n))) found.push(file);
  };
  await walkFiles(os.homedir(), 6, collect);
  await walkFiles(os.tmpdir(), 6, collect);
  return found;
}

export interface TokenToFind {
  readonly kind: string;
  readonly token: string;
}

export interface TokenPiece {
  readonly file: string;
  readonly kind: string;
  /** Where in the token the piece found starts (the whole token was not necessarily there). */
  readonly offsetInToken: number;
}

const PIECE = 24;
const TOKEN_CHARS = /[A-Za-z0-9_-]{24,}/g;

/**
 * The secret part of a token: a JWT's signature (its header and claims are not secret, and the same in
 * every token of a kind), an opaque token's random part (after Entra's "1." prefix).
 */
function secretPart(token: string): { text: string; offset: number } {
  const parts = token.split('.');
  if (parts.length === 3) return { text: parts[2]!, offset: token.length - parts[2]!.length };
  const dot = token.lastIndexOf('.');
  return { text: token.slice(dot + 1), offset: dot + 1 };
}

/**
 * Files (or folders, walked `maxDepth` levels) under `roots` that hold a piece of any of `tokens`: every
 * aligned 24-character piece of each token's secret part is looked for, so any 47 or more characters of
 * it in a row are found, whole or not, wherever they sit in a file. `stats` counts what was read.
 */
export async function findTokenPieces(tokens: readonly TokenToFind[], roots: readonly string[], maxDepth = 8, stats?: { files: number; bytes: number }): Promise<TokenPiece[]> {
  const pieces = new Map<string, { kind: string; offsetInToken: number }>();
  for (const { kind, token } of tokens) {
    const { text, offset } = secretPart(token);
    for (let i = 0; i + PIECE <= text.length; i += PIECE) pieces.set(text.slice(i, i + PIECE), { kind, offsetInToken: offset + i });
  }
  const found: TokenPiece[] = [];
  const seen = new Set<string>();
  const look = (file: string, text: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    if (stats) {
      stats.files += 1;
      stats.bytes += text.length;
    }
    for (const run of text.matchAll(TOKEN_CHARS)) {
      const chars = run[0];
      for (let i = 0; i + PIECE <= chars.length; i++) {
        const hit = pieces.get(chars.slice(i, i + PIECE));
        if (hit) {
          found.push({ file, ...hit });
          return;
        }
      }
    }
  };
  for (const root of roots) await walkFiles(root, maxDepth, look);
  return found;
}
