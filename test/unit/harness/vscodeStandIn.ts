// Script text for a child Node process that loads a production bundle without VS Code: it answers
// `require('vscode')` with a stand-in for every name the bundle takes from the API (esbuild copies a
// module's own keys; scripts/build.mjs's vscode-once module reads each name once as `api.Name`).
// process.argv[1] is the bundle whose text lists those names.
export const STAND_IN_VSCODE = `
const { readFileSync } = require('node:fs');
// A minified bundle renames \`api\`: the declared names of the API (node_modules/@types/vscode) cover that.
const declared = readFileSync(require('node:path').join(process.argv[1], '../../node_modules/@types/vscode/index.d.ts'), 'utf8');
const names = [...new Set([
  ...[...readFileSync(process.argv[1], 'utf8').matchAll(/\\b(?:vscode\\d*|api)\\.([A-Za-z_$][\\w$]*)/g)].map((m) => m[1]),
  ...[...declared.matchAll(/^\\s*export (?:class|enum|namespace|const|function|let) (\\w+)/gm)].map((m) => m[1]),
])];
const target = class {};
const stub = new Proxy(target, {
  get: (t, key) => (key in t ? Reflect.get(t, key) : key === Symbol.toPrimitive ? () => '' : stub),
  ownKeys: (t) => [...new Set([...Reflect.ownKeys(t), ...names])],
  getOwnPropertyDescriptor: (t, key) => Reflect.getOwnPropertyDescriptor(t, key) ?? { configurable: true, enumerable: true, writable: true, value: stub },
  apply: () => stub,
  construct: () => stub,
});
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
`;
