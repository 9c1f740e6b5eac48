import { appendFileSync } from 'node:fs';
import type { TelemetryReporter } from '@vscode/extension-telemetry';
import * as vscode from 'vscode';
import { Logger } from '../core/log';
import { Telemetry, sanitizingTelemetry } from '../core/telemetry';
import { telemetryConnectionString } from './settings';

/**
 * Telemetry through @vscode/extension-telemetry, which honours the user's
 * telemetry level. Nothing is sent unless `accessLens.telemetry.connectionString`
 * is set (an organisation's own Application Insights). With
 * ACCESS_LENS_TELEMETRY_CAPTURE set, the sanitised events are also appended to
 * that file, so a test can read exactly what would have left the machine.
 */
export function createTelemetry(context: vscode.ExtensionContext, logger: Logger): Telemetry {
  const connectionString = telemetryConnectionString();
  let reporter: TelemetryReporter | undefined;
  if (connectionString) {
    try {
      // Loaded only when configured: the Application Insights client is most of its weight.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { TelemetryReporter: Reporter } = require('@vscode/extension-telemetry') as typeof import('@vscode/extension-telemetry');
      reporter = new Reporter(connectionString);
      context.subscriptions.push(reporter);
    } catch (error) {
      logger.warn(`Telemetry is off: the connection string was not accepted (${(error as Error).message}).`);
    }
  }
  const capture = process.env.ACCESS_LENS_TELEMETRY_CAPTURE;
  return sanitizingTelemetry((name, properties, measurements) => {
    reporter?.sendTelemetryEvent(name, properties, measurements);
    if (capture) {
      try {
        appendFileSync(capture, `${JSON.stringify({ name, properties, measurements })}\n`);
      } catch {
        // A capture file is a test aid; it never breaks the extension.
      }
    }
  });
}
