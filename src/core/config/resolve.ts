/**
 * Turns flags, environment and settings into one validated configuration.
 * Precedence: flag > environment > Databricks configuration profile > workspace settings > user settings > default.
 * A bad value never stops the rest: it becomes a `ConfigProblem` naming where it
 * came from and what to write instead, and the next source (or the default) is used.
 */
import { HostError, normalizeHost, isDatabricksHost } from './hosts';
import {
  AccessLensConfig,
  ConfigLayer,
  ConfigProblem,
  ConfigSource,
  DEFAULT_AUTHORITY,
  DEFAULT_GROUPS_CLAIM,
  DEFAULT_TENANT,
  IDENTITY_PROVIDERS,
  RawSettings,
  SIGN_IN_FLOWS,
  TOKEN_MODES,
  WorkspaceEntry,
} from './types';

const PRECEDENCE: readonly ConfigSource[] = ['flag', 'env', 'profile', 'workspace', 'user', 'default'];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Printable, no spaces or separators we use in keychain keys. */
const OIDC_CLIENT_ID = /^[A-Za-z0-9._~:@/+=-]{1,255}$/;
const CLAIM_NAME = /^[A-Za-z0-9_:./-]{1,100}$/;
/**
 * No ceiling by default: the limiter learns each workspace's own limit from its 429s
 * (src/core/workspace/adaptiveRate.ts), which a fixed number can only undershoot (50 left half of
 * the ~100/s on permissions unused) or overshoot (a workspace with a lower limit). The setting is
 * for users who want to leave room for their own scripts; 1000 bounds typos, far above any
 * published Databricks limit.
 */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 0;
const MAX_RPS_CEILING = 1000;
const TENANT = /^(organizations|common|consumers|[a-z0-9][a-z0-9.-]*\.[a-z]{2,})$/i;

/** How each setting is spelt in each place, so a message points at the right one. */
const NAMES: Record<keyof RawSettings, { flag: string; env: string; setting: string }> = {
  workspaces: { flag: '--host', env: 'DATABRICKS_HOST', setting: 'accessLens.workspaces' },
  host: { flag: '--host', env: 'DATABRICKS_HOST', setting: 'accessLens.workspaces' },
  tenant: { flag: '--tenant', env: 'ACCESS_LENS_TENANT', setting: 'accessLens.tenant' },
  clientId: { flag: '--client-id', env: 'ACCESS_LENS_CLIENT_ID', setting: 'accessLens.clientId' },
  authority: { flag: '--authority', env: 'ACCESS_LENS_AUTHORITY', setting: 'accessLens.authority' },
  tokenMode: { flag: '--token-mode', env: 'ACCESS_LENS_TOKEN_MODE', setting: 'accessLens.tokenMode' },
  scope: { flag: '--scope', env: 'ACCESS_LENS_SCOPE', setting: 'accessLens.scope' },
  identityProvider: { flag: '--idp', env: 'ACCESS_LENS_IDP', setting: 'accessLens.identityProvider' },
  issuer: { flag: '--issuer', env: 'ACCESS_LENS_ISSUER', setting: 'accessLens.issuer' },
  groupsClaim: { flag: '--groups-claim', env: 'ACCESS_LENS_GROUPS_CLAIM', setting: 'accessLens.groupsClaim' },
  signInFlow: { flag: '--device-code/--browser', env: 'ACCESS_LENS_SIGN_IN_FLOW', setting: 'accessLens.signInFlow' },
  maxRequestsPerSecond: { flag: '(none)', env: 'ACCESS_LENS_MAX_RPS', setting: 'accessLens.maxRequestsPerSecond' },
  profile: { flag: '--profile', env: 'DATABRICKS_CONFIG_PROFILE', setting: 'accessLens.profiles' },
  redirectPort: { flag: '(none)', env: 'ACCESS_LENS_REDIRECT_PORT', setting: '(none)' },
};

/** The key a profile spells each value with, for messages about a profile's value. */
const PROFILE_KEYS: Partial<Record<keyof RawSettings, string>> = { host: 'host', workspaces: 'host', tenant: 'azure_tenant_id' };

export function describeSetting(key: keyof RawSettings, source: ConfigSource): string {
  const names = NAMES[key];
  switch (source) {
    case 'flag':
      return names.flag;
    case 'env':
      return names.env;
    case 'profile':
      return `${PROFILE_KEYS[key] ?? key} in the Databricks configuration profile`;
    case 'user':
      return `${names.setting} (user settings)`;
    case 'workspace':
      return `${names.setting} (workspace settings)`;
    default:
      return names.setting;
  }
}

export interface ResolveOptions {
  /** False in an untrusted VS Code workspace: workspace-settings hosts are then ignored. */
  readonly workspaceTrusted: boolean;
}

export interface ResolvedConfig {
  readonly config: AccessLensConfig;
  readonly problems: readonly ConfigProblem[];
}

type Parsed<T> = { ok: T } | { error: string };
type Parser<T> = (value: unknown) => Parsed<T>;
const ok = <T>(value: T): Parsed<T> => ({ ok: value });
const error = (message: string): Parsed<never> => ({ error: message });

class Resolver {
  readonly problems: ConfigProblem[] = [];
  private readonly layers: ConfigLayer[];

  constructor(layers: readonly ConfigLayer[]) {
    this.layers = [...layers].sort((a, b) => PRECEDENCE.indexOf(a.source) - PRECEDENCE.indexOf(b.source));
  }

  problem(key: keyof RawSettings, source: ConfigSource, message: string): void {
    this.problems.push({ setting: describeSetting(key, source), source, message: `${describeSetting(key, source)}: ${message}` });
  }

  /** The first value that passes `parse`, from the most important source down. */
  pick<T>(key: keyof RawSettings, parse: Parser<T>): { value: T; source: ConfigSource } | undefined {
    for (const layer of this.layers) {
      const raw = layer.values[key];
      if (raw === undefined || raw === null || raw === '') continue;
      const parsed = parse(raw);
      if ('error' in parsed) {
        this.problem(key, layer.source, parsed.error);
        continue;
      }
      return { value: parsed.ok, source: layer.source };
    }
    return undefined;
  }

  workspaces(options: ResolveOptions): WorkspaceEntry[] {
    for (const layer of this.layers) {
      const single = layer.values.host;
      const list = layer.values.workspaces;
      if (single !== undefined && single !== '') {
        const entry = this.workspaceEntry({ host: single }, layer.source, 'host');
        return entry ? [entry] : [];
      }
      if (list === undefined || (Array.isArray(list) && list.length === 0)) continue;
      if (layer.source === 'workspace' && !options.workspaceTrusted) {
        this.problem('workspaces', 'workspace', 'ignored because this folder is not trusted. Trust the folder, or list the workspace in your user settings.');
        continue;
      }
      if (!Array.isArray(list)) {
        this.problem('workspaces', layer.source, 'must be a list of { "host": "https://…", "name": "…" } entries.');
        continue;
      }
      const seen = new Set<string>();
      const entries: WorkspaceEntry[] = [];
      for (const item of list) {
        const entry = this.workspaceEntry(item, layer.source, 'workspaces');
        if (entry && !seen.has(entry.host)) {
          seen.add(entry.host);
          entries.push(entry);
        }
      }
      return entries;
    }
    return [];
  }

  private workspaceEntry(item: unknown, source: ConfigSource, key: 'host' | 'workspaces'): WorkspaceEntry | undefined {
    const raw = typeof item === 'string' ? { host: item } : item;
    if (typeof raw !== 'object' || raw === null || typeof (raw as { host?: unknown }).host !== 'string') {
      this.problem(key, source, `entry ${JSON.stringify(item)} has no "host". Write { "host": "https://adb-….azuredatabricks.net" }.`);
      return undefined;
    }
    const { host, name } = raw as { host: string; name?: unknown };
    try {
      const origin = normalizeHost(host);
      const label = typeof name === 'string' && name.trim() !== '' ? name.trim() : new URL(origin).hostname;
      return { host: origin, name: label, source };
    } catch (error) {
      this.problem(key, source, error instanceof HostError ? error.message : String(error));
      return undefined;
    }
  }
}

function oneOf<T extends string>(allowed: readonly T[]): Parser<T> {
  return (value) =>
    typeof value === 'string' && (allowed as readonly string[]).includes(value)
      ? ok(value as T)
      : error(`"${String(value)}" is not one of ${allowed.join(', ')}.`);
}

/** An https URL; `keepPath` keeps the path (issuers have one), else only the origin counts. */
function httpsUrl(example: string, keepPath: boolean): Parser<string> {
  return (value) => {
    if (typeof value !== 'string') return error(`must be a URL such as ${example}.`);
    try {
      const url = new URL(value.trim());
      if (url.protocol !== 'https:') return error(`"${value}" must use https, e.g. ${example}.`);
      return ok(keepPath ? url.href.replace(/\/$/, '') : url.origin);
    } catch {
      return error(`"${value}" is not a URL. Use e.g. ${example}.`);
    }
  };
}

export function resolveConfig(layers: readonly ConfigLayer[], options: ResolveOptions): ResolvedConfig {
  const r = new Resolver(layers);
  const workspaces = r.workspaces(options);
  const tenant = r.pick('tenant', (v) =>
    typeof v === 'string' && (GUID.test(v.trim()) || TENANT.test(v.trim()))
      ? ok(v.trim())
      : error(`"${String(v)}" is not a tenant. Use the tenant id (a GUID), a domain such as contoso.onmicrosoft.com, or "organizations".`),
  );
  // The provider decides what a client id looks like: Entra's are GUIDs, Okta's are like 0oa1b2c3d4E5f6G7h8i9.
  const identityProvider = r.pick('identityProvider', oneOf(IDENTITY_PROVIDERS));
  const idp = identityProvider?.value ?? 'entra';
  const clientId = r.pick('clientId', (v) => {
    if (typeof v !== 'string') return error('must be a string.');
    const id = v.trim();
    if (idp === 'databricks') {
      return OIDC_CLIENT_ID.test(id) ? ok(id) : error(`"${v}" is not an OAuth client id. Leave it unset to use databricks-cli, or copy the client id of your workspace's OAuth app connection.`);
    }
    if (idp === 'oidc') {
      return OIDC_CLIENT_ID.test(id) ? ok(id) : error(`"${v}" is not an OpenID Connect client id. Copy the Client ID from your provider's application page (Okta: General → Client Credentials).`);
    }
    return GUID.test(id) ? ok(id.toLowerCase()) : error(`"${v}" is not an application (client) id. Copy the GUID from the app registration's Overview page.`);
  });
  const authority = r.pick('authority', httpsUrl(DEFAULT_AUTHORITY, false));
  const tokenMode = r.pick('tokenMode', oneOf(TOKEN_MODES));
  const scope = r.pick('scope', (v) =>
    typeof v === 'string' && /^\S+$/.test(v.trim()) ? ok(v.trim()) : error(`"${String(v)}" must be one scope without spaces.`),
  );
  const issuer = r.pick('issuer', httpsUrl('https://contoso.okta.com/oauth2/default', true));
  const signInFlow = r.pick('signInFlow', oneOf(SIGN_IN_FLOWS));
  const maxRps = r.pick('maxRequestsPerSecond', (v) => {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) && (n === 0 || (n >= 1 && n <= MAX_RPS_CEILING))
      ? ok(n)
      : error(`"${String(v)}" must be 0 (no ceiling: the pace follows the workspace's own limit) or a number from 1 to ${MAX_RPS_CEILING} to leave room for other clients.`);
  });

  const redirectPort = r.pick('redirectPort', (v) => {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isInteger(n) && n >= 1024 && n <= 65535 ? ok(n) : error(`"${String(v)}" must be a port from 1024 to 65535 registered as http://localhost:<port> for the OAuth client (databricks-cli: 8020).`);
  });
  const groupsClaim = r.pick('groupsClaim', (v) =>
    typeof v === 'string' && CLAIM_NAME.test(v.trim()) ? ok(v.trim()) : error(`"${String(v)}" is not a claim name. Use the name of the token claim that lists your groups, e.g. groups.`),
  );
  if (idp === 'oidc' && !issuer) {
    r.problem('issuer', 'default', 'is required when the identity provider is "oidc". Set --issuer, ACCESS_LENS_ISSUER or accessLens.issuer.');
  }
  let mode = tokenMode?.value ?? 'auto';
  if (idp === 'oidc' && mode === 'entra') {
    r.problem('tokenMode', tokenMode?.source ?? 'default', '"entra" needs Entra ID; with an OIDC provider the token mode is "federation".');
    mode = 'federation';
  }
  // The workspace's own token is the bearer: there is no Entra token to use or exchange (docs/cli.md, --idp).
  if (idp === 'databricks' && (mode === 'entra' || mode === 'federation')) {
    r.problem('tokenMode', tokenMode?.source ?? 'default', `"${mode}" is ignored with --idp databricks: the workspace's own token is used as it is.`);
    mode = 'auto';
  }

  // Only the user's own sources may name a non-Databricks host that receives tokens.
  const trustedHosts = workspaces.filter((w) => w.source !== 'workspace').map((w) => w.host);
  for (const w of workspaces) {
    if (w.source === 'workspace' && !isDatabricksHost(w.host)) {
      r.problem('workspaces', 'workspace', `${w.host} is not a Databricks domain, so no token is sent to it from a folder's settings. Add it to your user settings if you trust it.`);
    }
  }

  return {
    config: {
      workspaces,
      tenant: tenant?.value ?? DEFAULT_TENANT,
      tenantIsDefault: tenant === undefined,
      clientId: clientId?.value,
      authority: authority?.value ?? DEFAULT_AUTHORITY,
      tokenMode: mode,
      scope: scope?.value,
      identityProvider: idp,
      issuer: issuer?.value,
      groupsClaim: groupsClaim?.value ?? DEFAULT_GROUPS_CLAIM,
      signInFlow: signInFlow?.value ?? 'auto',
      maxRequestsPerSecond: maxRps?.value ?? DEFAULT_MAX_REQUESTS_PER_SECOND,
      ...(redirectPort ? { redirectPort: redirectPort.value } : {}),
      trustedHosts,
    },
    problems: r.problems,
  };
}

/** Reads the docs/cli.md environment variables. */
export function environmentLayer(env: NodeJS.ProcessEnv): ConfigLayer {
  return {
    source: 'env',
    values: {
      host: env.DATABRICKS_HOST,
      tenant: env.ACCESS_LENS_TENANT,
      clientId: env.ACCESS_LENS_CLIENT_ID,
      authority: env.ACCESS_LENS_AUTHORITY,
      tokenMode: env.ACCESS_LENS_TOKEN_MODE,
      scope: env.ACCESS_LENS_SCOPE,
      identityProvider: env.ACCESS_LENS_IDP,
      issuer: env.ACCESS_LENS_ISSUER,
      groupsClaim: env.ACCESS_LENS_GROUPS_CLAIM,
      signInFlow: env.ACCESS_LENS_SIGN_IN_FLOW,
      maxRequestsPerSecond: env.ACCESS_LENS_MAX_RPS,
      redirectPort: env.ACCESS_LENS_REDIRECT_PORT,
    },
  };
}
