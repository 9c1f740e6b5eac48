// Entry point: starts a fake Entra ID and a fake Databricks workspace for a
// scenario, both HTTPS on 127.0.0.1 (or another loopback address) with a fresh CA, and hands back every
// URL and id a client needs plus a control handle. Used by unit tests, the
// extension-host and UI tests (through cli.ts), the demo and the benchmarks.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSandboxCertificates } from './ca';
import { SandboxControl, mountControlApi } from './control';
import { mountAclControl } from './workspace/aclControl';
import { Directory } from './directory';
import { startFakeEntra, type FakeEntra } from './entra';
import { startOidcProvider, type OidcProviderInfo, type RunningOidcProvider } from './oidc/provider';
import { Router } from './http/router';
import type { RequestLogEntry, RequestLogListener } from './requestLog';
import { SandboxRuntime } from './runtime';
import { AZURE_DATABRICKS_RESOURCE_ID, type KnobOverrides, type Scenario } from './scenario';
import { loadScenario } from './scenarioLoad';
import { validateKnobOverrides } from './scenarioValidate';
import { startFakeWorkspace, type FakeWorkspace } from './workspace';
import { trustedIssuer } from './workspace/federation';
import type { U2mServer } from './workspace/u2m';

export interface SandboxOptions {
  /** A scenario name (test/scenarios/<name>.json), a path to a JSON file, or a scenario object. */
  scenario: string | Scenario;
  /** Where the CA certificate and sandbox.json go; default a temporary folder removed by stop(). */
  stateDir?: string;
  /**
   * The loopback address the fakes (and the OpenID Connect provider) listen on, default 127.0.0.1. The demo and the UI tests use
   * 127.0.0.2: code-server treats links to localhost and 127.0.0.1 as its own forwarded ports and
   * rewrites them to its /proxy/<port>/ path, which would break the sign-in pages in the browser.
   */
  host?: string;
  /** Default 0: any free port. */
  entraPort?: number;
  workspacePort?: number;
  /** Knob overrides on top of the scenario's own knobs. */
  overrides?: KnobOverrides;
  /**
   * Also start a real OpenID Connect provider (oidc-provider) with the scenario's users, whose groups
   * claim holds their Entra groups' names, and a workspace federation policy that trusts it.
   * `autoApprove` defaults to the scenario's knob.
   */
  oidc?: boolean | { autoApprove?: boolean; port?: number };
}

/** Everything a client needs to talk to the sandbox; also what sandbox.json holds. */
export interface SandboxInfo {
  scenario: string;
  /** Entra cloud instance, `https://127.0.0.1:<port>` (or the `host` option); the sign-in authority is `<authority>/<tenantId>`. */
  authority: string;
  tenantId: string;
  /** The first of the tenant's registered public client ids. */
  clientId: string;
  clientIds: string[];
  /** For MSAL `knownAuthorities`: `127.0.0.1:<port>`. */
  entraKnownAuthority: string;
  /** `https://127.0.0.1:<port>/<tenantId>/v2.0` */
  entraIssuer: string;
  /** `https://127.0.0.1:<port>` */
  workspaceHost: string;
  /** PEM file of the sandbox CA (NODE_EXTRA_CA_CERTS, or https.Agent({ca})). */
  caPath: string;
  deviceLoginUrl: string;
  /** Scope for token mode `entra` (Azure Databricks resource) and for `federation` (`<clientId>/.default`). */
  scopes: { entra: string; federation: string };
  /** Base URLs of the JSON control API (same operations on both). */
  controlApi: { entra: string; workspace: string };
  users: { userName: string; displayName: string; inWorkspace: boolean }[];
  /** The OpenID Connect provider, when started (`oidc` option, CLI `--oidc`). */
  oidc?: OidcProviderInfo;
  signedInUser: string;
  stateDir: string;
  pid: number;
}

export interface Sandbox extends Omit<SandboxInfo, 'signedInUser'> {
  control: SandboxControl;
  /** The real OpenID Connect provider, when started with the `oidc` option. */
  oidcProvider?: RunningOidcProvider;
  /** The workspace's authorization server for users (`--idp databricks`): extra redirect ports, refresh-token revocation. */
  u2m: U2mServer;
  /** Every request the servers saw, in order (live). */
  requestLog: readonly RequestLogEntry[];
  /** Calls `listener` after each request; returns the unsubscribe function. */
  onRequest(listener: RequestLogListener): () => void;
  /** The loaded scenario (generated part expanded). */
  scenarioData: Scenario;
  /** Current info (signedInUser can change at runtime). */
  info(): SandboxInfo;
  /** MSAL `authorityMetadata` and `cloudDiscoveryMetadata` strings, so MSAL discovers nothing over the network. */
  msalMetadata(tenant?: string): { authorityMetadata: string; cloudDiscoveryMetadata: string };
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const scenario = loadScenario(options.scenario);
  const directory = new Directory(scenario);
  const overrides = options.overrides ? validateKnobOverrides(options.overrides, directory.users.map((u) => u.userName), 'overrides') : undefined;
  const runtime = new SandboxRuntime(directory, overrides);
  const ownsStateDir = options.stateDir === undefined;
  const stateDir = path.resolve(options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'access-lens-sandbox-')));
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackIpv4(host)) throw new Error(`The sandbox listens on loopback only: "${host}" is not an IPv4 loopback address (127.x.x.x).`);
  const certs = createSandboxCertificates(stateDir, [host]);
  const tls = { cert: certs.serverCertPem, key: certs.serverKeyPem };

  const controlRoutes = new Router();
  let entra: FakeEntra | undefined;
  let workspace: FakeWorkspace | undefined;
  let oidc: RunningOidcProvider | undefined;
  try {
    entra = await startFakeEntra({ runtime, tls, host, port: options.entraPort ?? 0, extraRouters: [controlRoutes] });
    const idp = entra;
    workspace = await startFakeWorkspace({ runtime, tls, host, port: options.workspacePort ?? 0, idp: { issuer: () => idp.issuer, jwks: () => idp.jwks() }, extraRouters: [controlRoutes] });
    if (options.oidc) {
      const oidcOptions = options.oidc === true ? {} : options.oidc;
      const groupNames = new Map((scenario.entraGroups ?? []).map((g) => [g.id, g.displayName]));
      oidc = await startOidcProvider({
        tls,
        host,
        caPem: certs.caPem,
        port: oidcOptions.port,
        log: runtime.log,
        autoApprove: oidcOptions.autoApprove ?? runtime.knobs.autoApprove,
        signedInUser: runtime.signedInUser.userName,
        users: directory.users.map((u) => ({ userName: u.userName, displayName: u.displayName, groups: u.entraGroups.map((id) => groupNames.get(id) ?? id) })),
      });
      // As an account admin would: a federation policy with the provider's issuer and API audience.
      workspace.trustIssuer(trustedIssuer({ issuer: oidc.issuer, audiences: [oidc.audience], subjectClaim: 'preferred_username' }, certs.caPem));
    }
  } catch (err) {
    await oidc?.close();
    await workspace?.close();
    await entra?.close();
    if (ownsStateDir) fs.rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }

  const clientId = directory.clientIds[0]!;
  const knownAuthority = `${host}:${entra.port}`;
  const info = (): SandboxInfo => ({
    scenario: scenario.name,
    authority: entra!.origin,
    tenantId: directory.tenantId,
    clientId,
    clientIds: directory.clientIds,
    entraKnownAuthority: knownAuthority,
    entraIssuer: entra!.issuer,
    workspaceHost: workspace!.origin,
    caPath: certs.caPath,
    deviceLoginUrl: `${entra!.origin}/devicelogin`,
    scopes: { entra: `${AZURE_DATABRICKS_RESOURCE_ID}/.default`, federation: `${clientId}/.default` },
    controlApi: { entra: `${entra!.origin}/__sandbox`, workspace: `${workspace!.origin}/__sandbox` },
    users: directory.users.map((u) => ({ userName: u.userName, displayName: u.displayName, inWorkspace: u.inWorkspace })),
    ...(oidc ? { oidc: { issuer: oidc.issuer, clientId: oidc.clientId, audience: oidc.audience, signedInUser: oidc.signedInUser } } : {}),
    signedInUser: runtime.signedInUser.userName,
    stateDir,
    pid: process.pid,
  });
  const control = new SandboxControl(runtime, entra, workspace);
  mountControlApi(controlRoutes, control, info);
  mountAclControl(controlRoutes, directory);
  if (!ownsStateDir) fs.writeFileSync(path.join(stateDir, 'sandbox.json'), `${JSON.stringify(info(), null, 2)}\n`);

  let stopped: Promise<void> | undefined;
  const { signedInUser: _dynamic, ...staticInfo } = info();
  return {
    ...staticInfo,
    control,
    oidcProvider: oidc,
    u2m: workspace!.u2m,
    requestLog: runtime.log.entries,
    onRequest: (listener) => runtime.log.onEntry(listener),
    scenarioData: scenario,
    info,
    msalMetadata: (tenant = directory.tenantId) => msalMetadata(entra!.origin, knownAuthority, entra!.issuer, tenant),
    stop: () => {
      stopped ??= (async () => {
        await Promise.all([entra!.close(), workspace!.close(), oidc?.close()]);
        if (ownsStateDir) fs.rmSync(stateDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

function msalMetadata(origin: string, knownAuthority: string, issuer: string, tenant: string): { authorityMetadata: string; cloudDiscoveryMetadata: string } {
  const base = `${origin}/${tenant}`;
  return {
    authorityMetadata: JSON.stringify({
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: knownAuthority, preferred_cache: knownAuthority, aliases: [knownAuthority] }],
    }),
  };
}

function isLoopbackIpv4(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}
