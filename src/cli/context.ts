/**
 * What every CLI command needs, built from flags and environment: the
 * configuration (problems are a usage error), the OS keychain, the HTTPS
 * client with the extra CAs and proxy, and the core services.
 */
import { AccessLensConfig, environmentLayer, resolveConfig } from '../core/config';
import { AuditEventName, AuditLog, defaultCliAuditPath, identityEvent } from '../core/audit/auditLog';
import { AccessLensError } from '../core/errors';
import { KeytarStore } from '../core/keychain/keytarStore';
import { KeychainUnavailableError } from '../core/keychain/tokenStore';
import { Logger, redactingLogger } from '../core/log';
import { HttpsClient } from '../core/net/httpsClient';
import { cliNetworkOptions } from '../core/net/networkOptions';
import { withInferredTenant } from '../core/identity/azureTenant';
import { Core, createCore, createHttp } from '../core/services';
import { resolveTokenMode } from '../core/tokens/broker';
import { AccessMaps } from '../core/workspace/accessMaps';
import { ParsedArgs } from './args';

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

export function stderrLogger(stderr: NodeJS.WritableStream, verbose: boolean): Logger {
  const write = (level: string) => (message: string) => stderr.write(`[${level}] ${message}\n`);
  const quiet = () => undefined;
  return redactingLogger({ trace: quiet, debug: verbose ? write('debug') : quiet, info: verbose ? write('info') : quiet, warn: write('warn'), error: write('error') });
}

export function createContext(args: ParsedArgs, env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream): CliContext {
  const { config, problems } = resolveConfig([args.flags, environmentLayer(env)], { workspaceTrusted: true });
  if (problems.length > 0) throw new AccessLensError('CONFIG', problems.map((p) => p.message).join('\n'));
  const logger = stderrLogger(stderr, args.verbose);
  const auditLog = new AuditLog(defaultCliAuditPath(env));
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
    maps: new AccessMaps(() => context.core()),
    async core() {
      if (core) return core;
      let store: KeytarStore;
      try {
        store = new KeytarStore();
        await store.probe();
      } catch (error) {
        if (error instanceof KeychainUnavailableError) {
          throw new KeychainUnavailableError(`${error.message} Tokens are only ever kept in the OS keychain, so nothing was stored.`);
        }
        throw error;
      }
      // Azure workspaces name their tenant (docs/facts.md): guests get a token the workspace accepts.
      const inferred = await withInferredTenant(config, httpClient(), (host) => config.identityProvider !== 'oidc' && resolveTokenMode(config, host) === 'entra');
      if (inferred.note) logger.info(inferred.note);
      core = createCore({ config: inferred.config, store, http: httpClient(), logger });
      return core;
    },
    http: httpClient,
    async audit(event, outcome, details = {}) {
      try {
        const account = core ? await core.session.currentAccount().catch(() => undefined) : undefined;
        await auditLog.append(identityEvent(event, 'cli', outcome, account, details));
      } catch (error) {
        logger.warn(`Could not write the audit log ${auditLog.file}: ${(error as Error).message}`);
      }
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
