// What the fake workspace's routes share: the runtime, what it knows about
// the fake IdP (issuer and public keys, for federation and Entra bearer
// tokens), the Databricks tokens it has issued, and its own origin.
import type { DirUser } from '../directory';
import type { RequestContext } from '../http/router';
import { randomSecret } from '../ids';
import type { IssuedTokens } from '../issuedTokens';
import type { Jwk } from '../jwt';
import type { SandboxRuntime } from '../runtime';
import type { TrustedIssuer } from './federation';
import type { RunStore } from './runs';

export interface WorkspaceContext {
  runtime: SandboxRuntime;
  /** The fake Entra, as the workspace trusts it (in-process: the same keys it serves at its JWKS URI). */
  idp: { issuer(): string; jwks(): Jwk[] };
  tokens: DatabricksTokenStore;
  /** Federation policies for other identity providers (an OIDC provider), besides the fake Entra's. */
  trustedIssuers: TrustedIssuer[];
  /** Job runs: the scenario's history and those started by run-now. */
  runs: RunStore;
  origin(): string;
}

/** Who is calling, once the bearer token checked out. */
export interface Caller {
  user: DirUser;
  /** `entra`: an Entra token for the Azure Databricks resource; `federation`: a token from /oidc/v1/token. */
  via: 'entra' | 'federation';
}

export type ApiHandler = (wc: WorkspaceContext, ctx: RequestContext, caller: Caller) => Promise<void> | void;

export interface DatabricksToken {
  userName: string;
  scope: string;
  expiresAtMs: number;
}

/** Opaque Databricks OAuth tokens handed out by the token exchange. */
export class DatabricksTokenStore {
  private readonly tokens = new Map<string, DatabricksToken>();

  /** `issued`: where every handed-out token is also recorded (the sandbox's list for file scans). */
  constructor(private readonly issued?: IssuedTokens) {}

  issue(record: DatabricksToken): string {
    let token: string;
    // Never look like a personal access token: clients tell the two apart by the prefix.
    do token = randomSecret(48);
    while (token.startsWith('dapi'));
    this.tokens.set(token, record);
    this.issued?.record('databricks', record.userName, token);
    return token;
  }

  lookup(token: string): DatabricksToken | undefined {
    return this.tokens.get(token);
  }
}
