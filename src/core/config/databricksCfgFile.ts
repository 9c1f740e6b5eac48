/**
 * Finds and reads the Databricks configuration file, and turns the chosen
 * profile into a configuration layer (docs/cli.md, "Profiles"). The file's
 * secrets are never read into the layer: a profile contributes only its
 * host, `azure_tenant_id` (the tenant) and `account_id`.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfgProfile, DatabricksCfgError, MAX_CFG_CHARS, ParsedCfg, implicitProfile, parseDatabricksCfg } from './databricksCfg';
import { ConfigLayer } from './types';

/** `DATABRICKS_CONFIG_FILE`, else `~/.databrickscfg`; a leading `~` is the home folder, as in the Go and JS SDKs. */
export function databricksCfgPath(env: NodeJS.ProcessEnv, home: string = os.homedir()): string {
  const file = env.DATABRICKS_CONFIG_FILE?.trim() || '~/.databrickscfg';
  return path.resolve(file.startsWith('~') ? path.join(home, file.slice(1)) : file);
}

export type CfgFile = { readonly path: string; readonly missing: true } | { readonly path: string; readonly missing: false; readonly parsed: ParsedCfg };

/** Reads and parses the file; a missing file is not an error (the SDKs read nothing then). */
export async function readDatabricksCfg(env: NodeJS.ProcessEnv, home?: string): Promise<CfgFile> {
  const file = databricksCfgPath(env, home);
  let size: number;
  try {
    const stat = await fs.stat(file);
    // DATABRICKS_CONFIG_FILE=/dev/null is how people switch the file off: the SDKs read it as empty.
    if (file === os.devNull) return { path: file, missing: false, parsed: parseDatabricksCfg('', file) };
    if (!stat.isFile()) throw new DatabricksCfgError(`${file} is not a file. Point DATABRICKS_CONFIG_FILE at your Databricks configuration file.`);
    size = stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: file, missing: true };
    if (error instanceof DatabricksCfgError) throw error;
    throw new DatabricksCfgError(`Could not read ${file}: ${(error as Error).message}. Check its permissions.`);
  }
  // Bytes can be up to four per character: a file past this cannot be within the parser's bound.
  if (size > MAX_CFG_CHARS * 4) {
    throw new DatabricksCfgError(`${file} is ${size} bytes, more than a Databricks configuration file holds. Point DATABRICKS_CONFIG_FILE at the right file.`);
  }
  const text = await fs.readFile(file, 'utf8');
  return { path: file, missing: false, parsed: parseDatabricksCfg(text, file) };
}

export interface ChosenProfile {
  readonly profile: CfgProfile;
  readonly file: string;
}

/**
 * The profile named by `--profile` or `DATABRICKS_CONFIG_PROFILE`; with no name, the SDKs' implicit one
 * (`[__settings__] default_profile`, else a non-empty DEFAULT) but only when `implicitAllowed` (no host
 * given otherwise: the SDKs skip the file then too). A named profile that is not there is an error that
 * lists the profiles that are.
 */
export function chooseProfile(file: CfgFile, name: string | undefined, implicitAllowed: boolean): ChosenProfile | undefined {
  if (name === undefined) {
    if (!implicitAllowed || file.missing) return undefined;
    const profile = implicitProfile(file.parsed);
    return profile ? { profile, file: file.path } : undefined;
  }
  if (file.missing) {
    throw new DatabricksCfgError(`Profile "${name}" was asked for, but ${file.path} does not exist. Create it with "databricks configure", set DATABRICKS_CONFIG_FILE to your configuration file, or pass --host instead.`);
  }
  const profile = file.parsed.profiles.find((p) => p.name === name);
  if (!profile) {
    const names = file.parsed.profiles.map((p) => p.name);
    throw new DatabricksCfgError(`${file.path} has no profile "${name}". ${names.length > 0 ? `Its profiles: ${names.join(', ')}.` : 'It has no profiles.'} Pick one with --profile NAME or DATABRICKS_CONFIG_PROFILE (names are case-sensitive).`);
  }
  return { profile, file: file.path };
}

/** The configuration a profile gives. Its secrets are not in it: they are never used. */
export function profileLayer(chosen: ChosenProfile): ConfigLayer {
  const { values, name } = chosen.profile;
  if (!values.host) {
    throw new DatabricksCfgError(`Profile "${name}" in ${chosen.file} has no host. Add "host = https://<workspace>" to it, or pass --host.`);
  }
  return { source: 'profile', values: { host: values.host, tenant: values.azure_tenant_id || undefined } };
}
