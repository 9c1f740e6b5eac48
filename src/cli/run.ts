import { environmentLayer, resolveConfig } from '../core/config';
import { COMMANDS, HELP, UsageError, parseArgs } from './args';
import { EXIT, createOutput } from './output';

declare const ACCESS_LENS_VERSION: string | undefined;

/** Runs one CLI invocation and returns the exit code; never throws. */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const wantsJson = argv.includes('--json');
  let out = createOutput(wantsJson, stdout, stderr);
  try {
    const args = parseArgs(argv);
    out = createOutput(args.json, stdout, stderr);
    if (args.version) {
      out.result({ version: typeof ACCESS_LENS_VERSION === 'string' ? ACCESS_LENS_VERSION : 'dev' }, typeof ACCESS_LENS_VERSION === 'string' ? ACCESS_LENS_VERSION : 'dev');
      return EXIT.ok;
    }
    if (args.help || !args.command) {
      if (!args.command && !args.help) {
        out.error('USAGE', `Name a command: ${COMMANDS.join(', ')}. Run "access-lens --help" for details.`);
        return EXIT.usage;
      }
      stderr.write(HELP);
      return EXIT.ok;
    }
    const { problems } = resolveConfig([args.flags, environmentLayer(env)], { workspaceTrusted: true });
    if (problems.length > 0) {
      out.error('CONFIG', problems.map((p) => p.message).join('\n'));
      return EXIT.usage;
    }
    out.error('NOT_AVAILABLE', `"${args.command}" is not available in this build yet. Follow the CHANGELOG for the release that adds it.`);
    return EXIT.usage;
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(error.code, error.message);
      return EXIT.usage;
    }
    out.error('UNEXPECTED', `Unexpected failure: ${error instanceof Error ? error.message : String(error)}. Run again with --verbose and report it.`);
    return EXIT.network;
  }
}
