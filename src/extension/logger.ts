import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { Logger, redactingLogger } from '../core/log';

/**
 * The one output channel of the extension; every line is redacted before it
 * is written. With ACCESS_LENS_LOG_FILE set (tests, support sessions) the same
 * redacted lines are appended to that file, since an output channel cannot be
 * read from outside the window.
 */
export function createLogger(context: vscode.ExtensionContext): { logger: Logger; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel('Access Lens', { log: true });
  context.subscriptions.push(channel);
  const file = process.env.ACCESS_LENS_LOG_FILE;
  const mirror = (level: string, message: string): void => {
    if (!file) return;
    try {
      appendFileSync(file, `${new Date().toISOString()} [${level}] ${message}\n`);
    } catch {
      // A log mirror must never break the extension.
    }
  };
  const logger = redactingLogger({
    trace: (m) => channel.trace(m),
    debug: (m) => (channel.debug(m), mirror('debug', m)),
    info: (m) => (channel.info(m), mirror('info', m)),
    warn: (m) => (channel.warn(m), mirror('warn', m)),
    error: (m) => (channel.error(m), mirror('error', m)),
  });
  return { logger, channel };
}
