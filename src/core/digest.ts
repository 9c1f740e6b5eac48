import * as crypto from 'node:crypto';

/** `crypto.hash` (Node 20.12 and later; every VS Code this extension supports has it). */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex' | 'base64url') => string }).hash;

/**
 * SHA-256 of a text in one call. `crypto.hash` builds no Hash object: each `createHash` is a
 * native object holding an OpenSSL context, freed only when a garbage collection finds it dead, by
 * a weak-handle callback inside the pause. At one per permission row (the verdict cache's ACL
 * fingerprint) those callbacks took 10-17 ms of the extension host's longer minor collections
 * while 100,000 objects filled (`perf record` of the host: `node::crypto::Hash::~Hash` under
 * `GlobalHandles::InvokeFirstPassWeakCallbacks`; docs/architecture.md, "100,000 objects").
 */
export function sha256(text: string, encoding: 'hex' | 'base64url'): string {
  return oneShot ? oneShot('sha256', text, encoding) : crypto.createHash('sha256').update(text).digest(encoding);
}
