/**
 * Doctor check `group-sync`: for every group your token says you are in,
 * find its workspace twin (by externalId, else by display name, as the access
 * model matches them; access/symmetry.ts) and check that the workspace lists
 * you as a member. A twin that does not is a partial SCIM sync. When your
 * groups are unknown (no claim in any token, an overage marker and no
 * Microsoft Graph) the check warns that it could not run: finding nothing in
 * no data is not a pass.
 */
import type { IdentityProviderKind } from '../config';
import type { IdpGroups } from '../access/types';
import { describeIdpGroupSource } from '../identity/idpGroups';
import { AuthorizedHttp } from '../workspace/authorizedHttp';
import { getJson } from '../workspace/jsonCall';
import { scimEquals } from '../workspace/scim';
import type { ScimGroupListAnswer } from '../workspace/apiModels';
import type { CheckResult } from './check';


export interface GroupSyncInput {
  readonly call: AuthorizedHttp;
  readonly host: string;
  /** Your identity provider's groups, where they came from, or why they are unknown. */
  readonly groups: IdpGroups;
  /** Ids of the workspace groups you are a member of (nesting included). */
  readonly memberOf: ReadonlySet<string>;
  readonly provider: IdentityProviderKind;
}

async function findGroups(input: GroupSyncInput, attribute: 'externalId' | 'displayName', value: string): Promise<{ id?: string; displayName?: string }[]> {
  const filter = encodeURIComponent(scimEquals(attribute, value));
  const found = await getJson<ScimGroupListAnswer>(input.call, input.host, `/api/2.0/preview/scim/v2/Groups?filter=${filter}&attributes=id,displayName`);
  return found.Resources ?? [];
}

export async function checkGroupSync(input: GroupSyncInput): Promise<CheckResult> {
  const entra = input.provider !== 'oidc';
  const groupWord = entra ? 'Entra group' : 'identity provider group';
  if (input.groups.state === 'unknown') {
    return { id: 'group-sync', status: 'warn', message: `Group sync could not be checked: ${input.groups.reason}.`, fix: input.groups.howToEnable };
  }
  const claims = input.groups.ids;
  const from = describeIdpGroupSource(input.groups);
  if (claims.length === 0) return { id: 'group-sync', status: 'pass', message: `${from[0]!.toUpperCase()}${from.slice(1)} lists you in no ${groupWord}s: there is no membership to sync.` };
  const partial: string[] = [];
  let twins = 0;
  for (const claim of claims) {
    let found = await findGroups(input, 'externalId', claim);
    // OIDC providers name their groups in the token: a claim no externalId matches is matched by name.
    if (found.length === 0) found = await findGroups(input, 'displayName', claim);
    for (const twin of found) {
      twins++;
      if (twin.id && !input.memberOf.has(twin.id)) partial.push(`"${twin.displayName ?? twin.id}" (${groupWord} ${claim})`);
    }
  }
  if (partial.length > 0) {
    return {
      id: 'group-sync',
      status: 'fail',
      message: `Partial SCIM sync: you are in the ${groupWord}s behind ${partial.join(', ')} (your groups from ${from}), but not a member of ${partial.length === 1 ? 'that workspace group' : 'those workspace groups'}.`,
      fix: entra
        ? 'Ask your Entra admin to check the Databricks SCIM provisioning logs and provision you on demand.'
        : 'Ask the administrator of your identity provider to check its SCIM provisioning to Databricks (Okta: the Databricks app → Push Groups) and push the group again.',
    };
  }
  return { id: 'group-sync', status: 'pass', message: `${twins} of your ${claims.length} ${groupWord}s (from ${from}) have a workspace twin, and you are a member of each.` };
}
