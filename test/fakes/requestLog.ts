// Every request either fake server saw, in order. Tests use it to prove what
// a client did (and did not) call; the CLI prints it with --verbose. Bodies
// and headers are never recorded: they carry tokens.

export type ServerName = 'entra' | 'workspace' | 'oidc';

export interface RequestLogEntry {
  seq: number;
  server: ServerName;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Names of the query parameters (values can be secrets such as codes). */
  queryKeys: string[];
  remoteAddress: string;
  status: number;
  startedAt: string;
  durationMs: number;
  /** When the server accepted the connection the request came on (ms since the epoch). */
  connectionOpenedAt?: number;
  /** Whether that connection's TLS handshake resumed an earlier session. */
  sessionReused?: boolean;
  /** `1.1` or `2.0`. */
  httpVersion?: string;
}

export type RequestLogListener = (entry: RequestLogEntry) => void;

export class RequestLog {
  /** Live array; read it, do not mutate it. */
  readonly entries: RequestLogEntry[] = [];
  private readonly listeners = new Set<RequestLogListener>();
  private nextSeq = 1;

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    const full = { seq: this.nextSeq++, ...entry };
    this.entries.push(full);
    for (const listener of this.listeners) listener(full);
  }

  since(seq: number): RequestLogEntry[] {
    return this.entries.filter((e) => e.seq > seq);
  }

  clear(): void {
    this.entries.length = 0;
  }

  onEntry(listener: RequestLogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** One compact line per request, for logs. */
export function formatLogEntry(e: RequestLogEntry): string {
  const query = e.queryKeys.length > 0 ? `?${e.queryKeys.join('&')}` : '';
  return `${e.startedAt.slice(11, 23)} ${e.server.padEnd(9)} ${e.status} ${e.method} ${e.path}${query} ${e.durationMs}ms`;
}
