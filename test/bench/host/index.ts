/**
 * `npm run bench -- --host` (issue 17, activation: load + activate() ≤ 30 ms in the real extension
 * host). scripts/bench.mjs runs this module as the "extension tests" of code-server's extension host
 * (scripts/vscode-host/runExtensionTests.mjs --tests-path), with Access Lens as the extension under
 * development and not yet active. It times, in that host:
 *   - fresh copies of the production bundle (dist/extension.js copied beside itself, so the module
 *     cache does not help and the host's `vscode` resolves as for the real file): `require` (load) and
 *     `activate()` with a minimal ExtensionContext, apart, medians of N, each copy's registrations
 *     disposed before the next; against a one-line extension the same way;
 *   - then the host's own, first activation of the extension (`Extension.activate()`: the host loads
 *     dist/extension.js and calls activate() with the real context), once, cold.
 * The lines between the harness's opening and closing lines are what the bench prints.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

const EXTENSION_ID = 'access-lens.databricks-access-lens';
const RUNS = Number(process.env.ACCESS_LENS_BENCH_RUNS ?? 9);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function memento(): vscode.Memento & { setKeysForSync(keys: readonly string[]): void } {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
    setKeysForSync: () => undefined,
  };
}

/** What activate() reads of its context (src/extension), in memory and in a scratch folder. */
function minimalContext(extension: vscode.Extension<unknown>, scratch: string): vscode.ExtensionContext {
  const secretsChanged = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  const variables = { persistent: false, description: undefined, replace: () => undefined, append: () => undefined, prepend: () => undefined, get: () => undefined, forEach: () => undefined, delete: () => undefined, clear: () => undefined };
  const context = {
    subscriptions: [secretsChanged] as vscode.Disposable[],
    extension,
    extensionUri: extension.extensionUri,
    extensionPath: extension.extensionPath,
    extensionMode: vscode.ExtensionMode.Test,
    globalStorageUri: vscode.Uri.file(path.join(scratch, 'global')),
    storageUri: vscode.Uri.file(path.join(scratch, 'workspace')),
    logUri: vscode.Uri.file(path.join(scratch, 'logs')),
    globalState: memento(),
    workspaceState: memento(),
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, keys: async () => [], onDidChange: secretsChanged.event },
    environmentVariableCollection: { ...variables, getScoped: () => variables, [Symbol.iterator]: function* () {} },
    asAbsolutePath: (relative: string) => path.join(extension.extensionPath, relative),
  };
  return context as unknown as vscode.ExtensionContext;
}

interface Sample { load: number; activate: number }

/** Disposed at the end: the host closes a log channel asynchronously, and the next copy makes one of the same name. */
const channels: vscode.Disposable[] = [];
const isChannel = (disposable: vscode.Disposable): boolean => typeof (disposable as Partial<vscode.OutputChannel>).appendLine === 'function';

async function timeFreshCopy(file: string, extension: vscode.Extension<unknown>, scratch: string): Promise<Sample> {
  let start = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(file) as { activate(context: vscode.ExtensionContext): unknown; deactivate?(): void };
  const load = performance.now() - start;
  const context = minimalContext(extension, mkdtempSync(path.join(scratch, 'run-')));
  start = performance.now();
  await module.activate(context);
  const activate = performance.now() - start;
  module.deactivate?.();
  for (const disposable of context.subscriptions.splice(0)) {
    if (isChannel(disposable)) channels.push(disposable);
    else disposable.dispose();
  }
  return { load, activate };
}

async function measure(): Promise<string[]> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) return [`activation-host  ${EXTENSION_ID} is not loaded in this host`];
  if (extension.isActive) return ['activation-host  the extension was already active: nothing to measure cold'];
  const dist = path.join(extension.extensionPath, 'dist');
  const scratch = mkdtempSync(path.join(tmpdir(), 'access-lens-activation-'));
  const ours: Sample[] = [];
  const oneLine: Sample[] = [];
  // An earlier build to compare with in the same run (e.g. the bundle before a change), timed the same way.
  const baselineBundle = process.env.ACCESS_LENS_BENCH_BASELINE_BUNDLE;
  const baseline: Sample[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const copy = path.join(dist, `.bench-host-extension-${process.pid}-${i}.js`);
      const small = path.join(dist, `.bench-host-one-line-${process.pid}-${i}.js`);
      copyFileSync(path.join(dist, 'extension.js'), copy);
      writeFileSync(small, 'exports.activate = () => undefined;\n');
      try {
        oneLine.push(await timeFreshCopy(small, extension, scratch));
        ours.push(await timeFreshCopy(copy, extension, scratch));
        if (baselineBundle) {
          const other = path.join(dist, `.bench-host-baseline-${process.pid}-${i}.js`);
          copyFileSync(baselineBundle, other);
          baseline.push(await timeFreshCopy(other, extension, scratch).finally(() => rmSync(other, { force: true })));
        }
      } finally {
        rmSync(copy, { force: true });
        rmSync(small, { force: true });
      }
    }
    // What activate() loaded of the on-first-use libraries (docs/architecture.md, "Activation"): none, before a view opens.
    const libraries = Object.keys(require.cache).filter((file) => file.startsWith(path.join(dist, 'lib') + path.sep)).map((file) => path.basename(file));
    const start = performance.now();
    await extension.activate();
    const real = performance.now() - start;
    const [load, activate] = [median(ours.map((s) => s.load)), median(ours.map((s) => s.activate))];
    const [baseLoad, baseActivate] = [median(oneLine.map((s) => s.load)), median(oneLine.map((s) => s.activate))];
    const total = load + activate;
    return [
      `activation-host  dist/extension.js in the extension host (medians of ${RUNS} fresh copies): load ${load.toFixed(1)} ms + activate() ${activate.toFixed(1)} ms = ${total.toFixed(1)} ms (target ≤ 30 ms; ${(total / Math.max(baseLoad + baseActivate, 0.01)).toFixed(0)}× a one-line extension, ${baseLoad.toFixed(2)} + ${baseActivate.toFixed(2)} ms)`,
      ...(baselineBundle ? [`activation-host  ${baselineBundle} the same way: load ${median(baseline.map((s) => s.load)).toFixed(1)} ms + activate() ${median(baseline.map((s) => s.activate)).toFixed(1)} ms`] : []),
      `activation-host  dist/lib bundles loaded by activate(): ${libraries.length > 0 ? libraries.join(', ') : 'none'}`,
      `activation-host  the host's own first activation (Extension.activate(): load + activate(), cold, once): ${real.toFixed(1)} ms`,
    ];
  } finally {
    for (const channel of channels.splice(0)) channel.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  console.log('integration: running 1 test file (the activation bench)');
  try {
    for (const line of await measure()) console.log(`  ${line}`);
    console.log('integration: 1 passed, 0 failed');
  } catch (error) {
    console.log(`  activation-host  failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    console.log('integration: 0 passed, 1 failed');
    throw error;
  }
}
