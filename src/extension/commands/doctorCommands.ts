/** Run Doctor: the checks of one workspace, and the opt-in job run check, shown in the doctor view. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CheckResult, runDoctor } from '../../core/doctor/doctor';
import { isJobId } from '../../core/doctor/runJob';
import { databricksCfgPath } from '../../core/config/databricksCfgFile';
import { SecretFinding, scanDatabricksCfg, scanEnvironment, scanText } from '../../core/doctor/staticSecrets';
import { AccessLensError, CancelledError } from '../../core/errors';
import { AuthController } from '../auth/authController';
import { CommandDeps, registerCommand } from './commandRegistry';
import { confirmCallerArguments } from '../confirm';
import { DoctorPanel } from '../views/doctor/doctorPanel';
import { createExtensionHttpsClient } from '../network';
import { ConfigWatcher } from '../settings';
import { AccessMaps } from '../../core/workspace/accessMaps';

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function staticSecrets(): Promise<SecretFinding[]> {
  const cfgPath = databricksCfgPath(process.env);
  const findings = [...scanDatabricksCfg((await readIfExists(cfgPath)) ?? '', cfgPath), ...scanEnvironment(process.env)];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const file = path.join(folder.uri.fsPath, '.env');
    const text = await readIfExists(file);
    if (text) findings.push(...scanText(text, file));
  }
  return findings;
}

/**
 * `accessLens.runDoctor` options. `runJob`: a job id runs the job check on
 * that job after a modal confirmation (scripts, other extensions); `"pick"`
 * (our own button) lets the user choose one and confirm that a real run starts.
 */
interface DoctorOptions {
  readonly runJob?: string;
}

/** The job to run, chosen from the workspace's jobs or typed as an id, after a confirmation: it starts a real run. */
async function pickJob(auth: AuthController, maps: AccessMaps, host: string): Promise<string> {
  const core = await auth.getCore();
  const account = await core.session.currentAccount();
  if (!account) throw new AccessLensError('SIGN_IN_REQUIRED', 'Sign in first: the job check runs a job as you.', ['signIn']);
  const jobs = await (await maps.get(host, account.homeAccountId)).list('job');
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { jobId: string }>();
  pick.items = jobs.map((j) => ({ label: j.name, description: `job ${j.id}`, jobId: j.id }));
  pick.placeholder = 'Run which job? It must run as you, and you need Can Manage Run on it (or type a job id)';
  pick.matchOnDescription = true;
  const chosen = await new Promise<{ id: string; name: string } | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      const typed = pick.value.trim();
      resolve(item ? { id: item.jobId, name: item.label } : isJobId(typed) ? { id: typed, name: `job ${typed}` } : undefined);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (!chosen) throw new CancelledError();
  const confirm = await vscode.window.showWarningMessage(
    `Start a real run of "${chosen.name}" (${chosen.id})?`,
    { modal: true, detail: `The doctor triggers the job in ${host} as you, waits for it, and checks that the workspace recorded you as who started it and who it ran as. A job set to run as someone else is not started.` },
    'Run Job',
  );
  if (confirm !== 'Run Job') throw new CancelledError();
  return chosen.id;
}

export function registerDoctorCommands(context: vscode.ExtensionContext, deps: CommandDeps, auth: AuthController, config: ConfigWatcher, maps: AccessMaps): void {
  registerCommand(context, deps, 'accessLens.runDoctor', async (hostArg?: unknown, optionsArg?: unknown): Promise<readonly CheckResult[]> => {
    const workspaces = config.value.config.workspaces;
    let host: string | undefined = typeof hostArg === 'string' ? hostArg : workspaces[0]?.host;
    if (typeof hostArg !== 'string' && workspaces.length > 1) {
      host = (await vscode.window.showQuickPick(workspaces.map((w) => ({ label: w.name, description: w.host })), { placeHolder: 'Check which workspace?' }))?.description;
    }
    if (!host) throw new CancelledError('No workspace configured');
    const target = host;
    const options = (typeof optionsArg === 'object' && optionsArg !== null ? optionsArg : {}) as DoctorOptions;
    let runJob = options.runJob === 'pick' ? await pickJob(auth, maps, target) : options.runJob;
    if (runJob !== undefined && !isJobId(String(runJob))) throw new AccessLensError('CONFIG', `"${String(runJob)}" is not a job id: give the numeric id of a job you can run.`);
    runJob = runJob === undefined ? undefined : String(runJob);
    // A job id in the arguments comes from a script, another extension or a command link: our own button passes "pick".
    if (runJob !== undefined && options.runJob !== 'pick') {
      await confirmCallerArguments(`Start a real run of job ${runJob} in ${target}?`, 'Another extension, a script or a link asked the Access Lens doctor to trigger this job as you. It waits for the run and checks who started it.', 'Run Job');
    }

    const title = runJob ? `Access Lens: running the doctor and job ${runJob}…` : 'Access Lens: running the doctor…';
    const checks = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: runJob !== undefined }, (progress, token) => {
      const stop = new AbortController();
      token.onCancellationRequested(() => stop.abort());
      return runDoctor({
        core: () => auth.getCore(),
        host: target,
        keychainKind: () => auth.storeKind(),
        secrets: staticSecrets,
        now: Date.now(),
        http: createExtensionHttpsClient(deps.logger),
        runJob,
        runJobOptions: { signal: stop.signal, onProgress: (message) => progress.report({ message }) },
      });
    });
    const failed = checks.filter((c) => c.status === 'fail').map((c) => c.id);
    const core = await auth.getCore().catch(() => undefined);
    const account = await core?.session.currentAccount().catch(() => undefined);
    await auth.record('doctor', failed.length ? 'error' : 'ok', account, { host: target, code: failed.join(',') || undefined, detail: runJob ? `run-job ${runJob}` : undefined });
    // The buttons go through the command, so their failures follow the one error policy.
    DoctorPanel.show(checks, target, {
      rerun: async () => {
        await vscode.commands.executeCommand('accessLens.runDoctor', target);
      },
      runJob: async () => {
        await vscode.commands.executeCommand('accessLens.runDoctor', target, { runJob: 'pick' });
      },
    });
    return checks;
  });
}
