/**
 * Loading the production extension bundle (issue 17, activation: target ≤ 30 ms for load +
 * activate() in the real extension host). Measured here in plain Node, without the extension
 * host: a fresh copy of dist/extensionMain.js (the extension; dist/extension.js is its small entry) is required N times, with `vscode` answered by an object
 * holding every top-level name of the VS Code API (as the host's API object does), against
 * requiring a one-line module the same way. Only the load: `npm run bench -- --host` measures load
 * and activate() in the real extension host (host/index.ts; docs/architecture.md, "Activation").
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './median';

const DIST = path.resolve(__dirname, '../../../dist');
const VSCODE_TYPES = path.resolve(__dirname, '../../../node_modules/@types/vscode/index.d.ts');

/** Every top-level name of the API, each a constructible stand-in: enough for the bundle's load-time code. */
function fakeVscodeApi(): Record<string, unknown> {
  const names = new Set([...readFileSync(VSCODE_TYPES, 'utf8').matchAll(/^\s*export (?:class|enum|namespace|const|function|let) (\w+)/gm)].map((m) => m[1] ?? ''));
  const anything: object = new Proxy(class {}, { get: (target, key) => (key in target ? (target as unknown as Record<string | symbol, unknown>)[key] : anything) });
  return Object.fromEntries([...names].map((name) => [name, anything]));
}

export function benchActivation(runs = 9): void {
  const bundle = path.join(DIST, 'extensionMain.js');
  if (!existsSync(bundle)) {
    console.log('activation  skipped: no dist/extensionMain.js (node scripts/build.mjs --production)');
    return;
  }
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = loader._load.bind(loader);
  const api = fakeVscodeApi();
  loader._load = (request, parent, isMain) => (request === 'vscode' ? api : load(request, parent, isMain));
  const oneLine: number[] = [];
  const extension: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // Copies next to the bundle, so dist/node_modules/keytar resolves as it does for the real one.
      const small = path.join(DIST, `.bench-one-line-${process.pid}-${i}.js`);
      const copy = path.join(DIST, `.bench-extension-${process.pid}-${i}.js`);
      writeFileSync(small, 'exports.activate = () => undefined;\n');
      copyFileSync(bundle, copy);
      try {
        let start = performance.now();
        // A fresh file each time: require is the thing measured (the host loads extensions with it).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(small);
        oneLine.push(performance.now() - start);
        start = performance.now();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(copy);
        extension.push(performance.now() - start);
      } finally {
        rmSync(small, { force: true });
        rmSync(copy, { force: true });
      }
    }
  } finally {
    loader._load = load;
  }
  const [base, ext] = [median(oneLine), median(extension)];
  console.log(`activation  loading dist/extensionMain.js (plain Node, without the code cache, medians of ${runs}): ${ext.toFixed(1)} ms (${(ext / Math.max(base, 0.01)).toFixed(0)}× requiring a one-line module, ${base.toFixed(2)} ms); target for load + activate() in the host ≤ 30 ms`);
}
