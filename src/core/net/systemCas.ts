/**
 * The OS trust store, so a company CA installed the way the OS expects
 * (update-ca-certificates, the Keychain, the Windows store) is trusted without
 * NODE_EXTRA_CA_CERTS. Node trusts only its bundled Mozilla roots unless
 * started with --use-system-ca, which neither the CLI (Node 20) nor the VS Code
 * extension host is.
 *
 * Where the certificates come from:
 * - `tls.getCACertificates('system')` when the running Node has it (≥ 22.15 /
 *   23.3): the Keychain on macOS, the Windows certificate store, and on Linux
 *   OpenSSL's defaults (SSL_CERT_FILE or /etc/ssl/cert.pem, SSL_CERT_DIR or
 *   /etc/ssl/certs).
 * - Also on Linux and the other Unixes, always (older Nodes have no such API,
 *   and /etc/ssl/cert.pem is missing on Debian and Red Hat): OpenSSL's own
 *   conventions, read here. `SSL_CERT_FILE` replaces the distribution bundle,
 *   `SSL_CERT_DIR` (a `:`-separated list) adds the PEM files of those folders.
 * - On macOS and Windows with an older Node (the CLI on Node 20) nothing is
 *   read: reading the Keychain or the Windows store needs a native module or a
 *   child process per start. There the OS store is reached through
 *   NODE_EXTRA_CA_CERTS, or inside VS Code through its own certificate patch
 *   (`http.systemCertificates`), which adds the OS roots to our TLS sockets.
 *   SSL_CERT_FILE / SSL_CERT_DIR are still honoured there when set.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';

/** The distributions' bundles, first one present wins (Debian/Ubuntu, Fedora/RHEL, openSUSE, RHEL's extracted store). */
export const DISTRO_BUNDLES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
];

export interface SystemCaOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  /** Node's reader of the OS store; by default `tls.getCACertificates('system')` where it exists. */
  readonly nodeSystemCas?: (() => readonly string[]) | null;
  /** Bundles tried when SSL_CERT_FILE is not set; by default DISTRO_BUNDLES. */
  readonly bundles?: readonly string[];
  /** Certificates trusted anyway (by default Node's bundled roots): left out, so only what the OS adds is parsed and returned. */
  readonly alreadyTrusted?: readonly string[];
}

export interface SystemCas {
  /** The certificates the OS store adds to `alreadyTrusted`. */
  readonly pems: string[];
  /** Where certificates came from, for the log ("/etc/ssl/certs/ca-certificates.crt: 140"). */
  readonly sources: string[];
  /** Paths the user named that could not be read, for a warning in the log. */
  readonly problems: string[];
}

/** Limits what one file may cost at every start: a bundle is ~200 KB, a PEM a few KB. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_DIR_FILES = 2000;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/** `ACCESS_LENS_SYSTEM_CERTIFICATES=false` (or 0, off, no) turns the OS store off, like VS Code's `http.systemCertificates`. */
export function systemCertificatesEnabled(env: NodeJS.ProcessEnv): boolean {
  return !switchedOff(env.ACCESS_LENS_SYSTEM_CERTIFICATES);
}

/** A switch variable set to false, 0, off or no (any case); anything else, unset included, leaves it on. */
export function switchedOff(value: string | undefined): boolean {
  return ['0', 'false', 'off', 'no'].includes((value ?? '').trim().toLowerCase());
}

/** The certificate blocks of a PEM text (not yet parsed). */
export function certificatesInPem(text: string): string[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => m[0]);
}

/** Whether OpenSSL can read it: a stray or broken block is dropped instead of failing every TLS context, as OpenSSL skips a bad bundle entry. */
function parses(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/** A key that is the same for one certificate however its PEM is wrapped. */
export function pemKey(pem: string): string {
  return pem.replace(/\s+/g, '');
}

export function uniquePems(pems: Iterable<string>): string[] {
  const seen = new Set<string>();
  // The same text met again (a folder's hashed links, Node's reader of the same store) is skipped
  // before its key is built: 576 blocks from Node's reader here, 144 certificates.
  const texts = new Set<string>();
  const out: string[] = [];
  for (const pem of pems) {
    if (texts.has(pem)) continue;
    texts.add(pem);
    const key = pemKey(pem);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(pem);
  }
  return out;
}

function readPemFile(file: string): string[] {
  if (statSync(file).size > MAX_FILE_BYTES) return [];
  return certificatesInPem(readFileSync(file, 'utf8'));
}

/** OpenSSL's hashed links (`9d66eef0.0`) and the usual certificate file names; other files in the folder are not certificates. */
function looksLikeCertificateFile(name: string): boolean {
  return /^[0-9a-f]{8}\.\d+$/i.test(name) || /\.(pem|crt|cer)$/i.test(name);
}

function readPemDir(dir: string): string[] {
  const out: string[] = [];
  const names = readdirSync(dir).filter(looksLikeCertificateFile).sort().slice(0, MAX_DIR_FILES);
  for (const name of names) {
    try {
      out.push(...readPemFile(path.join(dir, name)));
    } catch {
      // A dangling link or an unreadable file: the others still count.
    }
  }
  return out;
}

function defaultNodeSystemCas(): (() => readonly string[]) | null {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return typeof get === 'function' ? () => get('system') : null;
}

export function loadSystemCas(options: SystemCaOptions): SystemCas {
  const { env } = options;
  const platform = options.platform ?? process.platform;
  const pems: string[] = [];
  const sources: string[] = [];
  const problems: string[] = [];
  const add = (source: string, found: readonly string[]): void => {
    pems.push(...found);
    sources.push(`${source}: ${found.length}`);
  };

  const fromNode = options.nodeSystemCas === undefined ? defaultNodeSystemCas() : options.nodeSystemCas;
  let nodeRead = false;
  if (fromNode) {
    try {
      add('the OS store (Node)', fromNode());
      nodeRead = true;
    } catch (error) {
      problems.push(`Node could not read the OS certificate store: ${(error as Error).message}`);
    }
  }

  const unixLike = platform !== 'win32' && platform !== 'darwin';
  // On Linux and the other Unixes Node's reader is OpenSSL's default file and folder, and it reads
  // SSL_CERT_FILE and SSL_CERT_DIR instead of them when set (checked with Node 24: a certificate in
  // either is in its answer). Reading them again here cost 15 ms per start for /etc/ssl/certs; they
  // are only checked for the log's warning.
  const readByNode = nodeRead && unixLike;
  const certFile = env.SSL_CERT_FILE?.trim();
  if (certFile) {
    try {
      if (readByNode) {
        statSync(certFile);
        sources.push(`${certFile}: read by Node's reader`);
      } else add(certFile, readPemFile(certFile));
    } catch (error) {
      problems.push(`SSL_CERT_FILE names ${certFile}, which could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
  } else if (unixLike) {
    for (const bundle of options.bundles ?? DISTRO_BUNDLES) {
      try {
        add(bundle, readPemFile(bundle));
        break;
      } catch {
        // Not this distribution's layout: try the next.
      }
    }
  }
  for (const dir of (env.SSL_CERT_DIR ?? '').split(platform === 'win32' ? ';' : ':').map((d) => d.trim()).filter(Boolean)) {
    try {
      if (readByNode) {
        readdirSync(dir);
        sources.push(`${dir}: read by Node's reader`);
      } else add(dir, readPemDir(dir));
    } catch (error) {
      problems.push(`SSL_CERT_DIR names ${dir}, which could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
  }
  // A distribution bundle is mostly Mozilla's roots, which Node bundles too: parsing only what is
  // new keeps this to a few milliseconds per start instead of a hundred.
  const known = new Set((options.alreadyTrusted ?? tls.rootCertificates).map(pemKey));
  const added = uniquePems(pems).filter((pem) => !known.has(pemKey(pem)) && parses(pem));
  return { pems: added, sources, problems };
}
