/**
 * The Catalog view's commands and the why view for Unity Catalog securables (docs/views.md).
 * `accessLens.whyUnityCatalog` takes one object `{ host, kind, fullName, action }` (the editor's
 * quick fixes call it so), a Catalog view node, or nothing: then it asks for kind, name and action
 * (`{ host, kind, prefix }` without `fullName`, from the view's "Not listed here?", starts that
 * question from a kind and the parent's name).
 */
import * as vscode from 'vscode';
import { UC_KINDS, UcKind, isUcKind } from '../../core/catalog/types';
import { chainRefs, ucAction, ucKindRow } from '../../core/catalog/requirements';
import { WorkspaceEntry } from '../../core/config';
import { AccessLensError, CancelledError } from '../../core/errors';
import { AccessMaps } from '../../core/workspace/accessMaps';
import type { SelectedWorkspace } from '../selectedWorkspace';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';
import { isSecurableNode } from '../views/catalog/catalogNodes';
import { CatalogTreeProvider } from '../views/catalog/catalogTreeProvider';
import { mainAction } from '../views/catalog/catalogText';
import { WhyPanel } from '../views/why/whyPanel';
import { CommandDeps, registerCommand } from './commandRegistry';

export interface CatalogCommandTargets {
  readonly catalogTree: CatalogTreeProvider;
  readonly maps: AccessMaps;
  readonly session: SessionState;
  readonly config: ConfigWatcher;
  readonly selection: SelectedWorkspace;
}

interface UcQuestion {
  readonly workspace: WorkspaceEntry;
  readonly kind: UcKind;
  readonly fullName: string;
  readonly action: string;
}

/** The configured workspace of a host: a host nobody configured never gets a token. */
function configuredWorkspace(config: ConfigWatcher, host: unknown): WorkspaceEntry {
  const workspace = config.value.config.workspaces.find((w) => typeof host === 'string' && w.host === host.replace(/\/+$/, ''));
  if (!workspace) throw new AccessLensError('BAD_ARGUMENT', `${String(host)} is not one of your workspaces: add it (Access Lens: Add Workspace) or choose one in the Catalog view.`);
  return workspace;
}

function fromArgument(arg: unknown, config: ConfigWatcher): UcQuestion | undefined {
  if (isSecurableNode(arg)) return { workspace: arg.workspace, kind: arg.summary.kind, fullName: arg.summary.fullName, action: mainAction(arg.summary.kind) };
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { host, kind, fullName, action, prefix } = arg as Record<string, unknown>;
  if (fullName === undefined && typeof prefix === 'string') return undefined;
  if (typeof kind !== 'string' || !isUcKind(kind)) throw new AccessLensError('BAD_ARGUMENT', `Why Can't I…? (Unity Catalog) needs a kind: one of ${UC_KINDS.join(', ')}.`);
  if (typeof fullName !== 'string') throw new AccessLensError('BAD_ARGUMENT', `Why Can't I…? (Unity Catalog) needs the ${kind}'s full name, e.g. main.features.churn.`);
  const name = typeof action === 'string' ? action : mainAction(kind);
  ucAction(kind, name); // says which actions the kind has when this is none of them
  return { workspace: configuredWorkspace(config, host), kind, fullName, action: name };
}

/** Where the palette's questions start: a kind and the parent's name, from the Catalog view. */
interface AskPreset {
  readonly workspace?: WorkspaceEntry;
  readonly kind?: UcKind;
  readonly prefix?: string;
}

function presetOf(arg: unknown, config: ConfigWatcher): AskPreset {
  if (typeof arg !== 'object' || arg === null) return {};
  const { host, kind, prefix } = arg as Record<string, unknown>;
  return { workspace: configuredWorkspace(config, host), kind: typeof kind === 'string' && isUcKind(kind) ? kind : undefined, prefix: typeof prefix === 'string' ? prefix : undefined };
}

async function ask(targets: CatalogCommandTargets, preset: AskPreset): Promise<UcQuestion> {
  const workspace = preset.workspace ?? targets.selection.current ?? targets.config.value.config.workspaces[0];
  if (!workspace) throw new AccessLensError('NO_WORKSPACE', 'No Databricks workspace is configured: run Access Lens: Add Workspace first.');
  const kind = preset.kind ?? (await vscode.window.showQuickPick(UC_KINDS.map((k) => ({ label: k, description: `${ucKindRow(k).actions.map((a) => a.name).join(', ')}` })), { placeHolder: `Which kind of securable in ${workspace.name}?` }))?.label;
  if (!kind) throw new CancelledError();
  const fullName = await vscode.window.showInputBox({
    prompt: `The ${kind}'s full name`,
    placeHolder: ['main', 'main.features', 'main.features.churn'][ucKindRow(kind).depth],
    value: preset.prefix,
    validateInput: (value) => {
      try {
        chainRefs({ kind, fullName: value.trim() });
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!fullName) throw new CancelledError();
  const actions = ucKindRow(kind).actions;
  const action = actions.length === 1 ? actions[0]?.name : (await vscode.window.showQuickPick(actions.map((a) => ({ label: a.name, description: a.needs.map((n) => n.privilege).join(' + ') })), { placeHolder: `Why can't I… on ${fullName}?` }))?.label;
  if (!action) throw new CancelledError();
  return { workspace, kind, fullName: fullName.trim(), action };
}

/** The Unity Catalog analysis for an explained error: the first workspace (the selected one first) that can judge it. */
export function registerCatalogCommands(context: vscode.ExtensionContext, deps: CommandDeps, targets: CatalogCommandTargets): void {
  const { catalogTree, maps, session, config } = targets;
  registerCommand(context, deps, 'accessLens.whyUnityCatalog', async (arg?: unknown) => {
    const question = fromArgument(arg, config) ?? (await ask(targets, presetOf(arg, config)));
    const account = session.current;
    if (!account) throw new AccessLensError('NOT_SIGNED_IN', 'Not signed in: run Access Lens: Sign In, then ask again.', ['signIn']);
    const map = await maps.get(question.workspace.host, account.homeAccountId);
    WhyPanel.showUnityCatalog(await map.catalog.why({ kind: question.kind, fullName: question.fullName }, question.action));
  });
  registerCommand(context, deps, 'accessLens.catalogShowMore', (node?: unknown) => {
    const more = node as { type?: string } | undefined;
    if (more?.type === 'catalogMore') catalogTree.showMore(node as Parameters<CatalogTreeProvider['showMore']>[0]);
  });
  registerCommand(context, deps, 'accessLens.refreshCatalog', () => catalogTree.invalidate());
}
