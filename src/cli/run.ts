import { AccessLensError, isCancellation } from '../core/errors';
import { IdentityError } from '../core/identity/identityError';
import { KeychainUnavailableError } from '../core/keychain/tokenStore';
import { NetworkError } from '../core/net/httpsClient';
import { WorkspaceApiError } from '../core/workspace/apiError';
import { COMMANDS, HELP, ParsedArgs, UsageError, parseArgs } from './args';
import { login, logout, token, whoami } from './commands/identity';
import { ls, why } from './commands/access';
import { doctor } from './commands/doctor';
import { exec } from './commands/exec';
import { explain } from './commands/explain';
import { profiles } from './commands/profiles';
import { CliContext, createContext } from './context';
import { EXIT, Output, createOutput } from './output';

declare const ACCESS_LENS_VERSION: string | undefined;
const VERSION = typeof ACCESS_LENS_VERSION === 'string' ? ACCESS_LENS_VERSION : 'dev';

/** docs/codes.md exit codes: 2 usage/configuration, 3 sign-in, 4 network or server. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof KeychainUnavailableError) return EXIT.usage;
  if (error instanceof IdentityError) return EXIT.signIn;
  if (error instanceof NetworkError) return EXIT.network;
  if (error instanceof WorkspaceApiError) return error.code === 'TOKEN_INVALID' || error.code === 'TOKEN_EXPIRED' ? EXIT.signIn : EXIT.network;
  if (error instanceof AccessLensError) {
    // NOT_FOUND here is a path or name given on the command line that names nothing (ls workspace).
    if (['CONFIG', 'HOST_NOT_ALLOWED', 'NOT_AVAILABLE', 'NOT_FOUND'].includes(error.code)) return EXIT.usage;
    if (/^(SIGN_IN|TOKEN_|WRONG_AUDIENCE|BROWSER_)/.test(error.code)) return EXIT.signIn;
  }
  return EXIT.network;
}

const INTERRUPTED = Symbol('interrupted');

function interrupted(signal: AbortSignal): Promise<typeof INTERRUPTED> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(INTERRUPTED);
    else signal.addEventListener('abort', () => resolve(INTERRUPTED), { once: true });
  });
}

async function dispatch(command: NonNullable<ParsedArgs['command']>, ctx: CliContext, out: Output, signal: AbortSignal): Promise<number> {
  switch (command) {
    case 'login':
      return login(ctx, out, signal);
    case 'logout':
      return logout(ctx, out);
    case 'token':
      return token(ctx, out);
    case 'whoami':
      return whoami(ctx, out);
    case 'ls':
      return ls(ctx, out);
    case 'why':
      return why(ctx, out);
    case 'doctor':
      return doctor(ctx, out, signal);
    case 'explain':
      return explain(ctx, out, process.stdin);
    case 'profiles':
      return profiles(ctx, out);
    case 'exec':
      return exec(ctx, out);
    default: {
      const unknown: never = command;
      throw new UsageError(`Unknown command "${String(unknown)}".`);
    }
  }
}

/** Runs one CLI invocation and returns the exit code; never throws. */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  let out = createOutput(argv.includes('--json'), stdout, stderr);
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  let ctx: CliContext | undefined;
  let command: string | undefined;
  try {
    const args = parseArgs(argv);
    out = createOutput(args.json, stdout, stderr);
    if (args.version) {
      out.result({ version: VERSION }, VERSION);
      return EXIT.ok;
    }
    if (args.help) {
      stderr.write(HELP);
      return EXIT.ok;
    }
    if (!args.command) {
      out.error('USAGE', `Name a command: ${COMMANDS.join(', ')}. Run "access-lens --help" for details.`);
      return EXIT.usage;
    }
    command = args.command;
    ctx = await createContext(args, env, stderr);
    const running = dispatch(args.command, ctx, out, abort.signal);
    // exec waits for its command, which handles Ctrl-C itself; its exit code is the command's.
    if (args.command === 'exec') return await running;
    // The commands do not all follow the signal to the end (a keychain call in flight, the
    // limiter's Retry-After pause, a slow token endpoint): the first Ctrl-C answers at once and
    // leaves what is still pending to the process's exit (main.ts).
    const outcome = await Promise.race([running, interrupted(abort.signal)]);
    if (outcome === INTERRUPTED) {
      running.catch(() => undefined);
      out.error('INTERRUPTED', `Interrupted (Ctrl-C): "${command}" stopped before it finished. Run it again for the answer.`);
      return EXIT.interrupted;
    }
    return outcome;
  } catch (error) {
    if (abort.signal.aborted) {
      out.error('INTERRUPTED', `Interrupted (Ctrl-C)${command ? `: "${command}" stopped before it finished` : ''}. Run it again for the answer.`);
      return EXIT.interrupted;
    }
    if (isCancellation(error)) {
      out.error('CANCELLED', 'Cancelled.');
      return EXIT.signIn;
    }
    const code = error instanceof AccessLensError ? error.code : error instanceof UsageError ? error.code : 'UNEXPECTED';
    if (ctx && command === 'login') await ctx.audit('sign-in', 'error', { code });
    const message = error instanceof Error ? error.message : String(error);
    out.error(code, code === 'UNEXPECTED' ? `Unexpected failure: ${message}. Run again with --verbose and report it.` : message);
    return exitCodeFor(error);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
