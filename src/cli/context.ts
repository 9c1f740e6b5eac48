/**
 * What every CLI command needs, built from flags and environment: the
 * configuration (problems are a usage error), the OS keychain, the HTTPS
 * client with the extra CAs and proxy, and the core services.
 */
import { AccessLensConfig } from '../core/config';
import { AuditEventName, defaultCliAuditPath } from '../core/audit/auditLog';
import { AccessLensError } from '../core/errors';
import { Logger } from '../core/log';
import { HttpsClient } from '../core/net/httpsClient';
import { cliNetworkOptions } from '../core/net/networkOptions';
import { withInferredTenant } from '../core/identity/azureTenant';
import { Core, createAudit, createCore, createHttp, openTokenStore } from '../core/services';
import { resolveTokenMode } from '../core/config/derived';
import { AccessMaps } from '../core/workspace/accessMaps';
import { defaultStateDir } from '../core/lock/namedLocks';
import { PaceMemory, paceFileIn } from '../core/workspace/paceMemory';
import { ParsedArgs } from './args';
import { resolveCliConfig, stderrLogger } from './cliConfig';

export { stderrLogger } from './cliConfig';

export interface CliContext {
  readonly args: ParsedArgs;
  readonly env: NodeJS.ProcessEnv;
  readonly config: AccessLensConfig;
  readonly logger: Logger;
  core(): Promise<Core>;
  /** The one HTTPS client: Node's roots + the OS store + NODE_EXTRA_CA_CERTS, HTTPS_PROXY/NO_PROXY. */
  http(): HttpsClient;
  /** The access maps of this run, one per workspace and account (the registry the extension uses too). */
  readonly maps: AccessMaps;
  /** The workspace host to act on: --host / DATABRICKS_HOST, else the only configured one. */
  host(): string;
  /** Records an identity event in the local audit trail; never fails the command. */
  audit(event: AuditEventName, outcome: 'ok' | 'error', details?: { host?: string; code?: string; detail?: string; userName?: string }): Promise<void>;
}

export async function createContext(args: ParsedArgs, env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream): Promise<CliContext> {
  const logger = stderrLogger(stderr, args.verbose);
  const config = await resolveCliConfig(args, env, logger);
  const audit = createAudit(defaultCliAuditPath(env), 'cli', logger);
  let core: Core | undefined;
  let http: HttpsClient | undefined;
  const httpClient = (): HttpsClient => {
    if (http) return http;
    http = createHttp(cliNetworkOptions(env), logger);
    return http;
  };
  const context: CliContext = {
    args,
    env,
    config,
    logger,
    // Each command is a new process: it starts at the pace the last one learned (paceMemory.ts).
    maps: new AccessMaps(() => context.core(), undefined, new PaceMemory(paceFileIn(defaultStateDir(env)))),
    async core() {
      if (core) return core;
      const store = await openTokenStore(logger);
      // Azure workspaces name their tenant (docs/facts.md): guests get a token the workspace accepts.
      const inferred = await withInferredTenant(config, httpClient(), (host) => config.identityProvider !== 'oidc' && resolveTokenMode(config, host) === 'entra');
      if (inferred.note) logger.info(inferred.note);
      core = createCore({ config: inferred.config, store, http: httpClient(), logger });
      return core;
    },
    http: httpClient,
    async audit(event, outcome, details = {}) {
      const account = core ? await core.session.currentAccount().catch(() => undefined) : undefined;
      await audit.record(event, outcome, account, details);
    },
    host() {
      const [first, ...rest] = config.workspaces;
      if (!first) throw new AccessLensError('CONFIG', 'No workspace given. Pass --host https://<workspace> or set DATABRICKS_HOST.');
      if (rest.length > 0) throw new AccessLensError('CONFIG', 'Several workspaces are configured; pick one with --host.');
      return first.host;
    },
  };
  return context;
}
