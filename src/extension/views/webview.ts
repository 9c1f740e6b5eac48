/** The nonce of a webview's Content-Security-Policy: unguessable, so from the OS's random source. */
import { randomBytes } from 'node:crypto';

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}
