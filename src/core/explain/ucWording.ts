/**
 * Words for a Unity Catalog refusal. Unlike workspace objects (CAN_MANAGE
 * holders grant there), a securable's privileges are granted by its owner,
 * by holders of MANAGE on it or above it, or by a metastore admin; and a
 * read needs the whole chain (USE CATALOG, USE SCHEMA, then the privilege),
 * so the remedy names the exact GRANT to ask for (docs/cli.md "Unity Catalog").
 */
import { actionForPrivilege } from '../catalog/requirements';
import type { UcKind } from '../catalog/types';
import type { ObjectRef } from './explainTypes';
import type { UcDenial } from './ucExtract';

/** Who the GRANT names when nobody is signed in: the asker fills it in. */
export const PRINCIPAL_PLACEHOLDER = '<you>';

/** The SQL keyword of each kind in GRANT … ON <keyword> (registered models are granted as functions). */
const GRANT_KEYWORD: Record<UcKind, string> = {
  catalog: 'CATALOG', schema: 'SCHEMA', table: 'TABLE', volume: 'VOLUME', function: 'FUNCTION', 'registered-model': 'FUNCTION',
};

/** The `why` action for a Unity Catalog securable and the privilege a text names (USE_SCHEMA on a schema → use). */
export function ucWhyAction(kind: UcKind, privilege: string | null): string {
  return actionForPrivilege(kind, privilege);
}

function quoteName(fullName: string): string {
  return fullName.split('.').map((p) => `\`${p.replace(/`/g, '``')}\``).join('.');
}

/** `GRANT USE SCHEMA ON SCHEMA `main`.`features` TO `<you>``: what to ask a grantor to run. */
export function grantStatement(kind: UcKind, fullName: string | null, privilege: string, principal = PRINCIPAL_PLACEHOLDER): string {
  const name = fullName ? quoteName(fullName) : `<${kind === 'registered-model' ? 'model' : kind}>`;
  return `GRANT ${privilege.replace(/_/g, ' ')} ON ${GRANT_KEYWORD[kind]} ${name} TO \`${principal.replace(/`/g, '``')}\`;`;
}

/** Parts of a complete full name: `main`, `main.features`, `main.features.churn`. */
const PARTS: Record<UcKind, number> = { catalog: 1, schema: 2, table: 3, volume: 3, function: 3, 'registered-model': 3 };

/** Where else MANAGE counts: privileges are inherited downwards. */
const ABOVE: Record<UcKind, string> = {
  catalog: '', schema: ' or on its catalog', table: ' or on its schema or catalog', volume: ' or on its schema or catalog',
  function: ' or on its schema or catalog', 'registered-model': ' or on its schema or catalog',
};

function label(kind: UcKind): string {
  return kind === 'registered-model' ? 'registered model' : kind;
}

function named(d: UcDenial): string {
  return d.fullName ? `${label(d.kind)} ${d.fullName}` : `the ${label(d.kind)} (the text does not give its full name)`;
}

export interface UcWords {
  readonly title: string;
  readonly explanation: string;
  readonly remedies: string[];
}

function notBound(d: UcDenial): UcWords {
  const target = d.fullName ? `Catalog ${d.fullName}` : 'The catalog';
  return {
    title: `Catalog ${d.fullName ?? ''} not available in this workspace`.replace('  ', ' '),
    explanation: `${target} is bound to other workspaces only (Unity Catalog workspace bindings): from this workspace nobody can use it, whatever the grants say.`,
    remedies: [
      'Work from a workspace the catalog is bound to.',
      `Or ask the catalog's owner or a metastore admin to bind it to this workspace (Catalog Explorer → the catalog → Workspaces, or \`databricks workspace-bindings update-bindings catalog ${d.fullName ?? '<catalog>'}\`).`,
    ],
  };
}

/**
 * Title, explanation and remedies for a Unity Catalog refusal; `object` is
 * what explain reports (null when the name is cut off), `principal` the
 * signed-in user name for the GRANT, else a placeholder.
 */
export function ucWords(d: UcDenial, object: ObjectRef | null, principal?: string): UcWords {
  if (d.notBound) return notBound(d);
  const privilege = d.privilege ?? 'the privilege';
  const spaced = privilege.replace(/_/g, ' ');
  const target = named(d);
  const partial = d.fullName !== null && d.fullName.split('.').length < PARTS[d.kind];
  const remedies = [
    `Ask the owner of ${target}, someone holding MANAGE on it${ABOVE[d.kind]}, or a metastore admin to grant it to you or one of your groups: ${grantStatement(d.kind, d.fullName, privilege, principal)}`,
    d.privilege === 'USE_CATALOG' || d.privilege === 'USE_SCHEMA'
      ? `${spaced} only lets you reach what is inside: you still need the privilege on the object itself (SELECT on a table, READ VOLUME on a volume, …).`
      : 'A read or write also needs USE CATALOG on the catalog and USE SCHEMA on the schema: ask for those too if you lack them.',
  ];
  // A partial name would send `why` to the wrong securable: the session's current catalog is not in the text.
  if (object && !partial) remedies.push(`Run \`access-lens why ${object.kind} ${object.id} ${ucWhyAction(d.kind, d.privilege)}\` to see which links of the chain you hold, through which groups, and who can grant the missing one.`);
  remedies.push('If one of your Entra groups should already grant it, ask to have that group provisioned to the workspace via SCIM: a grant to a group the workspace has not synced does not reach you.');
  return {
    title: `Missing ${spaced} on ${d.fullName ? `${label(d.kind)} ${d.fullName}` : `a ${label(d.kind)}`}`,
    explanation: `Unity Catalog refused the request: you (or the identity it ran as) lack ${spaced} on ${target}. Unity Catalog checks every step: USE CATALOG on the catalog, USE SCHEMA on the schema, then the privilege on the object; a grant inherited from the catalog or schema counts, as do ownership, ALL PRIVILEGES and MANAGE.${partial ? ' The text names it without its catalog (or schema): it is in the session\'s current catalog and schema, which the text does not say.' : ''}`,
    remedies,
  };
}
