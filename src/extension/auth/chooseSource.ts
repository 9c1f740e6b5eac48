/**
 * "Choose how to sign in": the sources by situation (signInSources.ts), written to
 * accessLens.identityProvider, with a question before a value the user set is replaced. Run by the
 * walkthrough, by its own command, and by "Sign In" when nothing says which source to use yet.
 */
import * as vscode from 'vscode';
import { AccessLensConfig, IDENTITY_PROVIDERS, isAzureDatabricksHost } from '../../core/config';
import { CancelledError } from '../../core/errors';
import { confirmCallerArguments } from '../confirm';
import { userIdentityProvider, writeIdentityProvider } from '../settings';
import { SITUATION_LABELS, SignInSource, Situation, missingSettings, signInSources } from './signInSources';

/** Nothing chose a source yet: no setting, no ACCESS_LENS_IDP, no app registration configured. */
export function noSourceChosen(config: AccessLensConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  return userIdentityProvider() === undefined && !env.ACCESS_LENS_IDP && !config.clientId && !config.issuer;
}

async function pick(sources: readonly SignInSource[]): Promise<SignInSource> {
  type Item = vscode.QuickPickItem & { source?: SignInSource };
  const items: Item[] = [];
  let situation: Situation | undefined;
  for (const source of sources) {
    if (source.situation !== situation) {
      situation = source.situation;
      items.push({ label: SITUATION_LABELS[situation], kind: vscode.QuickPickItemKind.Separator });
    }
    items.push({ label: source.label, detail: source.detail, source });
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'How do you sign in to Databricks? Pick what your company has set up.', matchOnDetail: true });
  if (!picked?.source) throw new CancelledError();
  return picked.source;
}

/**
 * Lets the user pick a source (or takes `provider`, from a walkthrough link) and writes it. Returns
 * whether a sign-in can start now; false when the source still needs settings, which are then opened.
 */
export async function chooseSignInSource(config: AccessLensConfig, provider?: string): Promise<boolean> {
  const azure = config.workspaces.length === 0 || config.workspaces.some((w) => isAzureDatabricksHost(w.host));
  const sources = signInSources({ azure });
  const chosen = provider === undefined ? await pick(sources) : sources.find((s) => s.provider === provider);
  if (!chosen) throw new CancelledError(`"${String(provider)}" is not a sign-in source (${IDENTITY_PROVIDERS.join(', ')}).`);
  const current = userIdentityProvider();
  if (current !== undefined && current !== chosen.provider) {
    await confirmCallerArguments(`Replace your setting accessLens.identityProvider "${current}" with "${chosen.provider}"?`, `${chosen.label}: ${chosen.detail}`, 'Replace');
  }
  if (current !== chosen.provider) await writeIdentityProvider(chosen.provider);
  const missing = missingSettings(chosen.provider, { clientId: config.clientId, issuer: config.issuer });
  if (missing.length === 0) return true;
  await vscode.commands.executeCommand('workbench.action.openSettings', missing[0]);
  void vscode.window.showInformationMessage(`Access Lens: ${chosen.label} needs ${missing.join(' and ')}. Set ${missing.length > 1 ? 'them' : 'it'}, then run "Access Lens: Sign In".`);
  return false;
}
