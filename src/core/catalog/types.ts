/**
 * Unity Catalog: the facts the model judges and the `why` document it gives (docs/cli.md, "Unity
 * Catalog"). The workspace side (catalog/ucClient.ts) reads the facts; the model (catalog/chain.ts)
 * is pure. Privileges are written as the API writes them (`USE_CATALOG`, `SELECT`, `ALL_PRIVILEGES`);
 * error texts write them with spaces, which the explainer maps to this spelling.
 */
import type { Blocker, Subject } from '../access/types';

export const UC_KINDS = ['catalog', 'schema', 'table', 'volume', 'function', 'registered-model'] as const;
export type UcKind = (typeof UC_KINDS)[number];

/** A securable named by its kind and full name (`main`, `main.features`, `main.features.churn`). */
export interface SecurableRef {
  readonly kind: UcKind;
  readonly fullName: string;
}

/** One privilege you hold on a securable, as the effective-permissions API reports it. */
export interface EffectivePrivilege {
  readonly privilege: string;
  /** The securable it is inherited from (a catalog or schema above); null when granted on this one. */
  readonly inheritedFrom: SecurableRef | null;
  /** The principal the grant names: your user name, or a group's display name. */
  readonly principal: string;
}

/** A direct grant on a securable (the permissions API): who holds what there, for who can fix it. */
export interface UcGrant {
  readonly principal: string;
  readonly privileges: readonly string[];
}

/** What the workspace says about one securable of the chain. Every `null` means "could not be read". */
export interface SecurableFacts {
  readonly ref: SecurableRef;
  /** The owner principal (user, group or service principal application id); null when unknown. */
  readonly owner: string | null;
  /** Your effective privileges here; null when they could not be read (`unreadableReason` says why). */
  readonly effective: readonly EffectivePrivilege[] | null;
  /** Direct grants on this securable; null when they could not be read. */
  readonly grants: readonly UcGrant[] | null;
  /**
   * Privileges the workspace said you lack here, in its own refusal of a read of this securable
   * (`User does not have USE SCHEMA on Schema 'main.features'`): a "no" it decided with ownership
   * and every grant weighed, even where the owner could not be read.
   */
  readonly deniedPrivileges?: readonly string[];
  /** Why `effective` or `grants` is null: shown as the reason of an unknown link. */
  readonly unreadableReason?: string;
  /** Catalogs: whether this workspace may use it (workspace bindings); null when unknown. */
  readonly boundToThisWorkspace?: boolean | null;
  /** Tables: a row filter or column masks apply (you may read, but filtered); null when the table could not be read. */
  readonly rowFilter?: boolean | null;
  readonly columnMasks?: boolean | null;
}

/** Everything the model needs for one question: the chain from the catalog down to the object. */
export interface ChainFacts {
  readonly subject: Subject;
  readonly object: SecurableRef;
  readonly action: string;
  /** Catalog first, then schema (absent for a catalog), then the object itself (absent when it is the schema). */
  readonly steps: readonly SecurableFacts[];
  /** Metastore admins: who can grant anything; null when unknown. */
  readonly metastoreAdmins?: readonly string[] | null;
}

/** One link of the privilege chain in the `why` document. */
export interface ChainLink {
  /** `catalog:main`, `schema:main.features`, `table:main.features.churn` */
  readonly securable: string;
  readonly privilege: string;
  /** null: could not be read (the blockers say why); never a guess. */
  readonly held: boolean | null;
  /** `group:data-scientists`, `user:alice@…`, `owner`, `inherited:catalog:main`, or null when not held. */
  readonly via: string | null;
}

/** The `why` document for a Unity Catalog securable (docs/cli.md). */
export interface UcVerdict {
  readonly kind: UcKind;
  readonly id: string;
  readonly name: string;
  readonly action: string;
  readonly allowed: boolean | null;
  /** The object's own privilege the action needs (the chain's last link), e.g. `SELECT`. */
  readonly required: string;
  /** The privileges you hold on the object itself. */
  readonly granted: readonly string[];
  readonly chain: readonly ChainLink[];
  readonly blockers: readonly Blocker[];
  readonly remedies: readonly string[];
  readonly summary: string;
}

export function isUcKind(kind: string): kind is UcKind {
  return (UC_KINDS as readonly string[]).includes(kind);
}

/** `catalog:main` */
export function securableLabel(ref: SecurableRef): string {
  return `${ref.kind}:${ref.fullName}`;
}
