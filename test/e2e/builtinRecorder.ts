// Preloaded into the CLI (NODE_OPTIONS=--require …/builtinRecorder.js): writes, at exit, the Node
// built-in modules the process loaded (process.moduleLoadList) to the JSON file named by
// ACCESS_LENS_TEST_BUILTINS_FILE, so a test can see what a command paid to load.
import { writeFileSync } from 'node:fs';

const file = process.env.ACCESS_LENS_TEST_BUILTINS_FILE;
if (file) {
  const loaded = (): string[] => ((process as unknown as { moduleLoadList?: string[] }).moduleLoadList ?? []).filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  process.on('exit', () => writeFileSync(file, JSON.stringify(loaded())));
}
