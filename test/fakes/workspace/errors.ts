// Databricks answers errors in several shapes depending on which layer
// refused the request; clients have to parse all of them, so the fake
// produces all of them:
//   REST APIs          {"error_code": "PERMISSION_DENIED", "message": "..."}
//   auth front door    {"error_code": 403, "message": "Invalid access token."}
//   Jetty (old paths)  <html>...<title>Error 403 Token is expiring within 30 seconds. (token expired)</title>...
//   SCIM               {"schemas": [...Error], "detail": "...", "status": "404"}
//   OAuth endpoints    {"error": "invalid_grant", "error_description": "..."}
import type * as http from 'node:http';
import { escapeHtml, sendHtml, sendJson } from '../http/respond';
import type { WorkspaceErrorStyle, WorkspaceFault } from '../scenario';

const DEFAULT_CODES: Record<number, string> = {
  400: 'INVALID_PARAMETER_VALUE',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'RESOURCE_DOES_NOT_EXIST',
  409: 'RESOURCE_CONFLICT',
  429: 'REQUEST_LIMIT_EXCEEDED',
  500: 'INTERNAL_ERROR',
  501: 'NOT_IMPLEMENTED',
  503: 'TEMPORARILY_UNAVAILABLE',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Invalid request.',
  401: 'Credential was not sent or was of an unsupported type for this API.',
  403: 'User not authorized.',
  404: 'The requested resource does not exist.',
  429: 'Too many requests. Please wait a moment and try again.',
  500: 'Internal error. Please try again later.',
  503: 'The service is temporarily unavailable. Please try again later.',
};

export function defaultErrorCode(status: number): string {
  return DEFAULT_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

export function sendApiError(res: http.ServerResponse, status: number, errorCode: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error_code: errorCode, message }, headers);
}

/** The shape the authentication layer uses: a numeric error_code. */
export function sendNumericError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error_code: status, message }, headers);
}

/** Jetty's default error page, as some Databricks paths still return. */
export function sendJettyError(res: http.ServerResponse, status: number, message: string, path: string, headers: Record<string, string> = {}): void {
  const m = escapeHtml(message);
  sendHtml(
    res,
    status,
    `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n<title>Error ${status} ${m}</title>\n</head>\n<body><h2>HTTP ERROR ${status}</h2>\n<p>Problem accessing ${escapeHtml(path)}. Reason:\n<pre>    ${m}</pre></p>\n</body>\n</html>\n`,
    headers,
  );
}

export function sendScimError(res: http.ServerResponse, status: number, detail: string, extra: Record<string, string> = {}): void {
  sendJson(res, status, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail, status: String(status), ...extra });
}

export function sendOAuthError(res: http.ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

/** Renders an injected fault in the style it asks for. */
export function sendFault(res: http.ServerResponse, fault: WorkspaceFault, path: string): void {
  const style: WorkspaceErrorStyle = fault.style ?? 'json';
  const message = fault.message ?? DEFAULT_MESSAGES[fault.status] ?? `Injected error ${fault.status}.`;
  const headers: Record<string, string> = fault.retryAfterSec !== undefined ? { 'retry-after': String(fault.retryAfterSec) } : {};
  switch (style) {
    case 'json':
      return sendApiError(res, fault.status, fault.errorCode ?? defaultErrorCode(fault.status), message, headers);
    case 'json-numeric':
      return sendNumericError(res, fault.status, message, headers);
    case 'html':
      return sendJettyError(res, fault.status, message, path, headers);
    case 'scim':
      return sendScimError(res, fault.status, message);
    case 'oauth':
      return sendOAuthError(res, fault.status, fault.errorCode ?? 'invalid_request', message);
  }
}
