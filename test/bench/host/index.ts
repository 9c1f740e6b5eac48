/**
 * `npm run bench -- --host` (issue 17, activation: load + activate() ≤ 30 ms in the real extension
 * host). scripts/bench.mjs runs this module as the "extension tests" of code-server's extension host
 * (scripts/vscode-host/runExtensionTests.mjs --tests-path), with Access Lens as the extension under
 * development and not yet active. It times, in that host:
 *   - fresh copies of the production bundles (in a new folder under dist/ each time, so neither the
 *     module cache nor V8's in-memory compilation cache helps, and the host's `vscode` resolves as for
 *     the real files): `require` (load) and `activate()` with a minimal ExtensionContext, apart,
 *     medians of N, each copy's registrations disposed before the next. Four ways: a one-line
 *     extension; dist/extensionMain.js required directly (the extension as it loaded before its
 *     entry); dist/extension.js with a fresh global storage (first start: no code cache yet, the entry
 *     writes it a few seconds later, src/extension/startup/entry.ts); dist/extension.js again with that
 *     storage (every later start: code cache warm);
 *   - then the host's own, first activation of the extension (`Extension.activate()`: the host loads
 *     dist/extension.js and calls activate() with the real context), once, cold.
 * The lines between the harness's opening and closing lines are what the bench prints.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { median } from '../median';

const EXTENSION_ID = 'access-lens.databricks-access-lens';
const RUNS = Number(process.env.ACCESS_LENS_BENCH_RUNS ?? 9);

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
function minimalContext(extension: vscode.Extension<unknown>, storage: string): vscode.ExtensionContext {
  const secretsChanged = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  const variables = { persistent: false, description: undefined, replace: () => undefined, append: () => undefined, prepend: () => undefined, get: () => undefined, forEach: () => undefined, delete: () => undefined, clear: () => undefined };
  const context = {
    subscriptions: [secretsChanged] as vscode.Disposable[],
    extension,
    extensionUri: extension.extensionUri,
    extensionPath: extension.extensionPath,
    extensionMode: vscode.ExtensionMode.Test,
    globalStorageUri: vscode.Uri.file(path.join(storage, 'global')),
    storageUri: vscode.Uri.file(path.join(storage, 'workspace')),
    logUri: vscode.Uri.file(path.join(storage, 'logs')),
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

/** The entry writes the code cache once the loop is quiet, 3 s after a cold activation at the earliest (codeCache.ts saveWhenQuiet): waited for, up to this. */
const CACHE_SAVED_WITHIN_MS = 30_000;

/** Until `storage` holds a code cache, or `ms` passed. */
async function cacheWritten(storage: string, ms: number): Promise<void> {
  const folder = path.join(storage, 'global', 'code-cache');
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (existsSync(folder) && readdirSync(folder).some((name) => name.endsWith('.bin'))) return;
  }
}

/**
 * Copies `files` (name in the copy → file to copy) into a fresh folder under dist/ (inside the extension,
 * so the host answers `vscode`; dist/node_modules/keytar resolves from there), requires the copy of
 * `entry` and calls its activate() with a context whose global storage is `storage`.
 */
async function timeFreshCopy(files: Record<string, string>, entry: string, extension: vscode.Extension<unknown>, storage: string, waitForCache = false): Promise<Sample> {
  const folder = mkdtempSync(path.join(extension.extensionPath, 'dist', `.bench-host-${process.pid}-`));
  try {
    for (const [name, from] of Object.entries(files)) copyFileSync(from, path.join(folder, name));
    let start = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(path.join(folder, entry)) as { activate(context: vscode.ExtensionContext): unknown; deactivate?(): void };
    const load = performance.now() - start;
    const context = minimalContext(extension, storage);
    start = performance.now();
    await module.activate(context);
    const activate = performance.now() - start;
    if (waitForCache) await cacheWritten(storage, CACHE_SAVED_WITHIN_MS);
    module.deactivate?.();
    for (const disposable of context.subscriptions.splice(0)) {
      if (isChannel(disposable)) channels.push(disposable);
      else disposable.dispose();
    }
    return { load, activate };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const total = (samples: Sample[]): string => {
  const [load, activate] = [median(samples.map((s) => s.load)), median(samples.map((s) => s.activate))];
  return `load ${load.toFixed(1)} ms + activate() ${activate.toFixed(1)} ms = ${(load + activate).toFixed(1)} ms`;
};

async function measure(): Promise<string[]> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) return [`activation-host  ${EXTENSION_ID} is not loaded in this host`];
  if (extension.isActive) return ['activation-host  the extension was already active: nothing to measure cold'];
  const dist = path.join(extension.extensionPath, 'dist');
  const scratch = mkdtempSync(path.join(tmpdir(), 'access-lens-activation-'));
  const shipped = { 'extension.js': path.join(dist, 'extension.js'), 'extensionMain.js': path.join(dist, 'extensionMain.js') };
  const oneLineFile = path.join(scratch, 'one-line.js');
  writeFileSync(oneLineFile, 'exports.activate = () => undefined;\n');
  const [oneLine, direct, cold, warm]: Sample[][] = [[], [], [], []];
  // An earlier build to compare with in the same run (e.g. the bundle before a change), timed the same way.
  const baselineBundle = process.env.ACCESS_LENS_BENCH_BASELINE_BUNDLE;
  const baseline: Sample[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const storage = mkdtempSync(path.join(scratch, 'run-'));
      oneLine.push(await timeFreshCopy({ 'extension.js': oneLineFile }, 'extension.js', extension, mkdtempSync(path.join(scratch, 'run-'))));
      // The extension required directly, without the entry and its code cache: the bundle as it was before.
      direct.push(await timeFreshCopy({ 'extension.js': shipped['extensionMain.js'] }, 'extension.js', extension, mkdtempSync(path.join(scratch, 'run-'))));
      // A first start (no cache yet, the entry writes it a few seconds later), then a start that finds it.
      cold.push(await timeFreshCopy(shipped, 'extension.js', extension, storage, true));
      warm.push(await timeFreshCopy(shipped, 'extension.js', extension, storage));
      if (baselineBundle) baseline.push(await timeFreshCopy({ 'extension.js': baselineBundle }, 'extension.js', extension, mkdtempSync(path.join(scratch, 'run-'))));
    }
    // What activate() loaded of the on-first-use libraries (docs/architecture.md, "Activation"): none, before a view opens.
    const libraries = Object.keys(require.cache).filter((file) => file.startsWith(path.join(dist, 'lib') + path.sep)).map((file) => path.basename(file));
    const start = performance.now();
    await extension.activate();
    const real = performance.now() - start;
    const base = oneLine.map((s) => s.load + s.activate);
    return [
      `activation-host  medians of ${RUNS} fresh copies in the extension host (target ≤ 30 ms for load + activate()); a one-line extension ${median(base).toFixed(2)} ms`,
      `activation-host  dist/extensionMain.js required directly (no entry, no code cache: as before): ${total(direct)}`,
      `activation-host  dist/extension.js, first start (code cache cold): ${total(cold)}`,
      `activation-host  dist/extension.js, later starts (code cache warm): ${total(warm)}`,
      ...(baselineBundle ? [`activation-host  ${baselineBundle} the same way: ${total(baseline)}`] : []),
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
