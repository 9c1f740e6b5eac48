import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog, defaultCliAuditPath } from '../../../src/core/audit/auditLog';

describe('audit log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'audit-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const who = { entra: { objectId: 'oid-1', upn: 'alice@contoso.com', tenantId: 'tid-1' }, databricks: { host: 'https://adb-1.2.azuredatabricks.net', userName: 'alice@contoso.com' } };

  it('appends one JSON line per event naming both identities, and never a token', async () => {
    const log = new AuditLog(path.join(dir, 'audit.jsonl'));
    await log.append({ event: 'sign-in', source: 'cli', outcome: 'ok', ...who });
    await log.append({ event: 'exchange', source: 'cli', outcome: 'error', code: 'TOKEN_EXCHANGE_FAILED', detail: 'subject_token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl rejected', ...who });
    const text = await fs.readFile(path.join(dir, 'audit.jsonl'), 'utf8');
    assert.equal(text.trim().split('\n').length, 2);
    assert.ok(!text.includes('eyJhbGciOiJSUzI1NiJ9'), 'the token in the detail was redacted');
    const events = await log.read();
    assert.deepEqual(events.map((e) => [e.event, e.outcome, e.entra?.upn, e.databricks?.userName]), [
      ['sign-in', 'ok', 'alice@contoso.com', 'alice@contoso.com'],
      ['exchange', 'error', 'alice@contoso.com', 'alice@contoso.com'],
    ]);
    assert.equal((await fs.stat(path.join(dir, 'audit.jsonl'))).mode & 0o777, 0o600);
  });

  it('keeps every line when many writers append at once', async () => {
    const file = path.join(dir, 'audit.jsonl');
    const a = new AuditLog(file);
    const b = new AuditLog(file);
    await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).append({ event: 'refresh', source: i % 2 ? 'cli' : 'vscode', outcome: 'ok', detail: `n${i}` })));
    const events = await a.read();
    assert.equal(events.length, 200);
    assert.equal(new Set(events.map((e) => e.detail)).size, 200);
  });

  it('skips a line cut by a crash and keeps the earlier ones', async () => {
    const file = path.join(dir, 'audit.jsonl');
    const log = new AuditLog(file);
    await log.append({ event: 'sign-in', source: 'cli', outcome: 'ok' });
    await fs.appendFile(file, '{"time":"2026-11-28T00:00:00Z","event":"refr');
    await log.append({ event: 'sign-out', source: 'cli', outcome: 'ok' });
    const events = await log.read();
    assert.deepEqual(events.map((e) => e.event), ['sign-in', 'sign-out']);
  });

  it('rotates by size, keeps N files, and reads across them oldest first', async () => {
    const file = path.join(dir, 'audit.jsonl');
    const log = new AuditLog(file, { maxBytes: 600, keep: 2 });
    for (let i = 0; i < 30; i++) await log.append({ event: 'refresh', source: 'cli', outcome: 'ok', detail: `event-${String(i).padStart(2, '0')}` });
    const names = (await fs.readdir(dir)).sort();
    assert.deepEqual(names, ['audit.1.jsonl', 'audit.2.jsonl', 'audit.jsonl']);
    for (const name of names) assert.ok((await fs.stat(path.join(dir, name))).size <= 600);
    const details = (await log.read()).map((e) => e.detail);
    assert.equal(details.at(-1), 'event-29');
    assert.deepEqual(details, [...details].sort(), 'oldest first');
    assert.ok(details.length < 30, 'the oldest rotated out');
  });

  it('filters by event and time', async () => {
    const log = new AuditLog(path.join(dir, 'audit.jsonl'));
    await log.append({ event: 'sign-in', source: 'cli', outcome: 'ok', time: '2026-01-01T00:00:00.000Z' });
    await log.append({ event: 'doctor', source: 'cli', outcome: 'ok', time: '2026-06-01T00:00:00.000Z' });
    assert.equal((await log.read({ event: 'doctor' })).length, 1);
    assert.equal((await log.read({ since: new Date('2026-03-01') })).length, 1);
  });

  it('lives in the XDG state folder for the CLI', () => {
    assert.equal(defaultCliAuditPath({ XDG_STATE_HOME: '/s' }, 'linux'), '/s/access-lens/audit.jsonl');
    assert.equal(defaultCliAuditPath({ ACCESS_LENS_AUDIT_FILE: '/x/a.jsonl' }, 'linux'), '/x/a.jsonl');
  });

  it('loses no file when two processes rotate it at once (issue 12)', async function () {
    this.timeout(60_000);
    const file = path.join(dir, 'audit.jsonl');
    const perProcess = 400;
    // Small files and room for all of them: every line written must still be there afterwards.
    const script = `
      const { AuditLog } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/core/audit/auditLog.js'))});
      const log = new AuditLog(process.argv[1], { maxBytes: 3000, keep: 200 });
      (async () => {
        for (let i = 0; i < ${perProcess}; i++) await log.append({ event: 'refresh', source: 'cli', outcome: 'ok', detail: process.argv[2] + '-' + i });
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const run = (name: string): Promise<void> =>
      new Promise((resolve, reject) => execFile(process.execPath, ['-e', script, file, name], { timeout: 50_000 }, (error, _out, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve())));
    await Promise.all([run('a'), run('b'), run('c')]);
    const events = await new AuditLog(file, { keep: 200 }).read();
    const details = new Set(events.map((e) => e.detail));
    const missing = ['a', 'b', 'c'].flatMap((p) => Array.from({ length: perProcess }, (_, i) => `${p}-${i}`)).filter((d) => !details.has(d));
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} of ${3 * perProcess} events lost`);
    assert.equal(events.length, 3 * perProcess);
    const rotated = (await fs.readdir(dir)).filter((f) => /^audit\.\d+\.jsonl$/.test(f));
    assert.ok(rotated.length > 10, `it rotated (${rotated.length} files)`);
    assert.ok(!(await fs.readdir(dir)).some((f) => f.includes('.lock')), 'no lock file is left behind');
  });
});
