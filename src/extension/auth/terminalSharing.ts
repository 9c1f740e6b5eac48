/**
 * accessLens.shareWithTerminals (docs/settings.md): the integrated terminals of a trusted workspace
 * get the `access-lens exec` variables for the selected workspace (selectedWorkspace.ts), served
 * by the same metadata service (core/handoff), which answers for that host only: a new selection
 * re-points the variables and restarts the service. Terminals started afterwards see them; VS Code
 * marks open ones as needing a relaunch. Off, untrusted or signed out: the variables are removed and
 * the server closed.
 */
import * as vscode from 'vscode';
import { handoffVariables } from '../../core/handoff/handoffEnv';
import { MetadataService, canonicalHost } from '../../core/handoff/metadataService';
import { keychainTokenSource } from '../../core/handoff/tokenSource';
import { type Logger, errorMessage } from '../../core/log';
import type { Core } from '../../core/services';
import { Disposable } from '../lifecycle';
import type { SelectedWorkspace } from '../selectedWorkspace';
import type { SessionState } from '../session';
import { ConfigWatcher, SHARE_WITH_TERMINALS_KEY, shareWithTerminals } from '../settings';

export interface TerminalSharingDeps {
  readonly session: SessionState;
  readonly config: ConfigWatcher;
  readonly selection: SelectedWorkspace;
  readonly getCore: () => Promise<Core>;
  readonly logger: Logger;
}

export class TerminalSharing extends Disposable {
  private service: MetadataService | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly deps: TerminalSharingDeps,
  ) {
    super();
    this.register(deps.session.onDidSessionChange(() => this.update()));
    this.register(deps.selection.onDidSelectedWorkspaceChange(() => this.update()));
    this.register(deps.config.onDidConfigChange(() => this.update()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()));
    this.register(vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SHARE_WITH_TERMINALS_KEY)) this.update();
    }));
    this.register({ dispose: () => this.stop() });
    this.update();
  }

  /** Serialised: a burst of events ends in the state of the last one. */
  private update(): void {
    this.queue = this.queue.then(() => this.apply()).catch((error: unknown) => this.deps.logger.warn(`Could not hand the sign-in to terminals: ${errorMessage(error)}`));
  }

  private async apply(): Promise<void> {
    const workspace = this.deps.selection.current;
    if (!shareWithTerminals() || !vscode.workspace.isTrusted || !this.deps.session.current || !workspace) {
      if (this.service) this.deps.logger.debug(`Terminals no longer get the sign-in (shareWithTerminals ${shareWithTerminals()}, trusted ${vscode.workspace.isTrusted}, signed in ${this.deps.session.current !== undefined}, workspace ${workspace?.host ?? 'none'}).`);
      this.stop();
      return;
    }
    const host = workspace.host;
    if (!this.service || this.service.workspaceHost !== canonicalHost(host)) {
      this.stop();
      this.service = await MetadataService.start({ host, tokenFor: keychainTokenSource(await this.deps.getCore()), logger: this.deps.logger });
      this.deps.logger.info(`Terminals now get the sign-in for ${host} (accessLens.shareWithTerminals).`);
    }
    this.collection.description = `Access Lens: your Databricks sign-in for ${workspace.name} (${host}), for the Databricks CLI and SDKs (metadata-service)`;
    for (const [name, value] of Object.entries(handoffVariables(this.service.workspaceHost, this.service.url))) this.collection.replace(name, value);
  }

  /** The old service closes in the background: a client still connected to it must not hold up the next state. */
  private stop(): void {
    this.collection.clear();
    const service = this.service;
    this.service = undefined;
    service?.close().catch((error: unknown) => this.deps.logger.warn(`Could not close the metadata service for terminals: ${errorMessage(error)}`));
  }
}
