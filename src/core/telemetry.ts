/**
 * Telemetry seam: event names and codes only, never personal data. The
 * extension backs it with @vscode/extension-telemetry, which honours the
 * user's telemetry setting; the CLI sends nothing.
 */
export type TelemetryProperties = Readonly<Record<string, string>>;
export type TelemetryMeasurements = Readonly<Record<string, number>>;

export interface Telemetry {
  event(name: string, properties?: TelemetryProperties, measurements?: TelemetryMeasurements): void;
}

export const noTelemetry: Telemetry = { event: () => undefined };
