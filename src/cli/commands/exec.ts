/**
 * `access-lens exec -- CMD [ARGS…]`: runs CMD with the sign-in handed to it through the metadata
 * service (core/handoff), which lives exactly as long as CMD does. Its exit code is CMD's.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { AccessLensError } from '../../core/errors';
import { handoffEnvironment } from '../../core/handoff/handoffEnv';
import { MetadataService } from '../../core/handoff/metadataService';
import { keychainTokenSource } from '../../core/handoff/tokenSource';
import { CliContext } from '../context';
import { Output } from '../output';
import { UsageError } from '../args';

/** Shell conventions (POSIX `env`, bash) for a command that could not be started. */
const EXIT_NOT_FOUND = 127;
const EXIT_NOT_EXECUTABLE = 126;
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function exec(ctx: CliContext, out: Output): Promise<number> {
  const [command, ...commandArgs] = ctx.args.operands;
  if (!command) throw new UsageError('Name the command to run: access-lens exec -- CMD [ARGS…], e.g. access-lens exec -- python train.py');
  const host = ctx.host();
  const core = await ctx.core();
  const tokenFor = keychainTokenSource(core);
  // Fail before CMD starts when there is no sign-in to hand over, with the usual sign-in exit code.
  const account = await core.session.currentAccount();
  if (!account) throw new AccessLensError('SIGN_IN_REQUIRED', `You are not signed in, so there is no sign-in to hand to "${command}". Run "access-lens login" first.`, ['signIn']);
  await tokenFor(host);
  const service = await MetadataService.start({ host, tokenFor, logger: ctx.logger });
  try {
    return await runChild(command, commandArgs, handoffEnvironment(ctx.env, service.workspaceHost, service.url), out);
  } finally {
    await service.close();
  }
}

function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    // From a terminal, Ctrl-C reaches the whole foreground process group, CMD included: sending it
    // again would interrupt CMD's own clean-up. Otherwise (kill, a supervisor, a pipe) we pass it on.
    const fromTerminal = process.stdin.isTTY === true;
    const forward = (signal: NodeJS.Signals) => (): void => {
      if (signal === 'SIGINT' && fromTerminal) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = (code: number): void => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(code);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        out.error('COMMAND_NOT_FOUND', `"${command}" was not found on PATH. Check the spelling, or give its full path: access-lens exec -- /path/to/${command}`);
        done(EXIT_NOT_FOUND);
      } else if (error.code === 'EACCES') {
        out.error('COMMAND_NOT_EXECUTABLE', `"${command}" could not be run: permission denied. Make it executable (chmod +x) or run it through its interpreter.`);
        done(EXIT_NOT_EXECUTABLE);
      } else {
        out.error('COMMAND_FAILED', `"${command}" could not be started: ${error.message}.`);
        done(EXIT_NOT_EXECUTABLE);
      }
    });
    child.once('exit', (code, signal) => done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}
