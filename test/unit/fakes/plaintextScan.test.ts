// The scanner the no-plaintext tests rely on: it must find a token whole, cut
// short or embedded in other bytes, and must not flag what is not secret.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTokenPieces } from '../../e2e/plaintextScan';

const b64 = (bytes: number): string => crypto.randomBytes(bytes).toString('base64url');

describe('test tooling: findTokenPieces', () => {
  let dir: string;
  // Built at runtime: a JWT-shaped token (header.claims.signature), an Entra-style refresh token, an opaque one.
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
  const jwt = `${header}.${b64(300)}.${b64(256)}`;
  const refresh = `1.${b64(96)}`;
  const opaque = b64(48);
  const tokens = [
    { kind: 'entra-access', token: jwt },
    { kind: 'entra-refresh', token: refresh },
    { kind: 'databricks', token: opaque },
  ];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-lens-scan-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };

  it('finds a whole token in JSON, 47 characters of a signature among binary bytes, and a refresh token cut short', async () => {
    const json = write('state/a.json', JSON.stringify({ value: opaque }));
    const signature = jwt.split('.')[2]!;
    const binary = write('deep/er/b.ldb', Buffer.concat([crypto.randomBytes(500), Buffer.from(signature.slice(100, 147)), crypto.randomBytes(500)]));
    const cut = write('c.log', `token=${refresh.slice(0, 60)}…`);
    const found = await findTokenPieces(tokens, [dir]);
    assert.deepEqual(found.map((f) => [f.file, f.kind]).sort(), [[binary, 'entra-access'], [cut, 'entra-refresh'], [json, 'databricks']].sort());
  });

  it('does not flag a JWT\'s header and claims (not secret), other random text, or the keyring\'s own files', async () => {
    write('claims.txt', jwt.split('.').slice(0, 2).join('.'));
    write('other.txt', b64(400));
    write('keyrings/login.keyring', opaque);
    assert.deepEqual(await findTokenPieces(tokens, [dir]), []);
  });

  it('scans a single file given as a root', async () => {
    const file = write('extension.log', `refreshed ${opaque}`);
    assert.deepEqual((await findTokenPieces(tokens, [file])).map((f) => f.file), [file]);
  });
});
