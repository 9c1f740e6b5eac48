/**
 * The sign-in address comes from the identity provider's discovery document,
 * so it is not trusted: before any opener sees it, it must be an `https:` URL,
 * or `http:` to this computer (a loopback redirect or a local test provider).
 * Anything else (`file:`, `javascript:`, a command in disguise) is refused.
 */
import { IdentityError } from './identityError';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The URL in its normalised form (no spaces, quotes or control characters left), or an IdentityError. */
export function browserSafeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refused(url, 'it is not a valid URL');
  }
  if (parsed.protocol === 'https:') return parsed.href;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return parsed.href;
  throw refused(url, parsed.protocol === 'http:' ? 'plain http is accepted only for this computer' : `the scheme ${parsed.protocol} is not https`);
}

function refused(url: string, why: string): IdentityError {
  const shown = url.length > 120 ? `${url.slice(0, 120)}…` : url;
  return new IdentityError(
    'SIGN_IN_FAILED',
    `The identity provider asked Access Lens to open ${JSON.stringify(shown)}, which it refuses to open because ${why}. Check the issuer or authority setting, and ask the provider's administrator to publish an https sign-in address.`,
    false,
    undefined,
  );
}
