/**
 * The editor diagnostics: secrets in files, access errors in editors, notebook
 * outputs and terminals, cluster and job references, and Unity Catalog
 * table and volume references. They need the
 * sign-in: a document that wants them restores it (once, lazily, never during
 * activation).
 */
import * as vscode from 'vscode';
import { CommandDeps } from '../commands/commandRegistry';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';
import { AccessMaps } from '../../core/workspace/accessMaps';
import { AccessErrorDiagnostics } from './accessErrors';
import { NotebookOutputDiagnostics } from './notebookOutputs';
import { ReferenceDiagnostics } from './references';
import { StaticSecretDiagnostics } from './staticSecrets';
import { TableReferenceDiagnostics } from './tableDiagnostics';
import { TerminalErrorWatcher } from './terminalErrors';

export interface DiagnosticsDeps {
  readonly session: SessionState;
  readonly config: ConfigWatcher;
  readonly maps: AccessMaps;
  readonly restore: () => Promise<void>;
}

/** Returns the reference diagnostics, whose quick fixes have commands (commands/diagnosticsCommands.ts). */
export function registerDiagnostics(context: vscode.ExtensionContext, deps: CommandDeps, targets: DiagnosticsDeps): ReferenceDiagnostics {
  const { session, restore } = targets;
  const accessErrors = new AccessErrorDiagnostics(session, restore);
  context.subscriptions.push(new StaticSecretDiagnostics(), accessErrors, new NotebookOutputDiagnostics(session, restore), new TerminalErrorWatcher(accessErrors, session, deps.logger));
  const references = new ReferenceDiagnostics(targets, deps);
  context.subscriptions.push(references, new TableReferenceDiagnostics(targets, deps));
  return references;
}
