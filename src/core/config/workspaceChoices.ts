/**
 * What "Add Workspace…" offers: the Databricks configuration file's profiles
 * that name a host, and the URL being typed. Pure, so the choice list is
 * tested without VS Code; the command only shows it.
 */
import { CfgProfile } from './databricksCfg';
import { HostError, normalizeHost } from './hosts';

export interface WorkspaceChoice {
  readonly label: string;
  readonly description: string;
  readonly detail?: string;
  /** The entry to add to `accessLens.workspaces`; undefined for a typed text that is not a URL yet. */
  readonly entry?: { readonly host: string; readonly name: string };
  readonly profile?: string;
  /** The profile keeps a token or client secret: shown, never used. */
  readonly flagged: boolean;
}

/** A profile's host, normalised, or undefined when it has none or not a usable one. */
function profileHost(profile: CfgProfile): string | undefined {
  try {
    return profile.values.host ? normalizeHost(profile.values.host) : undefined;
  } catch {
    return undefined;
  }
}

export function workspaceChoices(profiles: readonly CfgProfile[], typed: string, configured: readonly string[], cfgFile: string): WorkspaceChoice[] {
  const choices: WorkspaceChoice[] = [];
  const text = typed.trim();
  if (text !== '') {
    try {
      const host = normalizeHost(text);
      choices.push({ label: `$(globe) ${host}`, description: configured.includes(host) ? 'already added' : 'the URL you typed', entry: { host, name: new URL(host).hostname }, flagged: false });
    } catch (error) {
      choices.push({ label: `$(error) ${text}`, description: error instanceof HostError ? error.message : 'not a workspace URL', flagged: false });
    }
  }
  for (const profile of profiles) {
    const host = profileHost(profile);
    // Account-level profiles (accounts.*) and profiles without a host name no workspace to add.
    if (!host || /^https:\/\/accounts(-dod)?\./.test(host)) continue;
    const flagged = profile.secrets.length > 0;
    const kinds = [...new Set(profile.secrets.map((s) => s.kind))].join(' and ');
    choices.push({
      label: `${flagged ? '$(warning)' : '$(server)'} ${profile.name}`,
      description: `${host}${configured.includes(host) ? ' (already added)' : ''}`,
      detail: flagged ? `Profile in ${cfgFile}. It keeps a ${kinds}: Access Lens never uses it and signs you in instead. Revoke it and remove it from the file.` : `Profile in ${cfgFile}`,
      entry: { host, name: profile.name },
      profile: profile.name,
      flagged,
    });
  }
  return choices;
}
