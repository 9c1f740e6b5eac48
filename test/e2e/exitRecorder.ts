// Preloaded into the CLI (NODE_OPTIONS=--require …/exitRecorder.js): writes, at exit, whether the
// program called process.exit (and with which code) or ended by itself, to the file named by
// ACCESS_LENS_TEST_EXIT_FILE, so a test can see that a command exits as soon as it has answered.
import { writeFileSync } from 'node:fs';

const file = process.env.ACCESS_LENS_TEST_EXIT_FILE;
if (file) {
  let called: number | string | null | undefined;
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    called = code ?? 0;
    return exit(code);
  }) as typeof process.exit;
  process.on('exit', (code) => writeFileSync(file, JSON.stringify({ exitCalled: called !== undefined, code })));
}
