/**
 * Every setting the extension reads, typed, and read here only: `accessLens.*`
 * (package.json `contributes.configuration`) and VS Code's own `http.*`. The
 * rest of the extension calls these functions instead of spelling keys.
 */
import * as vscode from 'vscode';
import { ConfigLayer, RawSettings, ResolvedConfig, environmentLayer, resolveConfig } from '../core/config';
import { VsCodeHttpSettings } from '../core/net/networkOptions';
import { Disposable } from './lifecycle';
import { ShortLived } from './shortLived';
import { HiddenKinds, parseHiddenKinds } from './views/workspace/groups';

const SECTION = 'accessLens';
/** How long the parsed `accessLens.*` settings are kept between change events (ConfigWatcher). */
const CONFIG_KEEP_MS = 1000;

/** The `accessLens.*` keys that feed the core's Config (validated there, so their values stay `unknown` here). */
const CONFIG_KEYS: readonly (keyof RawSettings)[] = [
  'workspaces',
  'tenant',
  'clientId',
  'authority',
  'tokenMode',
  'scope',
  'identityProvider',
  'issuer',
  'groupsClaim',
  'signInFlow',
  'maxRequestsPerSecond',
];

/** The `accessLens.*` keys the extension reads for itself, with their types and package.json defaults. */
interface ExtensionSettings {
  'telemetry.connectionString': string;
  'diagnostics.staticSecrets': boolean;
  'diagnostics.accessErrors': boolean;
  'diagnostics.references': boolean;
  'diagnostics.terminal': boolean;
  shareWithTerminals: boolean;
  profiles: boolean;
  /** As the user wrote it: views/workspace/groups.ts validates it. */
  'workspaceView.hiddenKinds': unknown;
}

const DEFAULTS: ExtensionSettings = {
  'telemetry.connectionString': '',
  'diagnostics.staticSecrets': true,
  'diagnostics.accessErrors': true,
  'diagnostics.references': true,
  'diagnostics.terminal': true,
  shareWithTerminals: false,
  profiles: true,
  'workspaceView.hiddenKinds': [],
};

function read<K extends keyof ExtensionSettings>(key: K): ExtensionSettings[K] {
  return vscode.workspace.getConfiguration(SECTION).get<ExtensionSettings[K]>(key, DEFAULTS[key]);
}

/** The editor diagnostics that each have an on/off setting. */
export type DiagnosticsSwitch = 'staticSecrets' | 'accessErrors' | 'references' | 'terminal';

/** The full key of a diagnostics switch, for `affectsConfiguration`. */
export function diagnosticsSettingKey(name: DiagnosticsSwitch): string {
  return `${SECTION}.diagnostics.${name}`;
}

export function diagnosticsEnabled(name: DiagnosticsSwitch): boolean {
  return read(`diagnostics.${name}`);
}

/** accessLens.shareWithTerminals: hand the sign-in to integrated terminals (docs/settings.md). */
export const SHARE_WITH_TERMINALS_KEY = `${SECTION}.shareWithTerminals`;
export function shareWithTerminals(): boolean {
  return read('shareWithTerminals');
}

/** An organisation's own Application Insights; empty means telemetry is off. */
export function telemetryConnectionString(): string {
  return read('telemetry.connectionString').trim();
}

/** `accessLens.profiles`: "Add Workspace…" offers the Databricks configuration file's profiles. */
export function profilesOffered(): boolean {
  return read('profiles');
}

/** `accessLens.workspaceView.hiddenKinds`: the kinds the Workspace view leaves out, and what is wrong with the value. */
export function workspaceViewHiddenKinds(): HiddenKinds {
  return parseHiddenKinds(read('workspaceView.hiddenKinds'));
}

/**
 * Appends a workspace to `accessLens.workspaces` in the USER settings: only the user's own settings may
 * name a host that receives tokens (docs/settings.md). False when it is listed there already.
 */
export async function addUserWorkspace(entry: { readonly host: string; readonly name: string }): Promise<boolean> {
  const section = vscode.workspace.getConfiguration(SECTION);
  const current = section.inspect<unknown[]>('workspaces')?.globalValue;
  const list = Array.isArray(current) ? current : [];
  const hostOf = (item: unknown): unknown => (typeof item === 'string' ? item : (item as { host?: unknown } | null)?.host);
  if (list.some((item) => typeof hostOf(item) === 'string' && (hostOf(item) as string).replace(/\/$/, '') === entry.host)) return false;
  await section.update('workspaces', [...list, { host: entry.host, name: entry.name }], vscode.ConfigurationTarget.Global);
  return true;
}

/** VS Code's `http.*` settings (proxy, strict SSL, certificates) for the extension's HTTPS client. */
export function readHttpSettings(): VsCodeHttpSettings {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxy: http.get<string>('proxy'),
    proxyStrictSSL: http.get<boolean>('proxyStrictSSL'),
    noProxy: http.get<string[]>('noProxy'),
    proxySupport: http.get<string>('proxySupport'),
    proxyAuthorization: http.get<string | null>('proxyAuthorization'),
    systemCertificates: http.get<boolean>('systemCertificates'),
  };
}

/**
 * Reads `accessLens.*` with the source of every value kept apart (user vs.
 * workspace), because the source decides whether a host may receive tokens.
 * Environment variables of the extension host count as the user's own.
 */
export function readConfig(): ResolvedConfig {
  const section = vscode.workspace.getConfiguration(SECTION);
  const user: RawSettings = {};
  const workspace: RawSettings = {};
  for (const key of CONFIG_KEYS) {
    const inspected = section.inspect(key);
    if (!inspected) continue;
    user[key] = inspected.globalValue;
    workspace[key] = inspected.workspaceFolderValue ?? inspected.workspaceValue;
  }
  const layers: ConfigLayer[] = [
    environmentLayer(process.env),
    { source: 'workspace', values: workspace },
    { source: 'user', values: user },
  ];
  return resolveConfig(layers, { workspaceTrusted: vscode.workspace.isTrusted });
}

/** `accessLens.identityProvider` as the user set it (user settings, the only scope it has), or undefined when unset anywhere. */
export function userIdentityProvider(): string | undefined {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<string>('identityProvider');
  return inspected?.globalValue;
}

/** Writes the sign-in source to the user settings (the setting's scope is "application"). */
export async function writeIdentityProvider(value: string): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('identityProvider', value, vscode.ConfigurationTarget.Global);
}

/** Gives the current configuration and tells listeners when a setting of ours changes. */
export class ConfigWatcher extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<ResolvedConfig>());
  readonly onDidConfigChange = this.changed.event;
  /**
   * Read again after any configuration or trust event, and otherwise at most once per
   * second (shortLived.ts): the views ask on every getChildren, and a value the configuration
   * service replaced without an event (in code-server the remote user settings can arrive
   * after activation) is served for a second at most.
   */
  private readonly current = new ShortLived(readConfig, CONFIG_KEEP_MS);

  constructor() {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        // Any change may be the one a cached value missed; only ours is announced to the views.
        this.current.forget();
        if (event.affectsConfiguration(SECTION)) this.reload();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()));
  }

  get value(): ResolvedConfig {
    return this.current.value;
  }

  private reload(): void {
    this.current.forget();
    this.changed.fire(this.current.value);
  }
}
