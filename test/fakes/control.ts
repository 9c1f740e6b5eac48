// Steering a running sandbox: in-process through SandboxControl, and from
// other processes (VS Code extension host tests, Playwright, the demo)
// through the same operations as JSON under /__sandbox/ on both servers.
import type { FakeEntra, MintOptions } from './entra';
import type { ArmedFault } from './faults';
import { sendJson } from './http/respond';
import type { RequestContext, Router } from './http/router';
import type { RequestLogEntry } from './requestLog';
import type { SandboxRuntime } from './runtime';
import type { IssuedToken } from './issuedTokens';
import type { FaultSpec, KnobOverrides, Knobs, TokenLifetimes } from './scenario';
import { ScenarioError } from './scenarioCheck';
import { validateFault, validateKnobOverrides } from './scenarioValidate';
import type { FakeWorkspace } from './workspace';

export interface PendingDeviceCode {
  userCode: string;
  clientId: string;
  scopes: string[];
  expiresAt: string;
}

export class SandboxControl {
  constructor(
    private readonly runtime: SandboxRuntime,
    private readonly entra: FakeEntra,
    private readonly workspace: FakeWorkspace,
  ) {}

  /** Arms a fault (see FaultSpec); returns its id. Throws on an invalid fault, naming the problem. */
  injectFault(fault: FaultSpec): string {
    return this.runtime.faults.arm(validateFault(fault));
  }

  removeFault(id: string): boolean {
    return this.runtime.faults.disarm(id);
  }

  clearFaults(): void {
    this.runtime.faults.clear();
  }

  listFaults(): ArmedFault[] {
    return this.runtime.faults.list();
  }

  /** Registers another loopback redirect port for the databricks-cli client, as a workspace admin registers one for an app. */
  allowU2mRedirectPort(port: number): { port: number } {
    if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`port must be a number from 1024 to 65535, got ${JSON.stringify(port)}`);
    this.workspace.u2m.allowRedirectPort(port);
    return { port };
  }

  pendingDeviceCodes(): PendingDeviceCode[] {
    return this.entra.grants.pendingDeviceCodes(this.runtime.clock.nowMs()).map((g) => ({
      userCode: g.userCode,
      clientId: g.clientId,
      scopes: g.scopes,
      expiresAt: new Date(g.expiresAtMs).toISOString(),
    }));
  }

  /** Approves a pending device code (default: the newest) as `userName` (default: the signed-in user). */
  approveDeviceCode(opts: { userCode?: string; userName?: string } = {}): { userCode: string; userName: string } {
    const grant = this.pendingGrant(opts.userCode);
    const user = opts.userName ? this.runtime.directory.user(opts.userName) : this.runtime.signedInUser;
    if (!user) throw new Error(`No user "${opts.userName}" in the scenario`);
    grant.status = 'approved';
    grant.userName = user.userName;
    return { userCode: grant.userCode, userName: user.userName };
  }

  denyDeviceCode(opts: { userCode?: string } = {}): { userCode: string } {
    const grant = this.pendingGrant(opts.userCode);
    grant.status = 'denied';
    return { userCode: grant.userCode };
  }

  setSignedInUser(userName: string): void {
    this.runtime.setSignedInUser(userName);
  }

  /** Revokes refresh tokens (one user's, or all); their next redemption fails with `aadsts` (default 700082). */
  revokeRefreshTokens(opts: { userName?: string; aadsts?: 700082 | 50173 | 70043 } = {}): number {
    return this.entra.grants.revokeRefreshTokens(opts.userName, opts.aadsts ?? 700082);
  }

  setTokenLifetimes(lifetimes: Partial<TokenLifetimes>): void {
    this.setKnobs({ tokenLifetimeSec: lifetimes });
  }

  /** Changes knobs for the following requests; faults given here are armed in addition. */
  setKnobs(overrides: KnobOverrides): Knobs {
    this.runtime.updateKnobs(validateKnobOverrides(overrides, this.runtime.directory.users.map((u) => u.userName)));
    return this.runtime.knobs;
  }

  knobs(): Knobs {
    return this.runtime.knobs;
  }

  /** Moves the sandbox clock (not the client's): tokens and codes expire server-side. */
  advanceClock(seconds: number): void {
    this.runtime.clock.advance(seconds);
  }

  /** An Entra access token as the token endpoint would issue it, no sign-in needed. */
  mintEntraToken(opts: MintOptions): string {
    return this.entra.mintAccessToken(opts);
  }

  /** A Databricks OAuth token as /oidc/v1/token would issue it (benchmarks, out-of-process tests). */
  mintDatabricksToken(opts: { userName: string; lifetimeSec?: number }): string {
    const user = this.runtime.directory.user(opts.userName);
    if (!user) throw new Error(`No user "${opts.userName}" in the scenario`);
    const lifetimeSec = opts.lifetimeSec ?? this.runtime.knobs.tokenLifetimeSec.databricks;
    return this.workspace.tokens.issue({ userName: user.userName, scope: 'all-apis', expiresAtMs: this.runtime.clock.nowMs() + lifetimeSec * 1000 });
  }

  /** Every token the sandbox handed out after `sinceSeq`: access, id, refresh and Databricks tokens. */
  issuedTokens(sinceSeq = 0): IssuedToken[] {
    return this.runtime.issued.since(sinceSeq);
  }

  requestLog(sinceSeq = 0): RequestLogEntry[] {
    return this.runtime.log.since(sinceSeq);
  }

  clearRequestLog(): void {
    this.runtime.log.clear();
  }

  private pendingGrant(userCode: string | undefined): ReturnType<FakeEntra['grants']['pendingDeviceCodes']>[number] {
    const pending = this.entra.grants.pendingDeviceCodes(this.runtime.clock.nowMs());
    const grant = userCode ? this.entra.grants.deviceCodeByUserCode(userCode) : pending[pending.length - 1];
    if (!grant || !pending.includes(grant)) {
      throw new Error(userCode ? `Device code ${userCode} is not waiting for approval (unknown, expired or already used)` : 'No device code is waiting for approval');
    }
    return grant;
  }
}

/**
 * Adds the JSON control API (under /__sandbox/) to `router`. The router is
 * handed to both servers before they start and filled in once the control
 * exists, since the control needs both servers.
 */
export function mountControlApi(router: Router, control: SandboxControl, info: () => unknown): Router {
  const json = (handler: (body: Record<string, unknown>, ctx: RequestContext) => unknown) => async (ctx: RequestContext) => {
    try {
      const body = (await ctx.json()) as Record<string, unknown>;
      sendJson(ctx.res, 200, (await handler(typeof body === 'object' && body !== null ? body : {}, ctx)) ?? { ok: true });
    } catch (err) {
      const message = err instanceof ScenarioError || err instanceof Error ? err.message : String(err);
      sendJson(ctx.res, 400, { error: message });
    }
  };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return router
    .get('/__sandbox/info', json(() => info()))
    .get('/__sandbox/requests', json((_b, ctx) => ({ requests: control.requestLog(Number(ctx.url.searchParams.get('since') ?? 0)) })))
    .delete('/__sandbox/requests', json(() => control.clearRequestLog()))
    .get('/__sandbox/issued-tokens', json((_b, ctx) => ({ tokens: control.issuedTokens(Number(ctx.url.searchParams.get('since') ?? 0)) })))
    .get('/__sandbox/faults', json(() => ({ faults: control.listFaults() })))
    .post('/__sandbox/faults', json((b) => ({ ids: (Array.isArray(b.faults) ? b.faults : [b]).map((f) => control.injectFault(f as FaultSpec)) })))
    .delete('/__sandbox/faults', json(() => control.clearFaults()))
    .delete('/__sandbox/faults/:id', json((_b, ctx) => ({ removed: control.removeFault(ctx.params.id!) })))
    .post('/__sandbox/u2m/redirect-ports', json((b) => control.allowU2mRedirectPort(b.port as number)))
    .get('/__sandbox/device-codes', json(() => ({ pending: control.pendingDeviceCodes() })))
    .post('/__sandbox/device-codes/approve', json((b) => control.approveDeviceCode({ userCode: str(b.userCode), userName: str(b.userName) })))
    .post('/__sandbox/device-codes/deny', json((b) => control.denyDeviceCode({ userCode: str(b.userCode) })))
    .post('/__sandbox/signed-in-user', json((b) => control.setSignedInUser(String(b.userName))))
    .post('/__sandbox/refresh-tokens/revoke', json((b) => ({ revoked: control.revokeRefreshTokens({ userName: str(b.userName), aadsts: b.aadsts as 700082 | undefined }) })))
    .get('/__sandbox/knobs', json(() => control.knobs()))
    .post('/__sandbox/knobs', json((b) => control.setKnobs(b as KnobOverrides)))
    .post('/__sandbox/token-lifetimes', json((b) => control.setKnobs({ tokenLifetimeSec: b as Partial<TokenLifetimes> }).tokenLifetimeSec))
    .post('/__sandbox/clock', json((b) => control.advanceClock(Number(b.advanceSec ?? 0))))
    .post('/__sandbox/tokens/entra', json((b) => ({ access_token: control.mintEntraToken(b as unknown as MintOptions) })))
    .post('/__sandbox/tokens/databricks', json((b) => ({ access_token: control.mintDatabricksToken({ userName: String(b.userName), lifetimeSec: b.lifetimeSec as number | undefined }) })));
}
