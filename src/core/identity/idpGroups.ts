/**
 * Where your identity provider's groups come from, in order: the access
 * token's group claim, the ID token's (an app can add groups to its ID tokens
 * but not to tokens for a first-party resource such as AzureDatabricks), then
 * Microsoft Graph (Entra only, when the app may read your memberships). When
 * none works the answer is `unknown` with the reason and how to enable a
 * source, never an empty list that checks would take for "no groups".
 */
import type { IdentityProviderKind } from '../config';
import type { IdpGroups } from '../access/types';
import { decodeJwt } from '../tokens/jwt';
import { GroupClaimReading, GroupClaimSources, readGroupClaim } from './groupClaims';
import { GRAPH_PERMISSION } from './graphGroups';

export interface IdpGroupsInput {
  readonly provider: IdentityProviderKind;
  /** The configured claim name (accessLens.groupsClaim). */
  readonly groupsClaim: string;
  /** The sign-in's access token (or, for OIDC, the token handed to Databricks). */
  readonly accessToken: string;
  /** What the provider read at sign-in; absent: read from `accessToken` alone. */
  readonly groupClaims?: GroupClaimSources;
  /** The groups the provider kept (OIDC keeps the claim of an earlier token). */
  readonly groups?: readonly string[];
  /** Asks Microsoft Graph; throws with the reason it could not. */
  readonly graph?: () => Promise<readonly string[]>;
}

function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

const ENTRA_HOW_TO_ENABLE =
  'Ask your Entra admin to add the groups claim to the ID token of the Access Lens app registration (Token configuration → Add groups claim → ID), ' +
  `or to grant the app the delegated Microsoft Graph permission ${GRAPH_PERMISSION} (or GroupMember.Read.All) with admin consent, so that your groups are read from Microsoft Graph.`;
const OVERAGE_HOW_TO_ENABLE =
  `You are in more groups than a token can list (200). Ask your Entra admin to grant the Access Lens app the delegated Microsoft Graph permission ${GRAPH_PERMISSION} (or GroupMember.Read.All) with admin consent, ` +
  'or to limit the groups claim to groups assigned to the application (Token configuration → Add groups claim → Groups assigned to the application).';

function oidcHowToEnable(claim: string): string {
  return `Ask the administrator of your identity provider to add a "${claim}" claim to the tokens (Okta: Security → API → Authorization Servers → Claims), or set accessLens.groupsClaim to the claim it uses.`;
}

function listOf(reading: GroupClaimReading | undefined): readonly string[] | undefined {
  return reading?.kind === 'list' ? reading.values : undefined;
}

/** VS Code's Microsoft account signs in with VS Code's own app: no admin can add a groups claim or Graph consent to it. */
export const MICROSOFT_HOW_TO_ENABLE =
  "VS Code's Microsoft account signs in with VS Code's own application, which your Entra admin cannot configure to list your groups. " +
  'To compare groups, sign in with Entra ID instead (set accessLens.identityProvider to "entra" and accessLens.clientId to an app registration with the groups claim or ' +
  `the delegated Microsoft Graph permission ${GRAPH_PERMISSION}).`;

/** The Databricks sign-in's token is the workspace's own: no identity provider put groups in it (docs/facts.md). */
export const DATABRICKS_SIGN_IN_GROUPS: IdpGroups = {
  state: 'unknown',
  reason: "the Databricks sign-in (--idp databricks) cannot see your identity provider's groups: its token is the workspace's own and carries none",
  howToEnable:
    'To compare them with the workspace groups (a partial SCIM sync), sign in with your identity provider instead: --idp entra with an app registration whose tokens carry the groups claim, or --idp oidc with a provider whose tokens carry one (see docs/cli.md).',
};

export async function resolveIdpGroups(input: IdpGroupsInput): Promise<IdpGroups> {
  if (input.provider === 'databricks') return DATABRICKS_SIGN_IN_GROUPS;
  const sources = input.groupClaims ?? { accessToken: readGroupClaim(claimsOf(input.accessToken), input.groupsClaim) };
  if (input.provider === 'microsoft') {
    const ids = listOf(sources.accessToken);
    if (ids) return { state: 'known', ids, source: 'access-token' };
    return { state: 'unknown', reason: `the token of VS Code's Microsoft account carries no "${input.groupsClaim}" claim (Access Lens cannot see your Entra groups)`, howToEnable: MICROSOFT_HOW_TO_ENABLE };
  }
  if (input.provider === 'oidc') {
    const ids = listOf(sources.accessToken) ?? listOf(sources.idToken) ?? (input.groups && input.groups.length > 0 ? input.groups : undefined);
    if (ids) return { state: 'known', ids, source: 'oidc-claim' };
    return { state: 'unknown', reason: `your identity provider's tokens carry no "${input.groupsClaim}" claim`, howToEnable: oidcHowToEnable(input.groupsClaim) };
  }
  const fromAccess = listOf(sources.accessToken);
  if (fromAccess) return { state: 'known', ids: fromAccess, source: 'access-token' };
  const fromId = listOf(sources.idToken);
  if (fromId) return { state: 'known', ids: fromId, source: 'id-token' };
  const overage = sources.accessToken.kind === 'overage' || sources.idToken?.kind === 'overage';
  const inTokens = overage
    ? 'you are in more groups than a token can list (Entra sent an overage marker instead of the groups claim)'
    : `neither your access token nor your ID token carries a "${input.groupsClaim}" claim`;
  if (!input.graph) return { state: 'unknown', reason: inTokens, howToEnable: overage ? OVERAGE_HOW_TO_ENABLE : ENTRA_HOW_TO_ENABLE };
  try {
    return { state: 'known', ids: await input.graph(), source: 'graph' };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { state: 'unknown', reason: `${inTokens}, and Microsoft Graph could not be asked: ${why}`, howToEnable: overage ? OVERAGE_HOW_TO_ENABLE : ENTRA_HOW_TO_ENABLE };
  }
}

/** "the ID token", "Microsoft Graph", …: where groups came from, for messages. */
export function describeIdpGroupSource(groups: IdpGroups): string {
  if (groups.state === 'unknown') return 'unknown';
  return { 'access-token': 'the access token', 'id-token': 'the ID token', graph: 'Microsoft Graph', 'oidc-claim': "the identity provider's group claim" }[groups.source];
}
