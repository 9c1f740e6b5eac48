// A throwaway certificate authority for the sandbox. Every sandbox start makes
// a fresh CA and one server certificate for 127.0.0.1/localhost, so clients
// exercise real TLS verification (NODE_EXTRA_CA_CERTS or an https.Agent({ca}))
// instead of turning verification off.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import forge from 'node-forge';

export interface SandboxCertificates {
  /** Absolute path of the CA certificate (PEM); hand it to clients. */
  caPath: string;
  caPem: string;
  /** Server certificate and key, for https.createServer. */
  serverCertPem: string;
  serverKeyPem: string;
}

/**
 * Creates the CA and the server certificate and writes the CA PEM into `dir`. The certificate names
 * 127.0.0.1, localhost, `extraIps` (another loopback address the sandbox listens on) and `extraDnsNames`
 * (a name a test proxy maps to loopback).
 */
export function createSandboxCertificates(dir: string, extraIps: readonly string[] = [], extraDnsNames: readonly string[] = []): SandboxCertificates {
  const caKeys = generateForgeKeyPair();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = caKeys.publicKey;
  caCert.serialNumber = randomSerial();
  setValidity(caCert, 365);
  const caSubject = [
    { name: 'commonName', value: 'Access Lens Sandbox CA' },
    { name: 'organizationName', value: 'Access Lens test sandbox' },
  ];
  caCert.setSubject(caSubject);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = generateForgeKeyPair();
  const serverCert = forge.pki.createCertificate();
  serverCert.publicKey = serverKeys.publicKey;
  serverCert.serialNumber = randomSerial();
  setValidity(serverCert, 30);
  serverCert.setSubject([{ name: 'commonName', value: '127.0.0.1' }]);
  serverCert.setIssuer(caSubject);
  serverCert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // Both forms, because clients reach the sandbox as 127.0.0.1 and as localhost.
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }, ...[...new Set(extraIps)].filter((ip) => ip !== '127.0.0.1').map((ip) => ({ type: 7, ip })), ...extraDnsNames.map((value) => ({ type: 2, value }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  serverCert.sign(caKeys.privateKey, forge.md.sha256.create());

  const caPem = forge.pki.certificateToPem(caCert);
  fs.mkdirSync(dir, { recursive: true });
  const caPath = path.resolve(dir, 'sandbox-ca.pem');
  fs.writeFileSync(caPath, caPem);
  return {
    caPath,
    caPem,
    serverCertPem: forge.pki.certificateToPem(serverCert),
    serverKeyPem: forge.pki.privateKeyToPem(serverKeys.privateKey),
  };
}

// node's native RSA generation takes milliseconds where forge's pure-JS one
// takes seconds; forge only needs the keys as objects, so go through PEM.
function generateForgeKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
  };
}

function setValidity(cert: forge.pki.Certificate, days: number): void {
  // Start a little in the past so a client clock slightly behind ours still accepts it.
  cert.validity.notBefore = new Date(Date.now() - 5 * 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * 24 * 3600_000);
}

// A positive serial: a leading 0x00-0x7f byte keeps the DER integer non-negative.
function randomSerial(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}
