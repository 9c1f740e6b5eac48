/** VS Code's built-in Microsoft account as the extension's identity source: its provider and its one bit of state. */
import * as vscode from 'vscode';
import type { AccessLensConfig } from '../../core/config';
import { identityScopes } from '../../core/config/derived';
import { MICROSOFT_PROVIDER_ID, VsCodeMicrosoftProvider } from './vscodeMicrosoft';

/** Where VS Code's Microsoft account source keeps its one bit of state, and which provider stands for Microsoft's. */
export interface MicrosoftAccountOptions {
  readonly state: vscode.Memento;
  /** `microsoft`, unless this names a test authentication provider (the extension's own tests, ExtensionMode.Test only). */
  readonly providerId?: () => string | undefined;
}

const SIGNED_OUT_KEY = 'accessLens.microsoft.signedOut';

export function microsoftProviderId(options: MicrosoftAccountOptions | undefined): string {
  return options?.providerId?.() ?? MICROSOFT_PROVIDER_ID;
}

/** The provider for `config` (tenant, client id, groups claim); a sign-out is remembered in `state` across reloads. */
export function microsoftAccountProvider(config: AccessLensConfig, providerId: string, state: vscode.Memento | undefined): VsCodeMicrosoftProvider {
  return new VsCodeMicrosoftProvider(
    vscode.authentication,
    { providerId, tenant: config.tenant, clientId: config.clientId, groupsClaim: config.groupsClaim },
    { get: () => state?.get<boolean>(SIGNED_OUT_KEY) ?? false, set: (value) => state?.update(SIGNED_OUT_KEY, value) },
    identityScopes(config, 'entra'),
  );
}
