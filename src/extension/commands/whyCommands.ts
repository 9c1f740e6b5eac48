/** Why can't I…? for an object in the views, and Explain Access Error for any error text: both open the why view. */
import * as vscode from 'vscode';
import { ACTIONS, Action, Verdict, isAction, isKind } from '../../core/access';
import { CancelledError } from '../../core/errors';
import { CommandDeps, registerCommand } from './commandRegistry';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';
import { AccessMaps } from '../../core/workspace/accessMaps';
import { AccessTreeProvider } from '../views/tree/accessTreeProvider';
import { isObjectNode } from '../views/tree/nodeTypes';
import { WhyPanel } from '../views/why/whyPanel';
import { explainError, suggestedAction } from '../../core/explain/explain';
import { isUcKind } from '../../core/catalog/types';
import type { UcVerdict } from '../../core/catalog/types';
import type { SelectedWorkspace } from '../selectedWorkspace';
import { ucAnalysis } from './catalogCommands';

export interface WhyCommandTargets {
  readonly trees: readonly AccessTreeProvider[];
  readonly maps: AccessMaps;
  readonly session: SessionState;
  readonly config: ConfigWatcher;
  readonly selection: SelectedWorkspace;
}

export function registerWhyCommands(context: vscode.ExtensionContext, deps: CommandDeps, targets: WhyCommandTargets): void {
  const { trees, maps, session, config } = targets;

  registerCommand(context, deps, 'accessLens.whyDenied', async (arg?: unknown, actionArg?: unknown) => {
    let node = isObjectNode(arg) ? arg : undefined;
    if (!node) {
      const loaded = trees.flatMap((t) => t.loadedObjects());
      const pick = await vscode.window.showQuickPick(
        loaded.map((n) => ({ label: n.summary.name, description: `${n.kind} ${n.summary.id}`, detail: n.workspace.name, node: n })),
        { placeHolder: loaded.length ? 'Which cluster or job?' : 'Open the Clusters or Jobs view first to load objects', matchOnDescription: true },
      );
      if (!pick) throw new CancelledError();
      node = pick.node;
    }
    const account = session.current;
    if (!account) throw new CancelledError('Not signed in');
    const map = await maps.get(node.workspace.host, account.homeAccountId);
    const row = node.row ?? (await map.row(node.kind, node.summary));
    let action = typeof actionArg === 'string' && (ACTIONS[node.kind] as readonly string[]).includes(actionArg) ? (actionArg as Action) : undefined;
    if (!action) {
      const denied = ACTIONS[node.kind].filter((a) => row.verdicts[a]?.allowed !== true);
      const choices = ACTIONS[node.kind].map((a) => {
        const v = row.verdicts[a];
        const icon = v?.allowed === true ? '$(pass-filled)' : v?.allowed === false ? '$(circle-slash)' : '$(question)';
        return { label: `${icon} ${a}`, description: v ? `needs ${v.required}` : '', detail: v?.summary, action: a };
      });
      // Straight to the first thing you cannot do; a picker when there is a choice to make.
      action = denied.length === 1 ? denied[0] : (await vscode.window.showQuickPick(choices, { placeHolder: `Why can't I… on ${node.summary.name}?` }))?.action;
      if (!action) throw new CancelledError();
    }
    WhyPanel.show(await map.explain(node.kind, node.summary, action));
  });

  registerCommand(context, deps, 'accessLens.explainError', async (textArg?: unknown) => {
    const editor = vscode.window.activeTextEditor;
    const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
    let text = typeof textArg === 'string' ? textArg : selection;
    if (!text.trim()) {
      const clipboard = (await vscode.env.clipboard.readText()).slice(0, 1_000_000);
      text = (await vscode.window.showInputBox({ prompt: 'Paste the error text to explain (the clipboard is pre-filled)', value: clipboard.slice(0, 10_000), ignoreFocusOut: true })) ?? '';
      if (!text.trim()) throw new CancelledError();
    }
    const explanation = explainError(text);
    let analysis: Verdict | UcVerdict | undefined;
    const object = explanation.object;
    const account = session.current;
    const action = suggestedAction(explanation);
    // A Unity Catalog securable: its chain, from the selected workspace first (docs/views.md).
    if (object && isUcKind(object.kind) && action) analysis = await ucAnalysis(targets, object.kind, object.id, action, deps.logger);
    else if (object && isKind(object.kind) && account && action && isAction(object.kind, action)) {
      // The analysis is a bonus: the explanation stands alone when the workspace cannot say more.
      for (const workspace of config.value.config.workspaces) {
        try {
          const map = await maps.get(workspace.host, account.homeAccountId);
          if (!(await map.list(object.kind)).some((o) => o.id === object.id)) continue;
          analysis = await map.why(object.kind, object.id, action);
          break;
        } catch (error) {
          deps.logger.info(`No access analysis from ${workspace.host}: ${(error as Error).message}`);
        }
      }
    }
    WhyPanel.showExplanation(explanation, analysis);
  });
}
