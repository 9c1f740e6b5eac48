import type { IdentityProviderKind } from '../config/types';
import { Action, ObjectKind } from './levels';

/** A workspace group you belong to, with the membership path from you to it. */
export interface MemberGroup {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  /** e.g. ["user:alice@contoso.com", "group:ml-engineers", "group:ml-all"] */
  readonly path: readonly string[];
}

/** Where your identity provider's groups were read. */
export type IdpGroupSource = 'access-token' | 'id-token' | 'graph' | 'oidc-claim';

/**
 * What is known of the groups your identity provider puts you in. `unknown` is a state of its
 * own, so that a check comparing them with the workspace says it could not run instead of
 * finding nothing and passing.
 */
export type IdpGroups =
  | { readonly state: 'known'; readonly ids: readonly string[]; readonly source: IdpGroupSource }
  | { readonly state: 'unknown'; readonly reason: string; readonly howToEnable: string };

/** What the model knows about you: both sides of the identity. */
export interface Subject {
  readonly userName: string;
  readonly groups: readonly MemberGroup[];
  /** Entra group object ids from the token's `groups` claim (or an OIDC provider's group claim). */
  readonly entraGroupIds: readonly string[];
  /** Whether `entraGroupIds` is the whole truth; absent means known (from the token's claim). */
  readonly idpGroups?: IdpGroups;
  /** Who signs you in: Entra ID (the default) or another OpenID Connect provider; only the wording differs. */
  readonly provider?: IdentityProviderKind;
  /** Effective workspace entitlements (yours and your groups'); undefined when unknown. */
  readonly entitlements?: readonly string[];
}

/** A workspace group as the directory knows it, whether or not you belong to it. */
export interface DirectoryGroup {
  readonly displayName: string;
  readonly externalId: string | null;
  readonly memberCount?: number;
}

/** Looks up any workspace group by display name: for externalIds of groups you are not in. */
export type Directory = (displayName: string) => DirectoryGroup | undefined;

export interface AclPermission {
  readonly level: string;
  readonly inherited: boolean;
  readonly inheritedFrom: string | null;
}

export interface AclEntry {
  /** `user:<name>`, `group:<name>` or `servicePrincipal:<application id>` */
  readonly principal: string;
  readonly permissions: readonly AclPermission[];
}

export type AclState = { readonly state: 'readable'; readonly entries: readonly AclEntry[] } | { readonly state: 'unreadable'; readonly reason: string } | { readonly state: 'notFound' };

export interface AccessObject {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
  readonly acl: AclState;
  /** Clusters: `data_security_mode` and `single_user_name`. */
  readonly dataSecurityMode?: string;
  readonly singleUserName?: string;
  /** Workspace host, for the access request text. */
  readonly host?: string;
  /** What the workspace showed you besides the ACL; it counts only where the ACL cannot be known complete. */
  readonly evidence?: AccessEvidence;
}

/**
 * Evidence of access from outside the permissions API. A cut-down or refused ACL is not the
 * whole story, and the workspace may still have shown that you hold at least some level.
 */
export interface AccessEvidence {
  /** The workspace showed you the object: it came back from clusters/list or jobs/list (or a get). */
  readonly listed?: boolean;
  /**
   * Whether the workspace hides objects you hold no level on (cluster / job visibility control):
   * only then does `listed` prove the lowest level. undefined: not known, and then it proves nothing.
   */
  readonly visibilityControl?: boolean;
}

export interface Grant {
  readonly principal: string;
  readonly level: string;
  readonly path: readonly string[];
  readonly inheritedFrom: string | null;
}

export type BlockerCode = 'NO_GRANT' | 'LEVEL_TOO_LOW' | 'SINGLE_USER_CLUSTER' | 'GROUP_NOT_SYNCED' | 'ACL_UNREADABLE' | 'ACL_PARTIAL' | 'NOT_FOUND' | 'ENTITLEMENT_MISSING' | 'GROUP_SYNC_UNCHECKED'
  // `why cluster-create` (access/clusterCreate.ts): a group's entitlements could not be read
  | 'ENTITLEMENT_UNKNOWN'
  // Unity Catalog (catalog/chain.ts, docs/codes.md)
  | 'PRIVILEGE_MISSING' | 'CATALOG_NOT_BOUND' | 'CATALOG_BINDING_UNKNOWN'
  // Unity Catalog from a cluster (catalog/compute.ts)
  | 'COMPUTE_NO_UNITY_CATALOG' | 'COMPUTE_MODE_UNKNOWN';

export interface Blocker {
  readonly code: BlockerCode;
  readonly message: string;
}

/** The docs/cli.md `why` document. */
export interface Verdict {
  readonly kind: ObjectKind;
  readonly id: string;
  readonly name: string;
  readonly action: Action;
  readonly allowed: boolean | null;
  readonly required: string;
  readonly granted: string | null;
  readonly grants: readonly Grant[];
  readonly blockers: readonly Blocker[];
  readonly remedies: readonly string[];
  readonly summary: string;
}

