import * as vscode from 'vscode';
import { ConfigLayer, RawSettings, ResolvedConfig, environmentLayer, resolveConfig } from '../core/config';
import { Disposable } from './lifecycle';

const KEYS: readonly (keyof RawSettings)[] = [
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

/**
 * Reads `accessLens.*` with the source of every value kept apart (user vs.
 * workspace), because the source decides whether a host may receive tokens.
 * Environment variables of the extension host count as the user's own.
 */
export function readConfig(): ResolvedConfig {
  const section = vscode.workspace.getConfiguration('accessLens');
  const user: RawSettings = {};
  const workspace: RawSettings = {};
  for (const key of KEYS) {
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

/** Gives the current configuration and tells listeners when a setting of ours changes. */
export class ConfigWatcher extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<ResolvedConfig>());
  readonly onDidConfigChange = this.changed.event;

  constructor() {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('accessLens')) this.reload();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()));
  }

  /**
   * Read afresh on every use: a handful of lookups, and it never serves a value the
   * configuration service has already replaced (in code-server the remote user settings
   * can arrive after activation).
   */
  get value(): ResolvedConfig {
    return readConfig();
  }

  private reload(): void {
    this.changed.fire(readConfig());
  }
}
