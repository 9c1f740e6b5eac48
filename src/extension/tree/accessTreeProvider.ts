import * as vscode from 'vscode';
import { WorkspaceEntry } from '../../core/config';
import { AccessLensError, ErrorAction } from '../../core/errors/accessLensError';
import { getMe } from '../../core/workspace/scim';
import { AuthController } from '../auth/authController';
import { Disposable } from '../lifecycle';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';

export type ObjectKind = 'cluster' | 'job';

/** A node of the Clusters or Jobs view. Workspaces at the top; what they hold below them. */
export type AccessNode =
  | { readonly type: 'workspace'; readonly workspace: WorkspaceEntry }
  | { readonly type: 'identity'; readonly label: string; readonly detail: string }
  | { readonly type: 'problem'; readonly message: string; readonly action?: vscode.Command };

const ACTION_COMMANDS: Partial<Record<ErrorAction, vscode.Command>> = {
  signIn: { command: 'accessLens.signIn', title: 'Sign In' },
  refreshTokens: { command: 'accessLens.refreshTokens', title: 'Refresh Tokens' },
  retry: { command: 'accessLens.refreshView', title: 'Retry' },
  openSettings: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['accessLens'] },
  openLog: { command: 'accessLens.showLog', title: 'Open Log' },
};

/** A failure as a tree item with a warning icon and the action that helps: never a pop-up. */
export function problemNode(error: unknown): AccessNode {
  const message = error instanceof Error ? error.message : String(error);
  const action = error instanceof AccessLensError ? error.actions.map((a) => ACTION_COMMANDS[a]).find(Boolean) : ACTION_COMMANDS.retry;
  return { type: 'problem', message, action };
}

/**
 * The Clusters and Jobs views. While signed out the tree is empty so that the
 * contributed welcome view (with its Sign In button) shows.
 */
export class AccessTreeProvider extends Disposable implements vscode.TreeDataProvider<AccessNode> {
  private readonly changed = this.register(new vscode.EventEmitter<AccessNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private restored: Promise<void> | undefined;

  constructor(
    readonly kind: ObjectKind,
    private readonly session: SessionState,
    private readonly config: ConfigWatcher,
    private readonly auth: AuthController,
    private readonly restore: () => Promise<void>,
  ) {
    super();
    this.register(session.onDidSessionChange(() => this.refresh()));
    this.register(config.onDidConfigChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: AccessNode): Promise<AccessNode[]> {
    if (!element) {
      // The first look at the view finds an earlier sign-in (from here or the CLI); activation stays instant.
      this.restored ??= this.restore();
      await this.restored;
      if (!this.session.current) return [];
      const problems: AccessNode[] = this.config.value.problems.map((p) => ({
        type: 'problem',
        message: p.message,
        action: ACTION_COMMANDS.openSettings,
      }));
      const workspaces: AccessNode[] = this.config.value.config.workspaces.map((workspace) => ({ type: 'workspace', workspace }));
      return [...problems, ...workspaces];
    }
    if (element.type === 'workspace') return this.workspaceChildren(element.workspace);
    return [];
  }

  private async workspaceChildren(workspace: WorkspaceEntry): Promise<AccessNode[]> {
    const account = this.session.current;
    if (!account) return [];
    try {
      const core = await this.auth.getCore();
      const me = await getMe(core.workspaceHttp(workspace.host, account.homeAccountId), workspace.host);
      return [{ type: 'identity', label: me.userName, detail: `Databricks user · ${me.groups.length} direct group(s)` }];
    } catch (error) {
      return [problemNode(error)];
    }
  }

  getTreeItem(element: AccessNode): vscode.TreeItem {
    switch (element.type) {
      case 'problem': {
        const item = new vscode.TreeItem(element.message, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = element.message;
        item.contextValue = 'accessLens.problem';
        if (element.action) item.command = element.action;
        return item;
      }
      case 'identity': {
        const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
        item.description = element.detail;
        item.iconPath = new vscode.ThemeIcon('account');
        item.contextValue = 'accessLens.identity';
        return item;
      }
      case 'workspace': {
        const item = new vscode.TreeItem(element.workspace.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${this.kind}:${element.workspace.host}`;
        item.description = new URL(element.workspace.host).host;
        item.iconPath = new vscode.ThemeIcon('server-environment');
        item.tooltip = new vscode.MarkdownString(`**${element.workspace.name}**\n\n${element.workspace.host}`);
        item.contextValue = 'accessLens.workspace';
        return item;
      }
    }
  }
}
