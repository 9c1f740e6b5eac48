/**
 * `access-lens token` as a credential helper (docs/cli.md, "token"): tools call it before every
 * request, so a warm call (signed in, token valid) must cost little more than starting Node. This
 * path loads only the configuration and keytar, makes ONE keychain call (every entry of the
 * service, under the keychain lock: keychain/singleRead.ts says why) and no network, and hands
 * out the stored token exactly when the full path would hand it out unchanged. Anything else (a token to refresh, no current account, a flag problem, a
 * keychain failure) answers false, and the full CLI runs and reports as before.
 */
import { mayReceiveTokens } from '../core/config/hosts';
import { resolveTokenMode, storeNamespace } from '../core/config/derived';
import { readAllEntriesOnce } from '../core/keychain/singleRead';
import { findStoredToken } from '../core/tokens/storedTokenLookup';
import { parseArgs } from './args';
import { resolveCliConfig, stderrLogger } from './cliConfig';
import { TextSink, createOutput } from './output';

export interface TokenFastPathDeps {
  /** Every keychain entry of the service, in one call; undefined when the keychain did not answer. */
  entries(): Promise<ReadonlyMap<string, string> | undefined>;
  now(): number;
}

const keychain: TokenFastPathDeps = { entries: () => readAllEntriesOnce(), now: Date.now };

/** Whether it answered `token` itself; false leaves the whole invocation to the full CLI. */
export async function tokenFastPath(argv: readonly string[], env: NodeJS.ProcessEnv, stdout: TextSink, stderr: TextSink, deps: TokenFastPathDeps = keychain): Promise<boolean> {
  if (!argv.includes('token')) return false;
  try {
    const args = parseArgs(argv);
    if (args.command !== 'token' || args.help || args.version || args.operands.length > 0) return false;
    const logger = stderrLogger(stderr, args.verbose);
    const config = await resolveCliConfig(args, env, logger);
    const [workspace, ...others] = config.workspaces;
    if (!workspace || others.length > 0 || config.identityProvider === 'microsoft' || !mayReceiveTokens(workspace.host, config.trustedHosts)) return false;
    if (config.identityProvider === 'oidc' ? !config.issuer || !config.clientId : config.identityProvider === 'entra' && !config.clientId) return false;
    const host = workspace.host;
    // The full path would ask the workspace for its tenant (identity/azureTenant.ts): find it among the stored sign-ins instead.
    const tenantInferred = config.identityProvider === 'entra' && config.tenantIsDefault && resolveTokenMode(config, host) === 'entra';
    const namespace = storeNamespace(config);
    const entries = await deps.entries();
    if (!entries) return false;
    const found = findStoredToken(entries, { host, clientId: namespace.clientId, tenant: tenantInferred ? undefined : namespace.tenant, nowMs: deps.now() });
    if (!found) return false;
    // Dates are written only where they are shown: V8 sets up the time zone on the first toISOString (about 1 ms).
    if (args.verbose) logger.debug(`Handed out the Databricks token for ${host} stored in the OS keychain (valid until ${found.expiresAt.toISOString()}); nothing to refresh.`);
    const document = args.json ? { accessToken: found.accessToken, expiresAt: found.expiresAt.toISOString(), mode: found.mode } : undefined;
    createOutput(args.json, stdout, stderr).result(document, found.accessToken);
    return true;
  } catch {
    // The full path meets the same problem and reports it in its own words.
    return false;
  }
}
