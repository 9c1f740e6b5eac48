/**
 * Registers every command of package.json `contributes.commands`, one file a
 * feature area, each through registerCommand (commandRegistry.ts: the one
 * error policy). scripts/check-contributions.mjs checks that this and
 * package.json list the same commands; test/unit/extension/layout.test.ts that
 * no command is registered outside this folder.
 */
import * as vscode from 'vscode';
import { AuthController } from '../auth/authController';
import { ReferenceDiagnostics } from '../diagnostics/references';
import type { SelectedWorkspace } from '../selectedWorkspace';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';
import { AccessMaps } from '../../core/workspace/accessMaps';
import { CatalogTreeProvider } from '../views/catalog/catalogTreeProvider';
import { WorkspaceTreeProvider } from '../views/workspace/workspaceTreeProvider';
import { AccessTreeProvider } from '../views/tree/accessTreeProvider';
import { Filters } from '../views/tree/filters';
import { registerAuditCommands } from './auditCommands';
import { registerAuthCommands } from './authCommands';
import { registerCatalogCommands } from './catalogCommands';
import { CommandDeps } from './commandRegistry';
import { registerDiagnosticsCommands } from './diagnosticsCommands';
import { registerDoctorCommands } from './doctorCommands';
import { registerSelectWorkspaceCommand } from './selectWorkspaceCommand';
import { registerTreeCommands } from './treeCommands';
import { registerWhyCommands } from './whyCommands';
import { registerWorkspaceCommands } from './workspaceCommands';

/** What the commands act on: built in activate(). */
export interface CommandTargets {
  readonly auth: AuthController;
  readonly session: SessionState;
  readonly config: ConfigWatcher;
  readonly maps: AccessMaps;
  readonly filters: Filters;
  readonly trees: readonly AccessTreeProvider[];
  readonly catalogTree: CatalogTreeProvider;
  readonly workspaceTree: WorkspaceTreeProvider;
  readonly references: ReferenceDiagnostics;
  readonly selection: SelectedWorkspace;
}

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps, targets: CommandTargets): void {
  registerAuthCommands(context, deps, targets);
  registerWhyCommands(context, deps, targets);
  registerTreeCommands(context, deps, targets);
  registerCatalogCommands(context, deps, targets);
  registerDoctorCommands(context, deps, targets.auth, targets.config, targets.maps);
  registerAuditCommands(context, deps, targets.auth);
  registerDiagnosticsCommands(context, deps, targets.references);
  registerWorkspaceCommands(context, deps, targets.config);
  registerSelectWorkspaceCommand(context, deps, targets.selection);
}
