/**
 * Service principals as a workspace shows them (docs/verdicts.md#service-principals): the display
 * name behind an application id (SCIM ServicePrincipals), the account the workspace belongs to,
 * and the service principal's rule set (the workspace's proxy of the account access-control API,
 * `GET /api/2.0/preview/accounts/access-control/rule-sets`), judged by access/servicePrincipalUse.ts.
 */
import { RuleSetState, ServicePrincipalRef, ServicePrincipalVerdict, evaluateServicePrincipalUse } from '../access/servicePrincipalUse';
import type { Subject } from '../access/types';
import { readErrorBody } from './apiError';
import { isRecord } from './answerShape';
import { scimEquals } from './scim';
import type { WorkspaceClient } from './workspaceClient';

type Reader = Pick<WorkspaceClient, 'rawGet'>;

function json(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** The service principal with this application id, its display name undefined when SCIM cannot say (not found, or not readable). */
export async function findServicePrincipal(client: Reader, applicationId: string): Promise<ServicePrincipalRef & { readonly found: boolean | null }> {
  const filter = scimEquals('applicationId', applicationId);
  const response = await client.rawGet(`/api/2.0/preview/scim/v2/ServicePrincipals?filter=${encodeURIComponent(filter)}&attributes=applicationId,displayName`);
  const body = response.status === 200 ? json(response.body) : undefined;
  if (!isRecord(body)) return { applicationId, displayName: undefined, found: null };
  const match = (Array.isArray(body.Resources) ? body.Resources : []).find((r) => isRecord(r) && typeof r.applicationId === 'string' && r.applicationId.toLowerCase() === applicationId.toLowerCase());
  return { applicationId, displayName: isRecord(match) && typeof match.displayName === 'string' ? match.displayName : undefined, found: match !== undefined };
}

/**
 * The workspace's account id, which the rule set's name needs: from `/.well-known/databricks-config`
 * (`account_id`), else from your transitive parent groups, whose entries carry `account_id`.
 */
export async function workspaceAccountId(client: Reader, meId: string | undefined): Promise<string | undefined> {
  const config = await client.rawGet('/.well-known/databricks-config').catch(() => undefined);
  const fromConfig = config?.status === 200 ? json(config.body) : undefined;
  if (isRecord(fromConfig) && typeof fromConfig.account_id === 'string' && fromConfig.account_id !== '') return fromConfig.account_id;
  if (!meId) return undefined;
  const groups = await client.rawGet(`/api/2.0/identity/principals/${encodeURIComponent(meId)}/transitive-parent-groups?page_size=1`).catch(() => undefined);
  const list = groups?.status === 200 ? json(groups.body) : undefined;
  const first = isRecord(list) && Array.isArray(list.transitive_parent_groups) ? list.transitive_parent_groups[0] : undefined;
  return isRecord(first) && typeof first.account_id === 'string' && first.account_id !== '' ? first.account_id : undefined;
}

/**
 * A rule set answer (`{name, etag, grant_rules: [{role, principals: [...]}]}`). JSON leaves out an
 * empty `grant_rules`, so a rule set that names itself without rules has none; anything else that
 * does not read as rules (a renamed field, a rule without a role or principals) is unreadable with
 * the reason, never "no rules", which would read as a deny.
 */
export function parseRuleSet(body: unknown): RuleSetState {
  if (!isRecord(body)) return { state: 'unreadable', reason: 'the rule set answer was not a JSON object' };
  if (body.grant_rules === undefined) {
    return typeof body.name === 'string' || typeof body.etag === 'string' ? { state: 'readable', rules: [] } : { state: 'unreadable', reason: 'the rule set answer has neither grant_rules nor a name' };
  }
  if (!Array.isArray(body.grant_rules)) return { state: 'unreadable', reason: 'its grant_rules are not a list' };
  const rules: { role: string; principals: string[] }[] = [];
  for (const [index, rule] of (body.grant_rules as unknown[]).entries()) {
    // An empty principals list is left out as grant_rules is.
    const principals = isRecord(rule) ? (rule.principals === undefined ? [] : Array.isArray(rule.principals) ? (rule.principals as unknown[]) : undefined) : undefined;
    if (!isRecord(rule) || typeof rule.role !== 'string' || !principals || !principals.every((p): p is string => typeof p === 'string')) {
      return { state: 'unreadable', reason: `grant rule ${index} has no role or no list of principals` };
    }
    rules.push({ role: rule.role, principals });
  }
  return { state: 'readable', rules };
}

/** The service principal's default rule set: its grant rules, or why they cannot be read. */
export async function servicePrincipalRuleSet(client: Reader, accountId: string, applicationId: string): Promise<RuleSetState> {
  const name = `accounts/${accountId}/servicePrincipals/${applicationId}/ruleSets/default`;
  // An empty etag asks for the current version, with no freshness requirement.
  const response = await client.rawGet(`/api/2.0/preview/accounts/access-control/rule-sets?${new URLSearchParams({ name, etag: '' })}`);
  if (response.status === 200) return parseRuleSet(json(response.body));
  const error = readErrorBody(response);
  if (response.status === 404 || error.errorCode === 'RESOURCE_DOES_NOT_EXIST' || error.errorCode === 'NOT_FOUND') return { state: 'notFound' };
  return { state: 'unreadable', reason: `HTTP ${response.status}${error.errorCode ? ` ${error.errorCode}` : ''}: ${error.message}` };
}

/** Whether you may use (run as, deploy as) the service principal: SCIM for its name, then its rule set. */
export async function servicePrincipalUse(client: Reader, subject: Pick<Subject, 'userName' | 'groups'>, meId: string | undefined, applicationId: string): Promise<ServicePrincipalVerdict> {
  const [sp, accountId] = await Promise.all([findServicePrincipal(client, applicationId), workspaceAccountId(client, meId)]);
  if (!accountId) {
    return evaluateServicePrincipalUse(subject, sp, { state: 'unreadable', reason: 'the workspace did not tell its account id (/.well-known/databricks-config), which the rule set is named by' });
  }
  return evaluateServicePrincipalUse(subject, sp, await servicePrincipalRuleSet(client, accountId, applicationId));
}
