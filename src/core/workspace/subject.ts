/**
 * Who you are on both sides, resolved once per map and TTL: SCIM Me, your workspace groups with
 * their nested parents, your identity provider's groups and their workspace twins, folded into
 * the `Subject` the access model evaluates.
 */
import type { Subject } from '../access';
import type { IdpGroups } from '../access/types';
import type { IdentityProviderKind } from '../config';
import { claimValues } from '../identity/provider';
import type { Logger } from '../log';
import { decodeJwt } from '../tokens/jwt';
import type { AuthorizedHttp } from './authorizedHttp';
import type { GroupDirectory } from './directory';
import { WorkspaceGroup, resolveGroups } from './groups';
import { ScimMe, getMe } from './scim';

export interface Identity {
  readonly me: ScimMe;
  readonly groups: readonly WorkspaceGroup[];
  readonly entraGroupIds: readonly string[];
  /** Where `entraGroupIds` came from, or why they are unknown. */
  readonly idpGroups: IdpGroups;
  readonly subject: Subject;
}

/** What resolving needs of the core: your provider groups, or the session whose token carries the claim. */
export interface SubjectSource {
  readonly config: { readonly identityProvider?: IdentityProviderKind };
  readonly signInScopes: readonly string[];
  readonly session: { acquireSilent(accountId: string, scopes: readonly string[]): Promise<{ readonly accessToken: string; readonly groups?: readonly string[] }> };
  /** Your provider groups from wherever they are (services.ts); without it, the access token's claim. */
  idpGroups?(accountId: string): Promise<IdpGroups>;
  /** Where reads that fall back (say, nested groups through the SCIM walk) say why. */
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
}

async function loadIdpGroups(source: SubjectSource, accountId: string): Promise<IdpGroups> {
  if (source.idpGroups) return source.idpGroups(accountId);
  // A core without the resolver: the identity provider's configured group claim (accessLens.groupsClaim), a bare token's `groups`.
  const entra = await source.session.acquireSilent(accountId, source.signInScopes);
  return { state: 'known', ids: entra.groups ? [...entra.groups] : claimValues(decodeJwt(entra.accessToken), 'groups'), source: 'access-token' };
}

/** Resolves your identity in one workspace through `call` (already behind the map's read limiter). */
export async function resolveIdentity(source: SubjectSource, call: AuthorizedHttp, host: string, accountId: string, directory: GroupDirectory, meLoad?: Promise<ScimMe>): Promise<Identity> {
  const idpLoad = loadIdpGroups(source, accountId);
  idpLoad.catch(() => undefined); // awaited below, after the workspace calls
  // The workspace twins of your provider groups need only those groups, not SCIM Me: they are read
  // as soon as the groups are known, beside SCIM Me, so they never add a round trip to the first
  // screen (docs/architecture.md).
  const twinsLoad = idpLoad.then(async (known) => {
    const ids = known.state === 'known' ? [...known.ids] : [];
    await directory.learnTwins(ids);
    return ids;
  });
  twinsLoad.catch(() => undefined); // awaited below
  // SCIM Me may be read already (the Catalog view asks your user name before your groups).
  const me = await (meLoad ?? getMe(call, host));
  // Your groups (details 24 at a time: most users' in one round trip) while the twins come in.
  const [groups, providerGroupIds] = await Promise.all([resolveGroups(call, host, me, { concurrency: 24, logger: source.logger }), twinsLoad]);
  for (const g of groups) directory.remember({ displayName: g.displayName, externalId: g.externalId });
  const idpGroups = await idpLoad;
  const subject: Subject = {
    userName: me.userName,
    groups: groups.map((g) => ({ id: g.id, displayName: g.displayName, externalId: g.externalId, path: g.path })),
    entraGroupIds: providerGroupIds,
    idpGroups,
    provider: source.config.identityProvider ?? 'entra',
    // SCIM Me lists only direct entitlements, and groups usually carry workspace-access: unknown unless direct.
    entitlements: me.entitlements.includes('workspace-access') ? me.entitlements : undefined,
  };
  return { me, groups, entraGroupIds: providerGroupIds, idpGroups, subject };
}
