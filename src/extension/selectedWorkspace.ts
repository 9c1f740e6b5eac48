/**
 * The selected workspace (docs/settings.md, "The selected workspace"): the one the user last chose,
 * through "Select Workspace…", a node of the Clusters or Jobs view or the status bar's menu. Kept in
 * the workspace state, so each VS Code window remembers its own; terminal sharing and the status bar
 * follow it.
 */
import * as vscode from 'vscode';
import type { WorkspaceEntry } from '../core/config';
import { AccessLensError } from '../core/errors';
import type { Logger } from '../core/log';
import { Disposable } from './lifecycle';
import type { ConfigWatcher } from './settings';
import { resolveSelection } from './workspaceSelection';

const KEY = 'accessLens.selectedWorkspace';

export class SelectedWorkspace extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<WorkspaceEntry | undefined>());
  /** Fires when the selected workspace's host changes: chosen, or its configuration changed under it. */
  readonly onDidSelectedWorkspaceChange = this.changed.event;
  private lastHost: string | undefined;
  /** The kept host last reported as missing, so the log says it once, not on every read. */
  private reportedMissing: string | undefined;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly config: ConfigWatcher,
    private readonly logger: Logger,
  ) {
    super();
    this.lastHost = this.current?.host;
    this.register(config.onDidConfigChange(() => this.fireIfMoved()));
  }

  /** Every configured workspace, in the order of the settings. */
  get workspaces(): readonly WorkspaceEntry[] {
    return this.config.value.config.workspaces;
  }

  get current(): WorkspaceEntry | undefined {
    const resolved = resolveSelection(this.memento.get<string>(KEY), this.workspaces);
    if (resolved.missingHost && resolved.missingHost !== this.reportedMissing) {
      this.reportedMissing = resolved.missingHost;
      this.logger.info(`The selected workspace ${resolved.missingHost} is no longer in accessLens.workspaces: using ${resolved.workspace?.host ?? 'none (no workspace is configured)'} instead.`);
    }
    return resolved.workspace;
  }

  /** Selects a configured workspace; a host that is not configured is refused with what to do. */
  async select(host: string): Promise<WorkspaceEntry> {
    const entry = this.workspaces.find((w) => w.host === host.replace(/\/+$/, ''));
    if (!entry) throw new AccessLensError('CONFIG', `${host} is not one of the configured workspaces (accessLens.workspaces). Add it with "Access Lens: Add Workspace…" first.`, ['openSettings']);
    await this.memento.update(KEY, entry.host);
    this.reportedMissing = undefined;
    if (this.fireIfMoved()) this.logger.info(`Selected workspace: ${entry.name} (${entry.host}).`);
    return entry;
  }

  private fireIfMoved(): boolean {
    const current = this.current;
    if (current?.host === this.lastHost) return false;
    this.lastHost = current?.host;
    this.changed.fire(current);
    return true;
  }
}
