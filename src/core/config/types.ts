export const TOKEN_MODES = ['auto', 'entra', 'federation'] as const;
export type TokenModeSetting = (typeof TOKEN_MODES)[number];
/** `databricks`: the workspace's own OAuth token is the bearer (identity provider `databricks`); not a setting. */
export type TokenMode = Exclude<TokenModeSetting, 'auto'> | 'databricks';

export const SIGN_IN_FLOWS = ['auto', 'browser', 'deviceCode'] as const;
export type SignInFlow = (typeof SIGN_IN_FLOWS)[number];

/** `microsoft`: VS Code's built-in Microsoft account (the extension only); `databricks`: the workspace's own OAuth (docs/settings.md). */
export const IDENTITY_PROVIDERS = ['entra', 'oidc', 'databricks', 'microsoft'] as const;
export type IdentityProviderKind = (typeof IDENTITY_PROVIDERS)[number];

/** The application id of the Azure Databricks resource in every Entra tenant. */
export const AZURE_DATABRICKS_RESOURCE_ID = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';
export const AZURE_DATABRICKS_SCOPE = `${AZURE_DATABRICKS_RESOURCE_ID}/.default`;
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';
export const DEFAULT_TENANT = 'organizations';
export const DEFAULT_GROUPS_CLAIM = 'groups';

/** Where a value came from: decides precedence and whether a host is trusted with tokens. */
/** `profile`: a profile of the Databricks configuration file, between the environment and the settings. */
export type ConfigSource = 'flag' | 'env' | 'profile' | 'user' | 'workspace' | 'default';

export interface WorkspaceEntry {
  /** Normalised origin, e.g. `https://adb-1.2.azuredatabricks.net`. */
  readonly host: string;
  readonly name: string;
  readonly source: ConfigSource;
}

/** The raw values one source gives, before validation. Unknown types are checked, not trusted. */
export interface RawSettings {
  workspaces?: unknown;
  host?: unknown;
  tenant?: unknown;
  clientId?: unknown;
  authority?: unknown;
  tokenMode?: unknown;
  scope?: unknown;
  identityProvider?: unknown;
  issuer?: unknown;
  groupsClaim?: unknown;
  signInFlow?: unknown;
  maxRequestsPerSecond?: unknown;
  /** The Databricks configuration file profile to read (its values arrive as a `profile` layer). */
  profile?: unknown;
  redirectPort?: unknown;
}

export interface ConfigLayer {
  readonly source: ConfigSource;
  readonly values: RawSettings;
}

export interface AccessLensConfig {
  readonly workspaces: readonly WorkspaceEntry[];
  readonly tenant: string;
  /** True when no source set the tenant (it is the default): the workspace's own may be found (identity/azureTenant.ts). */
  readonly tenantIsDefault?: boolean;
  readonly clientId: string | undefined;
  /** Cloud instance origin, e.g. `https://login.microsoftonline.com`. */
  readonly authority: string;
  readonly tokenMode: TokenModeSetting;
  readonly scope: string | undefined;
  readonly identityProvider: IdentityProviderKind;
  readonly issuer: string | undefined;
  /** The token claim that lists your groups (default `groups`): matched to workspace groups by externalId, then display name. */
  readonly groupsClaim: string;
  readonly signInFlow: SignInFlow;
  /** The ceiling on requests started per second against one workspace; 0: none, the limiters learn the server's limit (docs/settings.md). */
  readonly maxRequestsPerSecond: number;
  /** The loopback port of the `databricks` sign-in's redirect; undefined: 8020, the one registered for databricks-cli. */
  readonly redirectPort?: number;
  /** Hosts configured from a source the user controls; see `mayReceiveTokens`. */
  readonly trustedHosts: readonly string[];
}

/** A setting that could not be used: names it, says why and what to do. */
export interface ConfigProblem {
  readonly setting: string;
  readonly source: ConfigSource;
  readonly message: string;
}
