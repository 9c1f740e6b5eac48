/**
 * access-lens profiles: the profiles of the Databricks configuration file, with
 * the host each names and whether it keeps a secret. A secret's value is never
 * read into the answer, only that it is there (docs/cli.md, "profiles").
 */
import { profileAuthType } from '../../core/config/databricksCfg';
import { readDatabricksCfg } from '../../core/config/databricksCfgFile';
import { CliContext } from '../context';
import { EXIT, Output } from '../output';

export interface ProfileSummary {
  readonly name: string;
  readonly host: string | null;
  readonly authType: string | null;
  readonly hasSecret: boolean;
  readonly accountId: string | null;
  readonly azureTenantId: string | null;
}

export async function profiles(ctx: CliContext, out: Output): Promise<number> {
  const file = await readDatabricksCfg(ctx.env);
  if (file.missing) {
    out.result({ file: file.path, profiles: [], problems: [] }, `No Databricks configuration file at ${file.path}. Create one with "databricks configure", or set DATABRICKS_CONFIG_FILE to yours.`);
    return EXIT.ok;
  }
  const summaries: ProfileSummary[] = file.parsed.profiles.map((p) => ({
    name: p.name,
    host: p.values.host ?? null,
    authType: profileAuthType(p),
    hasSecret: p.secrets.length > 0,
    accountId: p.values.account_id ?? null,
    azureTenantId: p.values.azure_tenant_id ?? null,
  }));
  out.result({ file: file.path, profiles: summaries, problems: file.parsed.problems }, profilesText(file.path, summaries, file.parsed.problems));
  return EXIT.ok;
}

export function profilesText(file: string, summaries: readonly ProfileSummary[], problems: readonly string[]): string {
  if (summaries.length === 0) return [`${file} has no profiles.`, ...problems].join('\n');
  const width = Math.min(30, Math.max(...summaries.map((s) => s.name.length)));
  const lines = summaries.map((s) => `${s.hasSecret ? '!' : ' '} ${s.name.padEnd(width)}  ${s.host ?? '(no host)'}${s.authType ? `  [${s.authType}]` : ''}`);
  const flagged = summaries.filter((s) => s.hasSecret).map((s) => s.name);
  const advice = flagged.length === 0 ? [] : [
    '',
    `! ${flagged.join(', ')} keep${flagged.length === 1 ? 's' : ''} a personal access token or client secret in ${file}. Access Lens never uses it.`,
    '  Sign in instead ("access-lens login --profile NAME"), revoke the token in the workspace (Settings → Developer → Access tokens), and delete its line.',
  ];
  return [`Profiles in ${file}:`, ...lines, ...advice, ...problems.map((p) => `warning: ${p}`)].join('\n');
}
