/**
 * Who you are on both sides, resolved once per map and TTL: SCIM Me, your workspace groups with
 * their nested parents, your identity provider's groups and their workspace twins, folded into
 * the `Subject` the access model evaluates.
 */
import type { Subject } from '../access';
import type { IdpGroups, MemberGroup } from '../access/types';
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

/** Your identity, and the `Subject` the verdicts need, which may settle first (see `resolveIdentity`). */
export interface IdentityLoad {
  readonly identity: Promise<Identity>;
  /** The subject to evaluate with: settles no later than `identity`, and is then its `subject`. */
  readonly subject: Promise<Subject>;
}

/** Resolves your identity in one workspace through `call` (already behind the map's read limiter). */
export async function resolveIdentity(source: SubjectSource, call: AuthorizedHttp, host: string, accountId: string, directory: GroupDirectory, meLoad?: Promise<ScimMe>): Promise<Identity> {
  return startIdentity(source, call, host, accountId, directory, meLoad).identity;
}

/**
 * Starts resolving your identity. The verdicts need your user name, the names and externalIds of
 * your groups and your provider groups' twins; a user whose transitive groups are all direct ones
 * has them once the transitive answer is in, so `subject` settles then, while the groups' details
 * (their entitlements, for `why cluster-create`) are still read for `identity` (docs/architecture.md).
 */
export function startIdentity(source: SubjectSource, call: AuthorizedHttp, host: string, accountId: string, directory: GroupDirectory, meLoad?: Promise<ScimMe>): IdentityLoad {
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
  const meLoaded = meLoad ?? getMe(call, host);
  meLoaded.catch(() => undefined); // awaited below
  let early: readonly MemberGroup[] | undefined;
  let told: (groups: readonly MemberGroup[]) => void = () => undefined;
  const membership = new Promise<readonly MemberGroup[]>((resolve) => (told = resolve));
  const onMembership = (groups: readonly MemberGroup[]): void => {
    early = groups;
    told(groups);
  };
  const earlySubject = async (): Promise<Subject> => {
    const me = await meLoaded;
    const [providerGroupIds, idpGroups] = await Promise.all([twinsLoad, idpLoad]);
    const groups = early ?? (await membership);
    for (const g of groups) directory.remember({ displayName: g.displayName, externalId: g.externalId });
    return subjectOf(source, me, groups, providerGroupIds, idpGroups);
  };
  const earlyLoad = membership.then(earlySubject);
  earlyLoad.catch(() => undefined); // its failure is the identity's, reported by whoever awaits either
  const identity = (async (): Promise<Identity> => {
    const me = await meLoaded;
    // Your groups (details 24 at a time: most users' in one round trip) while the twins come in.
    const [groups, providerGroupIds] = await Promise.all([resolveGroups(call, host, me, { concurrency: 24, logger: source.logger, onMembership }), twinsLoad]);
    for (const g of groups) directory.remember({ displayName: g.displayName, externalId: g.externalId });
    const idpGroups = await idpLoad;
    const full = subjectOf(source, me, groups.map((g) => ({ id: g.id, displayName: g.displayName, externalId: g.externalId, path: g.path })), providerGroupIds, idpGroups);
    // The verdicts built with the early subject stay as they are: keep that very object when the details agree.
    const shown = early ? await earlyLoad : undefined;
    return { me, groups, entraGroupIds: providerGroupIds, idpGroups, subject: shown && sameGroups(shown.groups, full.groups) ? shown : full };
  })();
  // Without the early membership (nested groups, the walk, a failure) the subject is the identity's.
  const subjectLoad = Promise.race([earlyLoad, identity.then((found) => found.subject)]);
  subjectLoad.catch(() => undefined);
  return { identity, subject: subjectLoad };
}

function subjectOf(source: SubjectSource, me: ScimMe, groups: readonly MemberGroup[], providerGroupIds: readonly string[], idpGroups: IdpGroups): Subject {
  return {
    userName: me.userName,
    groups,
    entraGroupIds: providerGroupIds,
    idpGroups,
    provider: source.config.identityProvider ?? 'entra',
    // SCIM Me lists only direct entitlements, and groups usually carry workspace-access: unknown unless direct.
    entitlements: me.entitlements.includes('workspace-access') ? me.entitlements : undefined,
  };
}

/** Whether two group lists name the same groups, externalIds and paths (what a verdict reads of them). */
function sameGroups(a: readonly MemberGroup[], b: readonly MemberGroup[]): boolean {
  const key = (g: MemberGroup): string => JSON.stringify([g.id, g.displayName, g.externalId, g.path]);
  const left = new Set(a.map(key));
  return a.length === b.length && b.every((g) => left.has(key(g)));
}
