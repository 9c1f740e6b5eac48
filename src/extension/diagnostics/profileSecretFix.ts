/**
 * The Databricks configuration file, seen from the editor: which open
 * document is it, where its profiles keep secrets, and the fix that replaces
 * a profile's token by a sign-in.
 *
 * The fix, and why it is shaped so: a careful user wants the secret out of
 * the file, the profile still working for the Databricks CLI and SDKs, and
 * nothing lost if they change their mind. So the token line becomes
 * `auth_type = databricks-cli` (the OAuth sign-in `databricks auth login`
 * sets up; Access Lens signs in on its own), the file as it was is copied
 * next to it readable by the owner only (as the Databricks CLI writes the
 * file itself), and the message says the one thing the edit cannot do:
 * revoke the token, which keeps working until revoked wherever a copy lives.
 * Only token and password lines get it: a client secret belongs to a service
 * principal, and a user's sign-in would change who acts.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseDatabricksCfg } from '../../core/config/databricksCfg';
import { databricksCfgPath } from '../../core/config/databricksCfgFile';
import { SecretSpan } from '../../core/doctor/staticSecrets';
import { AccessLensError } from '../../core/errors';
import { Logger } from '../../core/log';

export function isDatabricksCfgDocument(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file') return false;
  return path.basename(document.uri.fsPath) === '.databrickscfg' || path.resolve(document.uri.fsPath) === databricksCfgPath(process.env);
}

/** A secret the profile parser found, with the 1-based line the sign-in fix takes (tokens and passwords only). */
export type ProfileSecretSpan = SecretSpan & { readonly profile?: string; readonly signInFixLine?: number };

/** Secrets the parser finds in a configuration file (any value of `token`, not only `dapi…`), besides the generic ones. */
export function profileSecretSpans(text: string, generic: readonly SecretSpan[]): ProfileSecretSpan[] {
  let profiles;
  try {
    profiles = parseDatabricksCfg(text).profiles;
  } catch {
    return [...generic];
  }
  const fromProfiles: ProfileSecretSpan[] = profiles.flatMap((p) =>
    p.secrets.map((s) => ({ start: s.start, end: s.end, kind: s.kind, lineStart: s.lineStart, lineEnd: s.lineEnd, profile: p.name, signInFixLine: s.key === 'token' || s.key === 'password' ? s.line : undefined })),
  );
  const covered = new Set(fromProfiles.map((s) => s.lineStart));
  return [...fromProfiles, ...generic.filter((s) => !covered.has(s.lineStart))].sort((a, b) => a.start - b.start);
}

/**
 * The profile's `auth_type` line. `headerLine` is the 1-based line of its header (0 above the first section),
 * so as a 0-based index it is the first line of the profile's body; the next header ends it.
 */
function findAuthTypeLine(document: vscode.TextDocument, headerLine: number): vscode.TextLine | undefined {
  for (let index = headerLine; index < document.lineCount; index++) {
    const line = document.lineAt(index);
    if (/^\s*\[/.test(line.text)) return undefined;
    if (/^\s*auth_type\s*[=:]/i.test(line.text)) return line;
  }
  return undefined;
}

export async function replaceProfileSecretWithSignIn(uri: unknown, line: unknown, logger: Logger): Promise<void> {
  if (!(uri instanceof vscode.Uri) || typeof line !== 'number') throw new AccessLensError('USAGE', 'Replace the token by a sign-in from the quick fix on the token in your Databricks configuration file.');
  const document = await vscode.workspace.openTextDocument(uri);
  // Arguments can come from anyone: act only where this line still is a profile's token in a configuration file.
  const text = document.getText();
  const profile = isDatabricksCfgDocument(document) ? parseDatabricksCfg(text, uri.fsPath).profiles.find((p) => p.secrets.some((s) => s.line === line && (s.key === 'token' || s.key === 'password'))) : undefined;
  const secret = profile?.secrets.find((s) => s.line === line);
  if (!profile || !secret) throw new AccessLensError('CONFIG', `Line ${line} of ${uri.fsPath} holds no profile token any more, so nothing was changed.`);

  const backup = `${uri.fsPath}.access-lens-backup-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  await fs.writeFile(backup, text, { mode: 0o600, flag: 'wx' });
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  // An auth_type that names the stored secret (pat, basic) would leave the profile broken: it becomes the sign-in too.
  const authTypeLine = profile.values.auth_type ? findAuthTypeLine(document, profile.line) : undefined;
  const keepsAuthType = profile.values.auth_type !== undefined && !['pat', 'basic'].includes(profile.values.auth_type);
  const replacement = [
    `# ${secret.key} removed by Access Lens on ${new Date().toISOString().slice(0, 10)}: revoke it in the workspace, then delete ${path.basename(backup)}`,
    ...(profile.values.auth_type ? [] : ['auth_type = databricks-cli']),
  ].join(eol);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(document.positionAt(secret.lineStart), document.positionAt(secret.lineEnd)), replacement);
  if (!keepsAuthType && authTypeLine) edit.replace(uri, authTypeLine.range, 'auth_type = databricks-cli');
  if (!(await vscode.workspace.applyEdit(edit))) throw new AccessLensError('CONFIG', `Could not edit ${uri.fsPath}; it is unchanged, and a copy is in ${backup}.`);
  await document.save();
  logger.info(`Replaced the ${secret.key} of profile "${profile.name}" in ${uri.fsPath} by a sign-in; the file as it was is in ${backup}.`);
  const signIn = 'Sign In';
  const answer = await vscode.window.showInformationMessage(
    `Access Lens: profile "${profile.name}" now signs in instead of using a stored ${secret.key} (auth_type = ${keepsAuthType ? profile.values.auth_type : 'databricks-cli'}; for the Databricks CLI run "databricks auth login --profile ${profile.name}"). Revoke the token in the workspace (Settings → Developer → Access tokens): removing it from the file does not stop it working. The file as it was is in ${backup}, readable only by you; delete it once the token is revoked.`,
    signIn,
  );
  if (answer === signIn) await vscode.commands.executeCommand('accessLens.signIn');
}
