// Looks for secrets in plain files: the home folder and the temp folder must
// hold none of the tokens a sign-in produced (they belong in the keychain).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SKIPPED = ['node_modules', '.cache', '.npm', 'keyrings', '.git', '.pyenv', '.cargo', '.rustup', '.m2', '.gradle', 'go'];

/** Files under the home and temp folders (6 levels, files up to 5 MB) that contain any of `needles`. */
export async function filesContaining(needles: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const scan = async (dir: string, depth: number): Promise<void> => {
    if (depth > 6) return;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED.includes(entry.name)) continue;
        await scan(full, depth + 1);
      } else if (entry.isFile()) {
        const stat = await fs.stat(full).catch(() => undefined);
        if (!stat || stat.size > 5_000_000) continue;
        const text = await fs.readFile(full, 'latin1').catch(() => '');
        if (needles.some((n) => text.includes(n))) found.push(full);
      }
    }
  };
  await scan(os.homedir(), 0);
  await scan(os.tmpdir(), 0);
  return found;
}
