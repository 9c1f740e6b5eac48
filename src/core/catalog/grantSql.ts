/**
 * The GRANT statement to ask for, as Databricks SQL writes it: the privilege with spaces
 * (`USE SCHEMA`), the securable type (`ON TABLE`), each part of the name and the principal in
 * backticks, a backtick inside a name doubled (Databricks SQL reference, "GRANT" and "Names").
 */
import { sqlPrivilege, ucKindRow } from './requirements';
import type { SecurableFacts } from './types';

/** `name` → `` `name` ``; a backtick inside is doubled. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * The quoted full name of the chain's step `index`, split on the names of the steps above it
 * rather than on every dot, so that a dot inside the last name stays in that name.
 */
export function quotedFullName(steps: readonly SecurableFacts[], index: number): string {
  const parts: string[] = [];
  let prefix = '';
  for (let i = 0; i <= index; i++) {
    const full = steps[i]?.ref.fullName ?? '';
    const own = prefix && full.startsWith(`${prefix}.`) ? full.slice(prefix.length + 1) : full;
    parts.push(quoteIdentifier(own));
    prefix = full;
  }
  return parts.join('.');
}

/** `GRANT SELECT ON TABLE `main`.`features`.`churn` TO `alice@contoso.com`` */
export function grantStatement(privilege: string, steps: readonly SecurableFacts[], index: number, principal: string): string {
  const step = steps[index];
  const type = step ? ucKindRow(step.ref.kind).sqlType : '';
  return `GRANT ${sqlPrivilege(privilege)} ON ${type} ${quotedFullName(steps, index)} TO ${quoteIdentifier(principal)}`;
}
