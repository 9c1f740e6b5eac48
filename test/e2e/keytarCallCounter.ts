// Preloaded into the CLI (NODE_OPTIONS=--require …/keytarCallCounter.js): counts the calls the
// process makes into the real keytar module and writes them, at exit, to the JSON file named by
// ACCESS_LENS_TEST_KEYTAR_COUNT_FILE. Nothing is faked: every call goes to the real keychain.
import { writeFileSync } from 'node:fs';
import Module from 'node:module';

const file = process.env.ACCESS_LENS_TEST_KEYTAR_COUNT_FILE;
if (file) {
  const calls: string[] = [];
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = loader._load.bind(loader);
  const wrapped = new WeakMap<object, object>();
  loader._load = (request, parent, isMain) => {
    const loaded = load(request, parent, isMain);
    if (request !== 'keytar' || typeof loaded !== 'object' || loaded === null) return loaded;
    const known = wrapped.get(loaded);
    if (known) return known;
    const counting = new Proxy(loaded as Record<string, unknown>, {
      get(target, name) {
        const value = target[name as string];
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(name));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    wrapped.set(loaded, counting);
    return counting;
  };
  process.on('exit', () => writeFileSync(file, JSON.stringify(calls)));
}
