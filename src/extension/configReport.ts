import * as vscode from 'vscode';
import { Logger } from '../core/log';
import { ConfigWatcher } from './settings';

/**
 * Logs what the configuration resolved to and every setting it ignored, now and
 * on each change, and keeps the `accessLens.noWorkspaces` context key (the
 * views' welcome text) in step.
 */
export function reportConfiguration(context: vscode.ExtensionContext, config: ConfigWatcher, logger: Logger): void {
  const report = (): void => {
    const { problems, config: resolved } = config.value;
    logger.info(`Configuration: ${resolved.workspaces.length} workspace(s) [${resolved.workspaces.map((w) => `${w.host} from ${w.source}`).join(', ')}], client id ${resolved.clientId ? 'set' : 'not set'}, tenant ${resolved.tenant}, token mode ${resolved.tokenMode}, sign-in flow ${resolved.signInFlow}`);
    for (const problem of problems) logger.warn(`Setting ignored: ${problem.message}`);
    void vscode.commands.executeCommand('setContext', 'accessLens.noWorkspaces', resolved.workspaces.length === 0);
  };
  report();
  context.subscriptions.push(config.onDidConfigChange(report));
}
