import * as vscode from 'vscode';
import { Logger, redactingLogger } from '../core/log';

/** The one output channel of the extension; every line is redacted before it is written. */
export function createLogger(context: vscode.ExtensionContext): { logger: Logger; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel('Access Lens', { log: true });
  context.subscriptions.push(channel);
  const logger = redactingLogger({
    trace: (m) => channel.trace(m),
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  });
  return { logger, channel };
}
