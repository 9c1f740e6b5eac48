import * as vscode from 'vscode';
import { confirmationsForTests } from './confirm';
import type { AccessLensStatusBar } from './views/statusBar';
import { WhyPanel } from './views/why/whyPanel';

/** What the extension hands to its own tests in the extension host (ExtensionMode.Test only): the views' providers. */
export interface TestApi {
  readonly trees: { readonly clusters: vscode.TreeDataProvider<unknown>; readonly jobs: vscode.TreeDataProvider<unknown>; readonly catalog: vscode.TreeDataProvider<unknown>; readonly workspace: vscode.TreeDataProvider<unknown> };
  /** The HTML of the why view as shown now, if it is open. */
  whyHtml(): string | undefined;
  /** Where VS Code keeps this extension's files (global and workspace storage, logs): the tests scan them for tokens. */
  readonly storage: { readonly global: string; readonly workspace: string | undefined; readonly logs: string };
  /** Answers the modal confirmations of commands called with arguments (src/extension/confirm.ts). */
  readonly confirmations: typeof confirmationsForTests;
  /** What the status bar item shows now: its text and its tooltip's Markdown. */
  statusBar(): { text: string; tooltip: string };
  /**
   * The views start over as after a restart: the access maps are dropped (their verdict cache
   * written) and the next ones seed from the cache on disk, as the first maps after activation do.
   */
  restartViews(): Promise<void>;
}

export function testApi(context: vscode.ExtensionContext, trees: TestApi['trees'], statusBar: AccessLensStatusBar, restartViews: () => Promise<void>): TestApi | undefined {
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const storage = { global: context.globalStorageUri.fsPath, workspace: context.storageUri?.fsPath, logs: context.logUri.fsPath };
  return { trees, whyHtml: () => WhyPanel.html, storage, confirmations: confirmationsForTests, statusBar: () => statusBar.shown(), restartViews };
}
