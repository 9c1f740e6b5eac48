/**
 * The `explain` document of docs/cli.md, shared by the scanner, the extractor
 * and the wording so that none of them imports another's internals.
 */
import type { UcKind } from '../catalog/types';

/** docs/codes.md `explain` codes; `UNKNOWN` goes with `matched: false` and nothing else does. */
export const EXPLAIN_CODES = [
  'TOKEN_EXPIRED', 'TOKEN_INVALID', 'WRONG_AUDIENCE', 'IP_BLOCKED', 'RATE_LIMITED', 'PERMISSION_DENIED', 'NOT_FOUND',
  'NOT_PROVISIONED', 'MFA_REQUIRED', 'CONDITIONAL_ACCESS_BLOCKED', 'REFRESH_TOKEN_EXPIRED', 'CONSENT_REQUIRED',
  'USER_NOT_ASSIGNED', 'PUBLIC_CLIENT_DISABLED', 'STATE_MISMATCH', 'UNKNOWN',
] as const;

export type ExplainCode = (typeof EXPLAIN_CODES)[number];

/** Workspace objects, and Unity Catalog securables (docs/cli.md "Unity Catalog"), whose `id` is the full name. */
export type ObjectKind = 'cluster' | 'job' | 'warehouse' | 'endpoint' | 'notebook' | 'directory' | 'repo' | 'pipeline' | 'experiment' | 'model' | 'policy' | 'pool' | UcKind;

export interface ObjectRef {
  kind: ObjectKind;
  id: string;
}

export interface Explanation {
  matched: boolean;
  code: ExplainCode;
  title: string;
  explanation: string;
  remedies: string[];
  /** The object the text names by id, else null. */
  object: ObjectRef | null;
  /** The permission level or Unity Catalog privilege the text names (`CAN_ATTACH_TO`, `USE_SCHEMA`, …), else null. */
  permission: string | null;
  /** The Entra AADSTS code, when the text carries one. */
  aadsts?: number;
  /** The HTTP status the text shows next to the error (401, 403, 404, 429). */
  httpStatus?: number;
}

/** Codes raised by Entra ID at sign-in: they never name a Databricks object. */
export const ENTRA_CODES: ReadonlySet<ExplainCode> = new Set<ExplainCode>([
  'MFA_REQUIRED', 'CONDITIONAL_ACCESS_BLOCKED', 'REFRESH_TOKEN_EXPIRED', 'CONSENT_REQUIRED', 'USER_NOT_ASSIGNED',
  'PUBLIC_CLIENT_DISABLED', 'STATE_MISMATCH',
]);
