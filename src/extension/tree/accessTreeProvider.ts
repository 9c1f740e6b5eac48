import * as vscode from 'vscode';
import { WorkspaceEntry } from '../../core/config';
import { Disposable } from '../lifecycle';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';

export type ObjectKind = 'cluster' | 'job';

/** A node of the Clusters or Jobs view. Workspaces at the top; objects below them. */
export type AccessNode =
  | { readonly type: 'workspace'; readonly workspace: WorkspaceEntry }
  | { readonly type: 'problem'; readonly message: string; readonly action?: vscode.Command };

/**
 * The Clusters and Jobs views. While signed out the tree is empty so that the
 * contributed welcome view (with its Sign In button) shows; failures become
 * tree items with a warning icon, never pop-ups.
 */
export class AccessTreeProvider extends Disposable implements vscode.TreeDataProvider<AccessNode> {
  private readonly changed = this.register(new vscode.EventEmitter<AccessNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    readonly kind: ObjectKind,
    private readonly session: SessionState,
    private readonly config: ConfigWatcher,
  ) {
    super();
    this.register(session.onDidSessionChange(() => this.refresh()));
    this.register(config.onDidConfigChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: AccessNode): AccessNode[] {
    if (element) return [];
    if (!this.session.current) return [];
    const problems: AccessNode[] = this.config.value.problems.map((p) => ({
      type: 'problem',
      message: p.message,
      action: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['accessLens'] },
    }));
    const workspaces: AccessNode[] = this.config.value.config.workspaces.map((workspace) => ({ type: 'workspace', workspace }));
    return [...problems, ...workspaces];
  }

  getTreeItem(element: AccessNode): vscode.TreeItem {
    if (element.type === 'problem') {
      const item = new vscode.TreeItem(element.message, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.tooltip = element.message;
      item.contextValue = 'accessLens.problem';
      if (element.action) item.command = element.action;
      return item;
    }
    const item = new vscode.TreeItem(element.workspace.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.kind}:${element.workspace.host}`;
    item.description = new URL(element.workspace.host).host;
    item.iconPath = new vscode.ThemeIcon('server-environment');
    item.tooltip = new vscode.MarkdownString(`**${element.workspace.name}**\n\n${element.workspace.host}`);
    item.contextValue = 'accessLens.workspace';
    return item;
  }
}
