/**
 * Picks the sign-in flow. `auto` uses the browser with PKCE where a desktop
 * browser can reach our loopback port, and the device code where it cannot:
 * remote windows, SSH, WSL, containers, and Linux without a display.
 */
import { existsSync, readFileSync } from 'node:fs';
import { IdentityProviderKind, SignInFlow } from '../config';
import { DATABRICKS_REDIRECT_PORT } from './databricksOAuth';

export type ConcreteFlow = 'browser' | 'deviceCode';

export interface FlowEnvironment {
  /** VS Code's `env.remoteName` (ssh-remote, wsl, dev-container, codespaces, …), if any. */
  readonly remoteName?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  /** Files that mark WSL or a container; injectable for tests. */
  readonly fileExists?: (path: string) => boolean;
  readonly readText?: (path: string) => string | undefined;
}

export interface FlowDecision {
  readonly flow: ConcreteFlow;
  readonly reason: string;
}

export function chooseFlow(setting: SignInFlow, environment: FlowEnvironment): FlowDecision {
  if (setting === 'browser') return { flow: 'browser', reason: 'accessLens.signInFlow is "browser"' };
  if (setting === 'deviceCode') return { flow: 'deviceCode', reason: 'accessLens.signInFlow is "deviceCode"' };
  const { env, platform } = environment;
  const exists = environment.fileExists ?? existsSync;
  const read = environment.readText ?? ((path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  });
  if (environment.remoteName) return { flow: 'deviceCode', reason: `this is a remote window (${environment.remoteName})` };
  if (env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY) return { flow: 'deviceCode', reason: 'this is an SSH session' };
  if (env.WSL_DISTRO_NAME || /microsoft/i.test(read('/proc/version') ?? '')) return { flow: 'deviceCode', reason: 'this is WSL' };
  if (env.REMOTE_CONTAINERS || env.CODESPACES || env.KUBERNETES_SERVICE_HOST || exists('/.dockerenv') || exists('/run/.containerenv')) {
    return { flow: 'deviceCode', reason: 'this is a container' };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY && !env.BROWSER) {
    return { flow: 'deviceCode', reason: 'no display is available to open a browser' };
  }
  return { flow: 'browser', reason: 'a desktop browser is available' };
}

export function otherFlow(flow: ConcreteFlow): ConcreteFlow {
  return flow === 'browser' ? 'deviceCode' : 'browser';
}

/**
 * The flow for the configured identity provider. The Databricks sign-in has no device code (its
 * `databricks-cli` client returns to a fixed localhost port, docs/facts.md): with `auto` it takes the
 * browser everywhere, and where the environment suggests the browser is elsewhere, `note` says how
 * to forward the port.
 */
export function flowFor(provider: IdentityProviderKind, setting: SignInFlow, environment: FlowEnvironment, redirectPort: number = DATABRICKS_REDIRECT_PORT): FlowDecision & { note?: string } {
  const decision = chooseFlow(setting, environment);
  if (provider !== 'databricks' || setting !== 'auto' || decision.flow === 'browser') return decision;
  return {
    flow: 'browser',
    reason: 'the Databricks sign-in has no device code',
    note: `The Databricks sign-in has no device code, so it uses the browser although ${decision.reason}. If no browser opens here, forward port ${redirectPort} from your computer (ssh -L ${redirectPort}:localhost:${redirectPort} <this host>) and open the sign-in address there.`,
  };
}
