import { sha256 } from '../digest';

/**
 * A value (an account id, a host name) as it may appear in a file or a file name: 24 hex characters
 * of its SHA-256, so a folder listing or a state file names no account or workspace. The verdict
 * cache's file names and the pace file's keys both use it.
 */
export function hashedName(value: string): string {
  return sha256(value, 'hex').slice(0, 24);
}
