// Identifier helpers. Random ones for secrets (codes, tokens); stable ones,
// derived from a name, so a scenario without explicit ids gives the same ids
// on every run (tests and screenshots can rely on them).
import * as crypto from 'node:crypto';

export function randomGuid(): string {
  return crypto.randomUUID();
}

/** An unguessable opaque value, base64url. */
export function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function stableGuid(seed: string): string {
  const h = crypto.createHash('sha256').update(seed).digest('hex');
  // Version 4 / variant 10 bits so it looks like any other Entra object id.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A numeric string like Databricks SCIM ids (users and groups), `digits` long, no leading zero. */
export function stableNumericId(seed: string, digits = 16): string {
  const h = crypto.createHash('sha256').update(seed).digest();
  let out = String((h[0]! % 9) + 1);
  for (let i = 1; out.length < digits; i++) out += String(h[i % h.length]! % 10);
  return out;
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
