/** The composition root's audit trail, as both front ends now get it from services.ts. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAudit } from '../../src/core/services';
import type { Logger } from '../../src/core/log';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const quiet = (): undefined => undefined;
  return { warnings, trace: quiet, debug: quiet, info: quiet, error: quiet, warn: (message: string) => void warnings.push(message) };
}

describe('services: the audit trail', () => {
  it('records an identity event with the front end as its source', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'al-audit-'));
    const audit = createAudit(path.join(dir, 'audit.jsonl'), 'vscode', recordingLogger());
    await audit.record('sign-in', 'ok', { objectId: 'oid', username: 'alice@contoso.com', tenantId: 'tid' }, { host: 'https://adb-1.azuredatabricks.net' });
    const [event] = await audit.log.read();
    assert.equal(event?.source, 'vscode');
    assert.equal(event?.entra?.upn, 'alice@contoso.com');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a failed write is a warning naming the file, never an error for the command', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'al-audit-'));
    const blocker = path.join(dir, 'not-a-folder');
    await fs.writeFile(blocker, '');
    const file = path.join(blocker, 'audit.jsonl');
    const logger = recordingLogger();
    await createAudit(file, 'cli', logger).record('logout', 'ok');
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0] ?? '', new RegExp(`Could not write the audit log ${file.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}: `));
    await fs.rm(dir, { recursive: true, force: true });
  });
});
