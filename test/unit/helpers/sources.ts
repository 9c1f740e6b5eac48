/** The TypeScript sources of a folder and their relative imports, for the layout tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

/** The files under `root` a file imports (type-only imports included: they tie files together for a reader too). */
export function relativeImports(file: string, root: string): string[] {
  const found: string[] = [];
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']*)'/g)) {
    const base = path.resolve(path.dirname(file), m[1]!);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (target?.startsWith(root)) found.push(target);
  }
  return found;
}

/** One import cycle among `files` (each file, then the one it imports, back to the first), or undefined. */
export function findCycle(files: readonly string[], root: string): string[] | undefined {
  const graph = new Map(files.map((f) => [f, relativeImports(f, root)]));
  const done = new Set<string>();
  const walk = (file: string, trail: string[]): string[] | undefined => {
    if (trail.includes(file)) return [...trail.slice(trail.indexOf(file)), file];
    if (done.has(file)) return undefined;
    for (const next of graph.get(file) ?? []) {
      const cycle = walk(next, [...trail, file]);
      if (cycle) return cycle;
    }
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = walk(file, []);
    if (cycle) return cycle;
  }
  return undefined;
}
