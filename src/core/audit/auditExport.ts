/**
 * The audit trail filtered and written out for people: a Markdown table to
 * read (and paste into a ticket), JSON Lines for tools, CSV for spreadsheets.
 * Events never hold a token, and every text field is redacted once more on
 * the way out, so a line written by an older or foreign writer cannot leak one.
 */
import { redact } from '../log';
import { AuditEvent } from './auditLog';

export type AuditExportFormat = 'jsonl' | 'md' | 'csv';

export interface AuditFilter {
  readonly id: string;
  readonly label: string;
  readonly test: (event: AuditEvent) => boolean;
}

export const AUDIT_FILTERS: readonly AuditFilter[] = [
  { id: 'all', label: 'All events', test: () => true },
  { id: 'failures', label: 'Failures only', test: (e) => e.outcome === 'error' },
  { id: 'sign-in', label: 'Sign-in and sign-out', test: (e) => ['sign-in', 'sign-out', 'logout'].includes(e.event) },
  { id: 'tokens', label: 'Token refresh, exchange and rejection', test: (e) => ['refresh', 'exchange', 'token-rejected'].includes(e.event) },
  { id: 'doctor', label: 'Doctor runs', test: (e) => e.event === 'doctor' },
  { id: 'access-check', label: 'Access checks', test: (e) => e.event === 'access-check' },
];

export function auditFilter(id: string | undefined): AuditFilter | undefined {
  return AUDIT_FILTERS.find((f) => f.id === id);
}

/** The format a file name asks for: .md/.markdown, .csv, else JSON Lines. */
export function exportFormatFor(fileName: string): AuditExportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'md';
  if (lower.endsWith('.csv')) return 'csv';
  return 'jsonl';
}

/** A copy of the event with every string redacted and nothing but the known fields. */
export function scrubEvent(e: AuditEvent): AuditEvent {
  const text = (v: string | undefined): string | undefined => (typeof v === 'string' ? redact(v) : undefined);
  return {
    time: e.time,
    event: e.event,
    source: e.source,
    outcome: e.outcome,
    ...(e.entra ? { entra: { objectId: text(e.entra.objectId), upn: text(e.entra.upn), tenantId: text(e.entra.tenantId) } } : {}),
    ...(e.databricks ? { databricks: { host: text(e.databricks.host), userName: text(e.databricks.userName) } } : {}),
    ...(e.code ? { code: text(e.code) } : {}),
    ...(e.detail ? { detail: text(e.detail) } : {}),
  };
}

const COLUMNS: readonly [string, (e: AuditEvent) => string | undefined][] = [
  ['time', (e) => e.time],
  ['event', (e) => e.event],
  ['source', (e) => e.source],
  ['outcome', (e) => e.outcome],
  ['entra user', (e) => e.entra?.upn],
  ['entra object id', (e) => e.entra?.objectId],
  ['tenant', (e) => e.entra?.tenantId],
  ['databricks user', (e) => e.databricks?.userName],
  ['workspace', (e) => e.databricks?.host],
  ['code', (e) => e.code],
  ['detail', (e) => e.detail],
];

/** Newest first for reading; oldest first (the log's own order) for tools. */
export function renderAudit(events: readonly AuditEvent[], format: AuditExportFormat, title: string): string {
  const safe = events.map(scrubEvent);
  switch (format) {
    case 'jsonl':
      return safe.map((e) => JSON.stringify(e)).join('\n') + (safe.length ? '\n' : '');
    case 'csv': {
      // Quoted per RFC 4180; a cell that a spreadsheet would run as a formula is defused with a leading
      // apostrophe (OWASP's CSV injection list: =, +, -, @, a tab, a carriage return, and the full-width
      // ＝ ＋ － ＠ that some spreadsheets fold to their ASCII forms).
      const cell = (v: string | undefined): string => `"${(v ?? '').replace(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/, "'$&").replace(/"/g, '""')}"`;
      return [COLUMNS.map(([name]) => cell(name)).join(','), ...safe.map((e) => COLUMNS.map(([, get]) => cell(get(e))).join(','))].join('\r\n') + '\r\n';
    }
    case 'md': {
      const cell = (t: string | undefined): string => (t ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
      return [
        `# Access Lens audit log: ${title}`,
        '',
        `${safe.length} event(s), newest first. Tokens are never recorded.`,
        '',
        '| time | event | outcome | Entra user | Databricks user | workspace | code | detail |',
        '|---|---|---|---|---|---|---|---|',
        ...[...safe].reverse().map((e) => `| ${e.time} | ${e.event} | ${e.outcome} | ${cell(e.entra?.upn)} | ${cell(e.databricks?.userName)} | ${cell(e.databricks?.host)} | ${cell(e.code)} | ${cell(e.detail)} |`),
        '',
      ].join('\n');
    }
  }
}
