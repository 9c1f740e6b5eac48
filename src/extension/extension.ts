import * as vscode from 'vscode';
import { AuthController } from './auth/authController';
import { registerCommands } from './commands/authCommands';
import { createLogger } from './logger';
import { createTelemetry } from './telemetry';
import { SessionState } from './session';
import { ConfigWatcher } from './settings';
import { AccessLensStatusBar } from './views/statusBar';
import { AccessTreeProvider } from './views/tree/accessTreeProvider';
import { AccessMaps } from './tree/accessMaps';
import { Filters } from './views/tree/filters';
import { registerAccessCommands } from './commands/whyCommands';
import { registerDoctorCommands } from './commands/doctorCommands';
import { confirmationsForTests } from './confirm';
import { StaticSecretDiagnostics } from './diagnostics/staticSecrets';
import { AccessErrorDiagnostics } from './diagnostics/accessErrors';
import { NotebookOutputDiagnostics } from './diagnostics/notebookOutputs';
import { registerReferenceDiagnostics } from './diagnostics/references';
import { TerminalErrorWatcher } from './diagnostics/terminalErrors';
import { registerDbcArchiveCommand } from './diagnostics/dbcArchive';
import { AuditLog } from '../core/audit/auditLog';
import * as path from 'node:path';
import { WhyPanel } from './views/why/whyPanel';

/**
 * Wiring only: builds the objects and registers the features. Nothing here
 * touches the network, opens a dialog or awaits anything slow.
 */
/** What the extension hands to its own tests in the extension host (ExtensionMode.Test only): the views' providers. */
export interface TestApi {
  readonly trees: { readonly clusters: vscode.TreeDataProvider<unknown>; readonly jobs: vscode.TreeDataProvider<unknown> };
  /** The HTML of the why view as shown now, if it is open. */
  whyHtml(): string | undefined;
  /** Where VS Code keeps this extension's files (global and workspace storage, logs): the tests scan them for tokens. */
  readonly storage: { readonly global: string; readonly workspace: string | undefined; readonly logs: string };
  /** Answers the modal confirmations of commands called with arguments (src/extension/confirm.ts). */
  readonly confirmations: typeof confirmationsForTests;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const { logger, channel } = createLogger(context);
  const config = new ConfigWatcher();
  const session = new SessionState();
  context.subscriptions.push(config, session);

  const audit = new AuditLog(path.join(context.globalStorageUri.fsPath, 'audit.jsonl'));
  const telemetry = createTelemetry(context, logger);
  const auth = new AuthController(context.secrets, config, session, logger, audit, telemetry);
  context.subscriptions.push(auth);
  // Both views share one restore of the earlier sign-in.
  let restored: Promise<void> | undefined;
  const restore = (): Promise<void> => (restored ??= auth.restore());

  const maps = new AccessMaps(auth, session, config);
  const filters = new Filters(context.workspaceState);
  context.subscriptions.push(maps, filters);
  const clusters = new AccessTreeProvider('cluster', session, config, maps, filters, logger, restore);
  const jobs = new AccessTreeProvider('job', session, config, maps, filters, logger, restore);
  context.subscriptions.push(
    clusters,
    jobs,
    vscode.window.createTreeView('accessLens.clusters', { treeDataProvider: clusters, showCollapseAll: true }),
    vscode.window.createTreeView('accessLens.jobs', { treeDataProvider: jobs, showCollapseAll: true }),
    new AccessLensStatusBar(session),
  );

  const reportProblems = (): void => {
    const { problems, config: resolved } = config.value;
    logger.info(`Configuration: ${resolved.workspaces.length} workspace(s) [${resolved.workspaces.map((w) => `${w.host} from ${w.source}`).join(', ')}], client id ${resolved.clientId ? 'set' : 'not set'}, tenant ${resolved.tenant}, token mode ${resolved.tokenMode}, sign-in flow ${resolved.signInFlow}`);
    for (const problem of problems) logger.warn(`Setting ignored: ${problem.message}`);
    void vscode.commands.executeCommand('setContext', 'accessLens.noWorkspaces', resolved.workspaces.length === 0);
  };
  reportProblems();
  context.subscriptions.push(config.onDidConfigChange(reportProblems));

  const deps = { logger, telemetry, showLog: () => channel.show() };
  registerCommands(context, deps, { trees: [clusters, jobs], auth });
  registerAccessCommands(context, deps, { trees: [clusters, jobs], maps, filters, session, config });
  registerDoctorCommands(context, deps, auth, config, maps);
  // Editor diagnostics need the sign-in: a document that wants them restores it (once, lazily, never during activation).
  const accessErrors = new AccessErrorDiagnostics(session, restore);
  context.subscriptions.push(new StaticSecretDiagnostics(), accessErrors, new NotebookOutputDiagnostics(session, restore), new TerminalErrorWatcher(accessErrors, session, logger));
  registerReferenceDiagnostics(context, deps, { session, maps, config, restore });
  registerDbcArchiveCommand(context, deps);
  logger.info(`Access Lens ${String(context.extension.packageJSON.version)} activated`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  const storage = { global: context.globalStorageUri.fsPath, workspace: context.storageUri?.fsPath, logs: context.logUri.fsPath };
  return { trees: { clusters, jobs }, whyHtml: () => WhyPanel.html, storage, confirmations: confirmationsForTests };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
