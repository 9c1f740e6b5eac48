/**
 * MSAL and openid-client, loaded on first use rather than when the extension loads: together they
 * are about a fifth of the extension bundle, and only a sign-in, a silent refresh or an account
 * lookup needs them. The extension build (scripts/build.mjs, "lazy-libraries") turns these
 * `require` calls into requires of separate bundles, dist/lib/*.js, so the extension bundle does not
 * even parse them at activation; elsewhere (the CLI bundle, the compiled tests) they are plain
 * requires. See docs/architecture.md, "Activation".
 */
export type Msal = typeof import('@azure/msal-node');
export type OpenIdClient = typeof import('openid-client');

let msal: Msal | undefined;
let openIdClient: OpenIdClient | undefined;

export function loadMsal(): Msal {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (msal ??= require('@azure/msal-node') as Msal);
}

export function loadOpenIdClient(): OpenIdClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (openIdClient ??= require('openid-client') as OpenIdClient);
}
