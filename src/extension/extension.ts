import * as path from 'node:path';
import * as vscode from 'vscode';
import { createAudit, createVerdictStore } from '../core/services';
import { AuthController } from './auth/authController';
import { TerminalSharing } from './auth/terminalSharing';
import { dropVerdictCacheOnSignOut } from './auth/verdictCacheLifecycle';
import { registerCommands } from './commands';
import { reportConfiguration } from './configReport';
import { SelectedWorkspace } from './selectedWorkspace';
import { registerDiagnostics } from './diagnostics';
import { createLogger } from './logger';
import { SessionState } from './session';
import { ConfigWatcher } from './settings';
import { createTelemetry } from './telemetry';
import { TestApi, testApi } from './testApi';
import { AccessMaps } from '../core/workspace/accessMaps';
import { defaultStateDir } from '../core/lock/namedLocks';
import { PaceMemory, paceFileIn } from '../core/workspace/paceMemory';
import { registerViews } from './views';
import { Filters } from './views/tree/filters';

/**
 * Wiring only: builds the objects and registers the features. Nothing here
 * touches the network, opens a dialog or awaits anything slow.
 */
export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const { logger, channel } = createLogger(context);
  const config = new ConfigWatcher();
  const session = new SessionState();
  context.subscriptions.push(config, session);

  const audit = createAudit(path.join(context.globalStorageUri.fsPath, 'audit.jsonl'), 'vscode', logger);
  const telemetry = createTelemetry(context, logger);
  const auth = new AuthController(context.secrets, config, session, logger, audit, telemetry, {
    state: context.globalState,
    providerId: () => (context.extensionMode === vscode.ExtensionMode.Test ? process.env.ACCESS_LENS_TEST_MICROSOFT_PROVIDER : undefined),
  });
  context.subscriptions.push(auth);
  // The views and the diagnostics share one restore of the earlier sign-in.
  let restored: Promise<void> | undefined;
  const restore = (): Promise<void> => (restored ??= auth.restore());

  // The registry both front ends use (core/workspace/accessMaps.ts): a session change keeps the maps of
  // the account still signed in and drops the others; a settings change drops them all.
  // The verdict cache (core/workspace/verdictStore.ts) makes a restart show the last verdicts at once.
  const verdictStore = createVerdictStore(context.globalStorageUri.fsPath, logger);
  // The pace file is the CLI's too: either starts at the pace the other learned (paceMemory.ts).
  const maps = new AccessMaps(() => auth.getCore(), verdictStore, new PaceMemory(paceFileIn(defaultStateDir())));
  const selection = new SelectedWorkspace(context.workspaceState, config, logger);
  context.subscriptions.push(selection, new TerminalSharing(context.environmentVariableCollection, { session, config, selection, getCore: () => auth.getCore(), logger }));
  const filters = new Filters(context.workspaceState);
  context.subscriptions.push(
    session.onDidSessionChange((account) => maps.dropAll(account?.homeAccountId)),
    dropVerdictCacheOnSignOut(session, verdictStore),
    config.onDidConfigChange(() => maps.dropAll()),
    { dispose: () => maps.dropAll() },
    filters,
  );
  const { clusters, jobs, catalog, workspace, statusBar } = registerViews(context, { session, config, maps, filters, logger, restore, selection });
  reportConfiguration(context, config, logger);

  const deps = { logger, telemetry, showLog: () => channel.show() };
  const references = registerDiagnostics(context, deps, { session, config, maps, restore });
  registerCommands(context, deps, { auth, session, config, maps, filters, trees: [clusters, jobs], catalogTree: catalog, workspaceTree: workspace, references, selection });
  logger.info(`Access Lens ${String(context.extension.packageJSON.version)} activated`);
  const restartViews = async (): Promise<void> => {
    await maps.restartCold();
    for (const tree of [clusters, jobs, workspace]) tree.refresh();
  };
  return testApi(context, { clusters, jobs, catalog, workspace }, statusBar, restartViews);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
