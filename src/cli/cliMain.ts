/** The full CLI (every command); main.ts loads it unless the `token` fast path answered. */
import { runCli } from './run';
import { EXIT } from './output';

export function runFullCli(argv: readonly string[]): void {
  void runCli(argv, process.env).then((code) => {
    // After Ctrl-C, work the command left behind (a keychain call, a request waiting out a slow
    // server, a Retry-After pause) would hold the process open: end it now. stderr is synchronous here.
    if (code === EXIT.interrupted) process.exit(code);
    process.exitCode = code;
  });
}
