/**
 * The CLI's configuration from flags, environment and the Databricks profile, and its stderr
 * logger: shared by the full CLI (context.ts) and the `token` fast path (tokenFastPath.ts),
 * which must not load the rest.
 */
import { AccessLensConfig, ConfigLayer, environmentLayer, resolveConfig } from '../core/config';
import { DatabricksCfgError } from '../core/config/databricksCfg';
import { chooseProfile, profileLayer, readDatabricksCfg } from '../core/config/databricksCfgFile';
import { AccessLensError } from '../core/errors';
import { Logger, redactingLogger } from '../core/log';
import { ParsedArgs } from './args';
import type { TextSink } from './output';

export function stderrLogger(stderr: TextSink, verbose: boolean): Logger {
  const write = (level: string) => (message: string) => stderr.write(`[${level}] ${message}\n`);
  const quiet = () => undefined;
  const logger = redactingLogger({ trace: quiet, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') });
  // A quiet level skips the redaction too: its first run compiles every secret pattern, about 1 ms of a warm `token`.
  return verbose ? { ...logger, trace: quiet } : { ...logger, trace: quiet, debug: quiet, info: quiet };
}

/**
 * The Databricks configuration profile's layer (docs/cli.md, "Profiles"): the one --profile or
 * DATABRICKS_CONFIG_PROFILE names, else, when no host is given at all, the one the Databricks SDKs
 * would use. Only a named profile's problems stop the command: an implicit one is a convenience.
 */
async function profileLayers(args: ParsedArgs, env: NodeJS.ProcessEnv, logger: Logger): Promise<ConfigLayer[]> {
  const flag = args.flags.values.profile;
  const name = typeof flag === 'string' ? flag : env.DATABRICKS_CONFIG_PROFILE?.trim() || undefined;
  const hostGiven = Boolean(args.flags.values.host || env.DATABRICKS_HOST);
  if (args.command === 'profiles' || (name === undefined && hostGiven)) return [];
  try {
    const chosen = chooseProfile(await readDatabricksCfg(env), name, true);
    if (!chosen || (name === undefined && !chosen.profile.values.host)) return [];
    logger.debug(`Using profile "${chosen.profile.name}" of ${chosen.file}.`);
    return [profileLayer(chosen)];
  } catch (error) {
    if (name !== undefined || !(error instanceof DatabricksCfgError)) throw error;
    logger.warn(`${error.message} (No profile was named, so this only skips the file.)`);
    return [];
  }
}

/** The validated configuration; its problems are one usage error. */
export async function resolveCliConfig(args: ParsedArgs, env: NodeJS.ProcessEnv, logger: Logger): Promise<AccessLensConfig> {
  const profile = await profileLayers(args, env, logger);
  const { config, problems } = resolveConfig([args.flags, environmentLayer(env), ...profile], { workspaceTrusted: true });
  if (problems.length > 0) throw new AccessLensError('CONFIG', problems.map((p) => p.message).join('\n'));
  return config;
}
