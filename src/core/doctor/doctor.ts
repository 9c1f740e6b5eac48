/**
 * Doctor: checks the whole identity integration, one result per check with a
 * status, a message and a fix. docs/cli.md fixes the ids signin, token,
 * scim-user, group-sync and static-secrets; keychain, host-allowlist, source
 * (which sign-in source, and what it cannot see; source.ts) and network come
 * on top, and run-job when asked for (runJob.ts). A check that cannot run
 * because an earlier one failed says so instead of guessing.
 */
import { isDatabricksHost } from '../config';
import { AccessLensError } from '../errors';
import { IdentityAccount } from '../identity/provider';
import { redact } from '../log';
import { HttpsClient, NetworkError } from '../net/httpsClient';
import { Core } from '../services';
import { decodeJwt } from '../tokens/jwt';
import { WorkspaceGroup, resolveGroups } from '../workspace/groups';
import { ScimMe, getMe } from '../workspace/scim';
import { RequestLimiter, throughLimiter } from '../workspace/limiter';
import { WorkspaceClient } from '../workspace/workspaceClient';
import { RUN_JOB_CHECK, RunJobOptions, checkJobRun } from './runJob';
import type { CheckResult } from './check';
import { checkGroupSync } from './groupSync';
import { checkSource } from './source';
import { SecretFinding, staticSecretsFix } from './staticSecrets';

// The result type lives apart so that the checks in their own files need not import this one (no cycle).
export type { CheckResult, CheckStatus } from './check';

export interface DoctorInput {
  readonly core: () => Promise<Core>;
  readonly host: string;
  readonly keychainKind: () => Promise<string>;
  readonly secrets: () => Promise<SecretFinding[]>;
  /** Milliseconds since the epoch, for clock skew. */
  readonly now: number;
  /** The HTTPS client with the proxy and CA settings, to prove they reach both servers (check `network`). */
  readonly http?: HttpsClient;
  /** Opt-in: run this job and check that the run shows you (check `run-job`). */
  readonly runJob?: string;
  readonly runJobOptions?: RunJobOptions;
}

const pass = (id: string, message: string): CheckResult => ({ id, status: 'pass', message });
const warn = (id: string, message: string, fix: string): CheckResult => ({ id, status: 'warn', message, fix });
const fail = (id: string, message: string, fix: string): CheckResult => ({ id, status: 'fail', message, fix });
const why = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function runDoctor(input: DoctorInput): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const skip = (id: string, because: string): void => {
    results.push(warn(id, `Not checked: ${because}.`, 'Fix the failing check above first, then run the doctor again.'));
  };

  try {
    results.push(pass('keychain', `Tokens are kept in ${await input.keychainKind()}.`));
  } catch (error) {
    results.push(fail('keychain', why(error), 'Install and unlock a Secret Service (gnome-keyring), or use VS Code, which falls back to its SecretStorage.'));
  }

  results.push(
    isDatabricksHost(input.host)
      ? pass('host-allowlist', `${input.host} is a Databricks domain.`)
      : warn('host-allowlist', `${input.host} is not a Databricks domain; tokens go there only because you configured it yourself.`, 'Make sure this host is really your workspace.'),
  );

  let core: Core | undefined;
  let account: IdentityAccount | undefined;
  try {
    core = await input.core();
    account = await core.session.currentAccount();
    if (!account) {
      results.push(fail('signin', 'Nobody is signed in.', 'Run "access-lens login" or the command "Access Lens: Sign In".'));
    } else {
      const tenant = core.config.tenant;
      const oidc = core.config.identityProvider === 'oidc';
      const tenantMatches = oidc || !/^[0-9a-f-]{36}$/i.test(tenant) || tenant.toLowerCase() === account.tenantId.toLowerCase();
      results.push(
        tenantMatches
          ? pass('signin', oidc ? `Signed in as ${account.username} at ${account.tenantId} (subject ${account.objectId}).` : `Signed in as ${account.username} (tenant ${account.tenantId}).`)
          : fail('signin', `Signed in as ${account.username} in tenant ${account.tenantId}, but accessLens.tenant is ${tenant}.`, 'Sign out and sign in with an account of the configured tenant.'),
      );
    }
  } catch (error) {
    results.push(fail('signin', why(error), 'Check accessLens.clientId, accessLens.tenant and accessLens.authority, then sign in again.'));
  }
  if (core) results.push(checkSource(core.config, input.host));

  let tokenOk = false;
  if (core && account) {
    try {
      const entra = await core.session.acquireSilent(account.homeAccountId, core.signInScopes);
      if (core.config.identityProvider === 'databricks') {
        // The workspace's own token may be opaque: nothing to decode, the forced refresh proves it works.
        const own = await core.broker.getDatabricksToken(input.host, account.homeAccountId, { forceRefresh: true });
        tokenOk = true;
        results.push(pass('token', `The workspace's own sign-in (--idp databricks, client ${core.namespace.clientId}): its token is the bearer, refreshed just now; valid ${Math.round((own.expiresAt.getTime() - input.now) / 60_000)} more minutes. It carries no identity-provider groups.`));
      } else {
        const claims = decodeJwt(entra.accessToken);
        const skew = typeof claims.iat === 'number' ? Math.abs(input.now / 1000 - claims.iat) : 0;
        // Forced, so the check proves the exchange is accepted now rather than reading a cached token.
        const databricks = await core.broker.getDatabricksToken(input.host, account.homeAccountId, { forceRefresh: true });
        tokenOk = true;
        const minutes = Math.round((databricks.expiresAt.getTime() - input.now) / 60_000);
        const audience = Array.isArray(claims.aud) ? claims.aud.join(', ') : String(claims.aud);
        const message = `${core.config.identityProvider === 'oidc' ? 'Identity provider' : 'Entra'} token for ${audience} from ${String(claims.iss)}; ${databricks.mode === 'federation' ? 'the workspace accepted the token exchange' : 'used directly as the bearer'}; Databricks token valid ${minutes} more minutes.`;
        results.push(
          skew > 300
            ? warn('token', `${message} But this machine's clock is ${Math.round(skew)} s off the identity provider's.`, 'Synchronise the system clock (NTP): tokens are rejected when clocks drift.')
            : pass('token', message),
        );
      }
    } catch (error) {
      const code = error instanceof AccessLensError ? error.code : 'UNKNOWN';
      results.push(fail('token', `${code}: ${why(error)}`, code === 'TOKEN_EXCHANGE_FAILED' ? 'An account admin must add a federation policy for your issuer and audience (see the README).' : 'Sign in again; if it repeats, check accessLens.tokenMode and accessLens.scope.'));
    }
  } else {
    skip('token', 'nobody is signed in');
  }

  let me: ScimMe | undefined;
  let groups: WorkspaceGroup[] = [];
  if (core && account && tokenOk) {
    // SCIM through a limiter: a 429 is waited out (Retry-After) rather than reported as a failed check.
    const call = throughLimiter(core.workspaceHttp(input.host, account.homeAccountId), new RequestLimiter({ maxConcurrent: 8, requestsPerSecond: core.config.maxRequestsPerSecond }));
    try {
      me = await getMe(call, input.host);
      groups = await resolveGroups(call, input.host, me, { logger: core.logger });
      const viaGroup = groups.some((g) => g.entitlements.includes('workspace-access'));
      const entitled = me.entitlements.includes('workspace-access') || viaGroup || groups.some((g) => g.displayName === 'admins');
      results.push(
        entitled
          ? pass('scim-user', `Provisioned as ${me.userName} (id ${me.id}) with workspace-access${viaGroup && !me.entitlements.includes('workspace-access') ? ' through a group' : ''}.`)
          : fail('scim-user', `Provisioned as ${me.userName}, but without the workspace-access entitlement.`, 'Ask a workspace admin to grant workspace-access to you or to a group of yours.'),
      );
    } catch (error) {
      const code = error instanceof AccessLensError ? error.code : 'UNKNOWN';
      results.push(fail('scim-user', `${code}: ${why(error)}`, code === 'NOT_PROVISIONED' || code === 'PERMISSION_DENIED' ? (core.config.identityProvider === 'oidc' ? "Ask your identity provider's admin to provision you into the workspace (SCIM), or a workspace admin to add you." : 'Ask your Entra admin to assign you to the Azure Databricks SCIM provisioning app (or a workspace admin to add you).') : 'Check the workspace URL and try again.'));
    }
  } else {
    skip('scim-user', 'no valid Databricks token');
  }

  if (core && account && me) {
    try {
      results.push(
        await checkGroupSync({
          call: core.workspaceHttp(input.host, account.homeAccountId),
          host: input.host,
          groups: await core.idpGroups(account.homeAccountId),
          memberOf: new Set(groups.map((g) => g.id)),
          provider: core.config.identityProvider,
        }),
      );
    } catch (error) {
      results.push(warn('group-sync', `Could not compare groups: ${why(error)}`, 'Listing groups may need workspace admin rights; ask an admin to run the doctor for you.'));
    }
  } else {
    skip('group-sync', 'the workspace user could not be read');
  }

  if (input.runJob !== undefined) {
    if (core && account && me) {
      const limiter = new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: core.config.maxRequestsPerSecond });
      const client = new WorkspaceClient(input.host, core.workspaceHttp(input.host, account.homeAccountId), limiter);
      results.push(await checkJobRun(client, { databricksUser: me.userName, entraUser: account.username, id: me.id, groups }, input.runJob, input.runJobOptions));
    } else {
      skip(RUN_JOB_CHECK, 'the workspace user could not be read');
    }
  }

  try {
    const found = await input.secrets();
    results.push(
      found.length === 0
        ? pass('static-secrets', 'No personal access token or client secret found in ~/.databrickscfg, the environment or .env files.')
        : warn('static-secrets', `Static secrets found: ${found.map((f) => `${f.kind} ${f.masked} in ${f.where}${f.line ? ` line ${f.line}` : ''}`).join('; ')}.`, staticSecretsFix(found)),
    );
  } catch (error) {
    results.push(warn('static-secrets', `Could not scan for static secrets: ${why(error)}`, 'Check file permissions.'));
  }

  results.push(await networkCheck(input, core, results, tokenOk));
  // Messages quote server and provider text; the report goes to a webview, the clipboard and stdout.
  return results.map((r) => ({ ...r, message: redact(r.message), ...(r.fix !== undefined ? { fix: redact(r.fix) } : {}) }));
}

const NETWORK_FIX = 'Check http.proxy / HTTPS_PROXY / NO_PROXY (and http.noProxy, http.proxyAuthorization in VS Code) and, for a TLS-inspecting proxy, trust its CA: add it to the OS certificate store (on Linux SSL_CERT_FILE / SSL_CERT_DIR or the distribution bundle) or name it in NODE_EXTRA_CA_CERTS.';

/**
 * Proxy and CA settings, proven by reaching the workspace and the identity
 * provider over HTTPS with them: any HTTP answer will do, only a connection,
 * proxy or TLS failure counts. An earlier check's network failure counts too.
 */
async function networkCheck(input: DoctorInput, core: Core | undefined, earlier: readonly CheckResult[], tokenOk: boolean): Promise<CheckResult> {
  const identityProvider = core ? (core.config.identityProvider === 'oidc' ? core.config.issuer : core.config.authority) : undefined;
  const unreachable: string[] = [];
  if (input.http) {
    for (const url of [input.host, identityProvider].filter((u): u is string => !!u)) {
      try {
        await input.http({ method: 'GET', url, timeoutMs: 15_000 });
      } catch (error) {
        if (error instanceof NetworkError) unreachable.push(error.message);
      }
    }
  }
  if (unreachable.length > 0) return fail('network', unreachable.join(' '), NETWORK_FIX);
  if (earlier.some((r) => r.status === 'fail' && /NETWORK|reach/i.test(r.message))) return fail('network', 'A server could not be reached: see the failing check above.', NETWORK_FIX);
  return pass('network', tokenOk || input.http ? 'The identity provider and the workspace answered over HTTPS (proxy and CA settings work).' : 'No network failure seen.');
}

/** The report as Markdown, to paste into a ticket. */
export function doctorMarkdown(checks: readonly CheckResult[], context: { host: string; when: Date }): string {
  const icon = { pass: '✅', warn: '⚠️', fail: '❌' } as const;
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return [
    `### Access Lens doctor: ${context.host}`,
    `_${context.when.toISOString()}_`,
    '',
    '| | check | result | fix |',
    '|---|---|---|---|',
    ...checks.map((c) => `| ${icon[c.status]} | \`${c.id}\` | ${cell(c.message)} | ${c.status === 'pass' ? '' : cell(c.fix ?? '')} |`),
  ].join('\n');
}
