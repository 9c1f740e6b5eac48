// Federation policies beyond the fake Entra: a Databricks account can trust
// several identity providers, each with its issuer, audiences and subject
// claim. Like Databricks, the workspace finds the provider's keys through its
// discovery document (<issuer>/.well-known/openid-configuration → jwks_uri),
// over HTTPS with the sandbox CA, and reads them again when a token names a
// key it does not know (key rotation).
import * as https from 'node:https';
import type { Jwk } from '../jwt';
import type { FederationPolicy } from '../scenario';

export interface TrustedIssuer {
  readonly policy: Required<FederationPolicy>;
  /** The provider's public keys; `refresh` reads them again. */
  keys(refresh?: boolean): Promise<Jwk[]>;
}

function getJson(url: string, ca: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
          try {
            resolve(JSON.parse(text) as Record<string, unknown>);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      })
      .on('error', reject);
  });
}

/** A policy whose keys come from the issuer's discovery document. */
export function trustedIssuer(policy: Required<FederationPolicy>, caPem: string): TrustedIssuer {
  let cached: Promise<Jwk[]> | undefined;
  const load = async (): Promise<Jwk[]> => {
    const metadata = await getJson(`${policy.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, caPem);
    if (typeof metadata.jwks_uri !== 'string') throw new Error(`${policy.issuer} has no jwks_uri`);
    const jwks = await getJson(metadata.jwks_uri, caPem);
    return Array.isArray(jwks.keys) ? (jwks.keys as Jwk[]) : [];
  };
  return {
    policy,
    keys: (refresh = false) => {
      if (!cached || refresh) {
        const pending = load();
        cached = pending;
        pending.catch(() => {
          if (cached === pending) cached = undefined;
        });
      }
      return cached;
    },
  };
}
