/**
 * Telemetry seam: event names, codes and counts only, never personal data.
 * The extension backs it with @vscode/extension-telemetry (which honours the
 * user's telemetry level) when a connection string is configured; the CLI
 * sends nothing. Every event passes `sanitize` first: an allow-list of keys,
 * and values that look like a name, an id, a host or a token are dropped.
 */
export type TelemetryProperties = Readonly<Record<string, string>>;
export type TelemetryMeasurements = Readonly<Record<string, number>>;

export interface Telemetry {
  event(name: string, properties?: TelemetryProperties, measurements?: TelemetryMeasurements): void;
}

export const noTelemetry: Telemetry = { event: () => undefined };

/** The only property keys that may leave the machine. */
const ALLOWED_PROPERTIES = new Set(['id', 'outcome', 'errorCode', 'flow', 'mode', 'kind', 'store', 'status', 'bucket', 'check']);
const ALLOWED_MEASUREMENTS = new Set(['durationMs', 'count', 'workspaces', 'failed']);
/** Codes and command ids: letters, digits, dots, dashes, underscores; short. */
const CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const SUSPICIOUS = /@|[0-9a-f]{8}-[0-9a-f]{4}-|https?:|\.(?:net|com|cn|us|io)\b|^ey[A-Za-z0-9]|dapi|[0-9]{6,}/i;

export function sanitize(name: string, properties: TelemetryProperties = {}, measurements: TelemetryMeasurements = {}): { name: string; properties: Record<string, string>; measurements: Record<string, number> } | undefined {
  if (!CODE.test(name) || SUSPICIOUS.test(name)) return undefined;
  const safeProperties: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (ALLOWED_PROPERTIES.has(key) && CODE.test(value) && !SUSPICIOUS.test(value)) safeProperties[key] = value;
  }
  const safeMeasurements: Record<string, number> = {};
  for (const [key, value] of Object.entries(measurements)) {
    if (ALLOWED_MEASUREMENTS.has(key) && Number.isFinite(value)) safeMeasurements[key] = Math.round(value);
  }
  return { name, properties: safeProperties, measurements: safeMeasurements };
}

/** Wraps a sink so that only sanitised events reach it. */
export function sanitizingTelemetry(sink: (name: string, properties: Record<string, string>, measurements: Record<string, number>) => void): Telemetry {
  return {
    event(name, properties, measurements) {
      const safe = sanitize(name, properties, measurements);
      if (safe) sink(safe.name, safe.properties, safe.measurements);
    },
  };
}

/** Tree sizes as coarse buckets, never exact counts. */
export function sizeBucket(count: number): string {
  if (count === 0) return 'none';
  if (count <= 10) return 'upTo10';
  if (count <= 100) return 'upTo100';
  if (count <= 1000) return 'upTo1000';
  return 'over1000';
}
