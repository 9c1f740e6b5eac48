/**
 * Reads a Databricks error answer in any of its real shapes (docs/facts.md):
 * `{error_code, message}` with a string or numeric code, SCIM's
 * `{detail, status}`, OAuth's `{error, error_description}`, or an HTML page.
 */
import { AccessLensError, ErrorAction } from '../errors';
import { parseServerJson } from '../net/boundedJson';
import { HttpResponse } from '../net/httpsClient';

export interface DatabricksErrorBody {
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly message: string;
}

/**
 * Error bodies can be as large as the response cap (50 MB). Only the start of one
 * is ever shown, so the patterns below see at most this much: a hostile body
 * cannot freeze the extension host.
 */
export const ERROR_BODY_SCAN_LIMIT = 64 * 1024;

export function readErrorBody(response: HttpResponse): DatabricksErrorBody {
  const text = response.body.length > ERROR_BODY_SCAN_LIMIT ? response.body.slice(0, ERROR_BODY_SCAN_LIMIT) : response.body;
  try {
    // Parsing is linear, so a large JSON error still parses whole.
    const body = parseServerJson(response.body) as Record<string, unknown>;
    const errorCode = body.error_code ?? body.error ?? (body.status !== undefined ? `SCIM_${String(body.status)}` : undefined);
    const message = body.message ?? body.detail ?? body.error_description ?? text;
    return { status: response.status, errorCode: errorCode === undefined ? undefined : String(errorCode).slice(0, 200), message: String(message).slice(0, ERROR_BODY_SCAN_LIMIT) };
  } catch {
    // HTML or plain text: keep the readable part (the <title>, or the text without tags).
    // `[^<>]` stops a failed tag match at the next `<`, so every character is scanned a bounded number of times.
    const title = /<title>([^<]{1,300})<\/title>/i.exec(text)?.[1];
    const plain = (title ?? text.replace(/<[^<>]*>/g, ' ')).replace(/\s+/g, ' ').trim().slice(0, 300);
    return { status: response.status, errorCode: undefined, message: plain || `HTTP ${response.status}` };
  }
}

/** The docs/codes.md code for a failed workspace call. */
export function classify(body: DatabricksErrorBody): { code: string; actions: ErrorAction[] } {
  const { status, errorCode = '', message } = body;
  if (status === 429 || errorCode === 'REQUEST_LIMIT_EXCEEDED' || errorCode === 'RESOURCE_EXHAUSTED') return { code: 'RATE_LIMITED', actions: ['retry'] };
  if (/expired|expiring within/i.test(message)) return { code: 'TOKEN_EXPIRED', actions: ['refreshTokens', 'signIn'] };
  if (status === 401 || /invalid access token|invalid token/i.test(message)) return { code: 'TOKEN_INVALID', actions: ['refreshTokens', 'signIn'] };
  if (/ip address|ip access list|source ip/i.test(message)) return { code: 'IP_BLOCKED', actions: ['openLog'] };
  if (/not (?:a )?(?:part|member) of (?:the )?(?:org|workspace)|not provisioned|user [^\n]{0,300}? does not exist in the workspace/i.test(message)) return { code: 'NOT_PROVISIONED', actions: ['openLog'] };
  if (status === 404 || errorCode === 'RESOURCE_DOES_NOT_EXIST' || errorCode === 'NOT_FOUND') return { code: 'NOT_FOUND', actions: [] };
  if (status === 403 || errorCode === 'PERMISSION_DENIED' || errorCode === '403') return { code: 'PERMISSION_DENIED', actions: [] };
  return { code: 'SERVER_ERROR', actions: ['retry', 'openLog'] };
}

export class WorkspaceApiError extends AccessLensError {
  constructor(
    readonly host: string,
    readonly path: string,
    readonly body: DatabricksErrorBody,
  ) {
    const { code, actions } = classify(body);
    super(code, `${host}${path} answered ${body.status}${body.errorCode ? ` ${body.errorCode}` : ''}: ${body.message}`, actions);
    this.name = 'WorkspaceApiError';
  }
}
