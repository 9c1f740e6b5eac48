/**
 * The sign-in sources offered by situation (the sign-in command and the walkthrough): what the user
 * knows is whether IT set anything up, not the name of a protocol. Pure: no VS Code, unit-tested.
 */
import { IDENTITY_PROVIDERS, type IdentityProviderKind } from '../../core/config';

export type Situation = 'nothing-set-up' | 'registered-app' | 'other-provider';

export interface SignInSource {
  readonly provider: IdentityProviderKind;
  readonly situation: Situation;
  readonly label: string;
  readonly detail: string;
}

export const SITUATION_LABELS: Record<Situation, string> = {
  'nothing-set-up': 'Nothing set up by IT',
  'registered-app': 'My company registered an app',
  'other-provider': 'Okta or another provider',
};

export interface SourceContext {
  /** Whether the workspace is on Azure Databricks (VS Code's Microsoft account works only there). */
  readonly azure: boolean;
  /** The providers this build knows (IDENTITY_PROVIDERS): a source is offered only when the setting accepts it. */
  readonly known?: readonly string[];
}

export function signInSources(context: SourceContext): SignInSource[] {
  const known = context.known ?? IDENTITY_PROVIDERS;
  const sources: SignInSource[] = [];
  // The workspace's own OAuth ("databricks") needs no app registration on any cloud.
  if (known.includes('databricks')) {
    sources.push({ provider: 'databricks' as IdentityProviderKind, situation: 'nothing-set-up', label: 'Databricks sign-in', detail: "The workspace's own sign-in, as `databricks auth login`: no app registration, on every cloud." });
  }
  if (context.azure && known.includes('microsoft')) {
    sources.push({ provider: 'microsoft', situation: 'nothing-set-up', label: "VS Code's Microsoft account", detail: 'The Microsoft account you use in VS Code, for Azure Databricks: no app registration. It cannot see your Entra groups.' });
  }
  sources.push({ provider: 'entra', situation: 'registered-app', label: 'Microsoft Entra ID with your app registration', detail: "Needs the app's client id (accessLens.clientId); sees your Entra groups when the app may." });
  sources.push({ provider: 'oidc', situation: 'other-provider', label: 'Okta or another OpenID Connect provider', detail: 'Needs the issuer URL and client id, and a federation policy in Databricks.' });
  return sources;
}

/** The settings a source still needs before a sign-in can start: empty when it can start now. */
export function missingSettings(provider: IdentityProviderKind, settings: { clientId?: string; issuer?: string }): string[] {
  if (provider === 'entra') return settings.clientId ? [] : ['accessLens.clientId'];
  if (provider === 'oidc') return [...(settings.issuer ? [] : ['accessLens.issuer']), ...(settings.clientId ? [] : ['accessLens.clientId'])];
  return [];
}
