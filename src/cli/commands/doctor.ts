/** access-lens doctor: the whole integration, checked; exit 1 when a check fails. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckResult, runDoctor } from '../../core/doctor/doctor';
import { isJobId } from '../../core/doctor/runJob';
import { databricksCfgPath } from '../../core/config/databricksCfgFile';
import { SecretFinding, scanDatabricksCfg, scanEnvironment, scanText } from '../../core/doctor/staticSecrets';
import { probeKeychain } from '../../core/services';
import { UsageError } from '../args';
import { CliContext } from '../context';
import { EXIT, Output } from '../output';

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function findStaticSecrets(env: NodeJS.ProcessEnv, cwd: string): Promise<SecretFinding[]> {
  const cfgPath = databricksCfgPath(env);
  const cfg = await readIfExists(cfgPath);
  const dotenv = await readIfExists(path.join(cwd, '.env'));
  return [...(cfg ? scanDatabricksCfg(cfg, cfgPath) : []), ...scanEnvironment(env), ...(dotenv ? scanText(dotenv, path.join(cwd, '.env')) : [])];
}

const SYMBOL: Record<CheckResult['status'], string> = { pass: '✔', warn: '!', fail: '✘' };

export function doctorText(checks: readonly CheckResult[]): string {
  return checks.map((c) => `${SYMBOL[c.status]} ${c.id.padEnd(15)} ${c.message}${c.fix && c.status !== 'pass' ? `\n  ${' '.repeat(15)} fix: ${c.fix}` : ''}`).join('\n');
}

export async function doctor(ctx: CliContext, out: Output, signal?: AbortSignal): Promise<number> {
  const runJob = ctx.args.runJob;
  if (runJob !== undefined && !isJobId(runJob)) {
    throw new UsageError(`--run-job needs the numeric id of a job you can run, not "${runJob}". "access-lens ls jobs" lists the jobs and whether you may run them.`);
  }
  const host = ctx.host();
  if (runJob !== undefined) out.progress(`doctor: will run job ${runJob} and wait for it (up to 10 minutes; Ctrl+C stops waiting, the run goes on).`);
  const checks = await runDoctor({
    core: () => ctx.core(),
    host,
    keychainKind: probeKeychain,
    secrets: () => findStaticSecrets(ctx.env, process.cwd()),
    now: Date.now(),
    http: ctx.http(),
    runJob,
    runJobOptions: { signal, onProgress: (message) => out.progress(`doctor: ${message}`) },
  });
  const failed = checks.some((c) => c.status === 'fail');
  await ctx.audit('doctor', failed ? 'error' : 'ok', { host, code: failed ? checks.filter((c) => c.status === 'fail').map((c) => c.id).join(',') : undefined });
  out.result({ checks }, doctorText(checks));
  return failed ? EXIT.doctorFailed : EXIT.ok;
}
