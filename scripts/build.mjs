// Bundles the extension and the CLI with esbuild. keytar is a native module:
// it stays external and is copied next to the bundles (dist/node_modules/keytar)
// so that both dist/extension.js and dist/cli.js resolve it without the rest of
// node_modules, which keeps the VSIX an allow-list of dist/ and media/.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  external: ['vscode', 'keytar'],
  // oauth4webapi and openid-client sniff the global `navigator` at load to pick a User-Agent. In VS
  // Code's extension host (Node 22+) every read of that global logs a PendingMigrationError, twice per
  // start. Node 20 has no such global, and neither library needs it: the bundle sees none, everywhere.
  define: { ACCESS_LENS_VERSION: JSON.stringify(version), navigator: 'undefined' },
  // MSAL and the Databricks SDK pull optional peers that are never used here.
  mainFields: ['module', 'main'],
};

/**
 * `import * as vscode from 'vscode'` of an external module makes esbuild copy the whole API object
 * (some 300 getters) into a new namespace object once per importing file, 44 times at load: over a
 * third of the bundle's load time (docs/architecture.md, "Activation"). This resolves `vscode` to one
 * bundled ES module that re-exports, once, the names src/ actually uses, so every file shares it.
 */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => {
      const names = new Set();
      for (const file of sourceFiles(join(root, 'src'))) for (const m of readFileSync(file, 'utf8').matchAll(/\bvscode\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
      const lines = [...names].sort().map((name) => `export const ${name} = api.${name};`);
      return { contents: `import * as api from 'vscode';\n${lines.join('\n')}\n`, loader: 'js', resolveDir: root };
    });
  },
};

/**
 * MSAL, openid-client and the telemetry reporter are about half of what the extension bundle would
 * parse at load, and activation needs none of them (docs/architecture.md, "Activation"). esbuild
 * cannot split a CommonJS bundle, so each is its own bundle, dist/lib/<name>.js, and the extension
 * bundle keeps the `require` calls of src/core/identity/lazyLibraries.ts and src/extension/telemetry.ts
 * as requires of those files: they load on first use. A static import of one would bundle it again,
 * so the build refuses it.
 */
const LAZY_LIBRARIES = { '@azure/msal-node': 'msal-node', 'openid-client': 'openid-client', '@vscode/extension-telemetry': 'extension-telemetry' };
const lazyLibraries = {
  name: 'lazy-libraries',
  setup(build) {
    build.onResolve({ filter: /^(@azure\/msal-node|openid-client|@vscode\/extension-telemetry)$/ }, (args) => (args.kind === 'require-call'
      ? { path: `./lib/${LAZY_LIBRARIES[args.path]}.js`, external: true }
      : { errors: [{ text: `${args.path} is loaded on first use (dist/lib): require it through a function (src/core/identity/lazyLibraries.ts), do not import it in ${args.importer}` }] }));
  },
};
const libraryBuilds = Object.entries(LAZY_LIBRARIES).map(([library, file]) => ({
  ...common,
  stdin: { contents: `module.exports = require(${JSON.stringify(library)});`, resolveDir: root, loader: 'js' },
  outfile: join(root, `dist/lib/${file}.js`),
}));

const builds = [
  // dist/extension.js is the small entry VS Code loads: it loads dist/extensionMain.js through V8's code
  // cache (src/extension/startup/entry.ts; docs/architecture.md, "Activation").
  { ...common, entryPoints: [join(root, 'src/extension/startup/entry.ts')], outfile: join(root, 'dist/extension.js') },
  { ...common, entryPoints: [join(root, 'src/extension/extension.ts')], outfile: join(root, 'dist/extensionMain.js'), plugins: [vscodeOnce, lazyLibraries] },
  ...libraryBuilds,
  // dist/cli.js is the small entry: a warm `token` is answered there, everything else loads dist/cliMain.js.
  {
    ...common,
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(root, 'dist/cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...common, entryPoints: [join(root, 'src/cli/cliMain.ts')], outfile: join(root, 'dist/cliMain.js'), plugins: [lazyLibraries] },
];

function copyKeytar() {
  const src = join(root, 'node_modules/keytar');
  const dest = join(root, 'dist/node_modules/keytar');
  rmSync(dest, { recursive: true, force: true });
  const binary = join(src, 'build/Release/keytar.node');
  if (!existsSync(binary)) {
    process.stderr.write('keytar native module not built: the extension will use VS Code SecretStorage and the CLI will ask for libsecret-1-dev.\n');
    return;
  }
  mkdirSync(join(dest, 'build/Release'), { recursive: true });
  cpSync(join(src, 'package.json'), join(dest, 'package.json'));
  cpSync(join(src, 'lib'), join(dest, 'lib'), { recursive: true });
  cpSync(binary, join(dest, 'build/Release/keytar.node'));
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  copyKeytar();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  copyKeytar();
}
