import * as vscode from 'vscode';
import { AccessLensError, ErrorAction, isCancellation } from '../../core/errors';
import { Logger, errorMessage, redact } from '../../core/log';
import { Telemetry } from '../../core/telemetry';
import { notificationText } from '../views/markdown';

export interface CommandDeps {
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  readonly showLog: () => void;
}

const ACTION_LABELS: Record<ErrorAction, { label: string; command?: string; args?: unknown[] }> = {
  signIn: { label: 'Sign In', command: 'accessLens.signIn' },
  refreshTokens: { label: 'Refresh Tokens', command: 'accessLens.refreshTokens' },
  retry: { label: 'Retry' },
  openLog: { label: 'Open Log' },
  openSettings: { label: 'Open Settings', command: 'workbench.action.openSettings', args: ['accessLens'] },
};

/**
 * The one way a command is registered: the disposable is owned by the context,
 * and every failure follows one policy. Cancellation is silent; an
 * AccessLensError shows its message with its actions; anything else shows a
 * short message and puts the details in the log. Messages are redacted, and
 * telemetry gets the command id, the outcome and an error code, nothing else.
 */
export function registerCommand(
  context: vscode.ExtensionContext,
  deps: CommandDeps,
  id: string,
  handler: (...args: unknown[]) => unknown,
): void {
  const run = async (...args: unknown[]): Promise<unknown> => {
    const started = Date.now();
    try {
      const result = await handler(...args);
      deps.telemetry.event('command', { id, outcome: 'ok' }, { durationMs: Date.now() - started });
      return result;
    } catch (error) {
      if (isCancellation(error)) {
        deps.telemetry.event('command', { id, outcome: 'cancelled' });
        return undefined;
      }
      const code = error instanceof AccessLensError ? error.code : 'UNEXPECTED';
      deps.telemetry.event('command', { id, outcome: 'error', errorCode: code });
      deps.logger.error(`${id} failed: ${errorMessage(error)}${error instanceof Error && error.stack ? `\n${error.stack}` : ''}`);
      void showError(deps, error, () => run(...args));
      return undefined;
    }
  };
  context.subscriptions.push(vscode.commands.registerCommand(id, run));
}

async function showError(deps: CommandDeps, error: unknown, retry: () => Promise<unknown>): Promise<void> {
  const actions: readonly ErrorAction[] = error instanceof AccessLensError ? error.actions : ['openLog'];
  const message = redact(errorMessage(error));
  const labels = actions.map((a) => ACTION_LABELS[a].label);
  const show = error instanceof AccessLensError ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  // Error texts carry server and provider words: they must not become links in the notification.
  const picked = await show(`Access Lens: ${notificationText(message)}`, ...labels);
  const action = actions.find((a) => ACTION_LABELS[a].label === picked);
  if (!action) return;
  if (action === 'openLog') deps.showLog();
  else if (action === 'retry') await retry();
  else {
    const target = ACTION_LABELS[action];
    if (target.command) await vscode.commands.executeCommand(target.command, ...(target.args ?? []));
  }
}
