/** Doctor and the audit log in VS Code. */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AuditEvent } from '../core/audit/auditLog';
import { runDoctor } from '../core/doctor/doctor';
import { SecretFinding, scanDatabricksCfg, scanEnvironment, scanText } from '../core/doctor/staticSecrets';
import { CancelledError } from '../core/errors/accessLensError';
import { AuthController } from './auth/authController';
import { CommandDeps, registerCommand } from './commandRegistry';
import { DoctorPanel } from './doctor/doctorPanel';
import { ConfigWatcher } from './settings';

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function staticSecrets(): Promise<SecretFinding[]> {
  const cfgPath = process.env.DATABRICKS_CONFIG_FILE ?? path.join(os.homedir(), '.databrickscfg');
  const findings = [...scanDatabricksCfg((await readIfExists(cfgPath)) ?? '', cfgPath), ...scanEnvironment(process.env)];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const file = path.join(folder.uri.fsPath, '.env');
    const text = await readIfExists(file);
    if (text) findings.push(...scanText(text, file));
  }
  return findings;
}

function auditMarkdown(events: readonly AuditEvent[], title: string): string {
  const cell = (t: string | undefined): string => (t ?? '').replace(/\|/g, '\\|');
  return [
    `# Access Lens audit log: ${title}`,
    '',
    `${events.length} event(s), newest first. Tokens are never recorded.`,
    '',
    '| time | event | outcome | Entra user | Databricks user | workspace | code | detail |',
    '|---|---|---|---|---|---|---|---|',
    ...[...events].reverse().map((e) => `| ${e.time} | ${e.event} | ${e.outcome} | ${cell(e.entra?.upn)} | ${cell(e.databricks?.userName)} | ${cell(e.databricks?.host)} | ${cell(e.code)} | ${cell(e.detail)} |`),
  ].join('\n');
}

export function registerDoctorCommands(context: vscode.ExtensionContext, deps: CommandDeps, auth: AuthController, config: ConfigWatcher): void {
  registerCommand(context, deps, 'accessLens.runDoctor', async (hostArg?: unknown) => {
    const workspaces = config.value.config.workspaces;
    let host: string | undefined = typeof hostArg === 'string' ? hostArg : workspaces[0]?.host;
    if (typeof hostArg !== 'string' && workspaces.length > 1) {
      host = (await vscode.window.showQuickPick(workspaces.map((w) => ({ label: w.name, description: w.host })), { placeHolder: 'Check which workspace?' }))?.description;
    }
    if (!host) throw new CancelledError('No workspace configured');
    const target = host;
    const run = async (): Promise<void> => {
      const checks = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Access Lens: running the doctor…' }, () =>
        runDoctor({ core: () => auth.getCore(), host: target, keychainKind: () => auth.storeKind(), secrets: staticSecrets, now: Date.now() }),
      );
      const failed = checks.filter((c) => c.status === 'fail').map((c) => c.id);
      const core = await auth.getCore().catch(() => undefined);
      const account = await core?.session.currentAccount().catch(() => undefined);
      await auth.record('doctor', failed.length ? 'error' : 'ok', account, { host: target, code: failed.join(',') || undefined });
      DoctorPanel.show(checks, target, run);
    };
    await run();
  });

  registerCommand(context, deps, 'accessLens.showAuditLog', async () => {
    const filters = [
      { label: 'All events', filter: (_e: AuditEvent) => true },
      { label: 'Failures only', filter: (e: AuditEvent) => e.outcome === 'error' },
      { label: 'Sign-in and sign-out', filter: (e: AuditEvent) => ['sign-in', 'sign-out', 'logout'].includes(e.event) },
      { label: 'Doctor runs', filter: (e: AuditEvent) => e.event === 'doctor' },
    ];
    const pick = await vscode.window.showQuickPick(filters, { placeHolder: `Audit log (${auth.audit.file})` });
    if (!pick) throw new CancelledError();
    const events = (await auth.audit.read()).filter(pick.filter);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: auditMarkdown(events, pick.label) });
    await vscode.window.showTextDocument(document, { preview: false });
  });
}
