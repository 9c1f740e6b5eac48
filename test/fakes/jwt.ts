// RS256 JSON Web Tokens with node:crypto only: the fake IdP signs with a
// SigningKey, the fake workspace verifies against the JWKS the IdP publishes.

/**
 * A 2048-bit RSA key pair as KeyObjects of their own. Node 20 can deadlock when a garbage collection
 * runs inside KeyObject.export({format: 'jwk'}) on a key that came straight from generateKeyPairSync:
 * the collected key-generation job locks the key's mutex that the export holds (seen here: an e2e run
 * hung forever in ~KeyGenJob under ExportJWK). Going through PEM gives keys that share nothing with the job.
 */
export function generateRsaKeyPair(): { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject } {
  const pem = crypto.generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  return { privateKey: crypto.createPrivateKey(pem.privateKey), publicKey: crypto.createPublicKey(pem.publicKey) };
}
import * as crypto from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

export interface Jwk {
  kty: string;
  use: string;
  alg: string;
  kid: string;
  n: string;
  e: string;
}

export class SigningKey {
  readonly kid: string;
  private readonly privateKey: crypto.KeyObject;
  private readonly publicJwk: Jwk;

  constructor() {
    const { privateKey, publicKey } = generateRsaKeyPair();
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    // Entra key ids are base64url thumbprints; a thumbprint of the modulus is as good.
    this.kid = crypto.createHash('sha256').update(jwk.n).digest('base64url').slice(0, 27);
    this.publicJwk = { kty: 'RSA', use: 'sig', alg: 'RS256', kid: this.kid, n: jwk.n, e: jwk.e };
  }

  get jwk(): Jwk {
    return { ...this.publicJwk };
  }

  sign(claims: JwtClaims): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.kid };
    const signingInput = `${b64json(header)}.${b64json(claims)}`;
    const signature = crypto.sign('sha256', Buffer.from(signingInput), this.privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }
}

export interface DecodedJwt {
  header: { alg?: string; kid?: string; typ?: string };
  payload: JwtClaims;
  signingInput: string;
  signature: Buffer;
}

/** Splits and parses a compact JWS; null when it is not one. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as DecodedJwt['header'];
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as JwtClaims;
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) return null;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, 'base64url') };
  } catch {
    return null;
  }
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Verifies an RS256 signature against a key set, picking the key by `kid`. */
export function verifySignature(jwt: DecodedJwt, keys: readonly Jwk[]): SignatureCheck {
  if (jwt.header.alg !== 'RS256') return { ok: false, reason: `unsupported signing algorithm ${String(jwt.header.alg)}` };
  const jwk = keys.find((k) => k.kid === jwt.header.kid);
  if (!jwk) return { ok: false, reason: `no signing key with kid ${String(jwt.header.kid)}` };
  const publicKey = crypto.createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  const valid = crypto.verify('sha256', Buffer.from(jwt.signingInput), publicKey, jwt.signature);
  return valid ? { ok: true } : { ok: false, reason: 'signature verification failed' };
}

function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
