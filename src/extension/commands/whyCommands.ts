/** Why can't I…? for an object in the views, and Explain Access Error for any error text: both open the why view. */
import * as vscode from 'vscode';
import { ACTIONS, Action, Verdict } from '../../core/access';
import { Logger } from '../../core/log';
import { CancelledError } from '../../core/errors';
import { CommandDeps, registerCommand } from './commandRegistry';
import { SessionState } from '../session';
import { ConfigWatcher } from '../settings';
import { AccessMaps } from '../../core/workspace/accessMaps';
import { AccessTreeProvider } from '../views/tree/accessTreeProvider';
import { isObjectNode } from '../views/tree/nodeTypes';
import { WhyPanel } from '../views/why/whyPanel';
import { isFolderKind } from '../../core/workspace/workspaceTree';
import { whyWorkspaceObject } from '../../core/workspace/workspaceObjects';
import { explainError } from '../../core/explain/explain';
import { AnalysisTarget, accessAnalysis, analysisTarget } from '../../core/explain/analysis';
import type { UcVerdict } from '../../core/catalog/types';
import type { SelectedWorkspace } from '../selectedWorkspace';

export interface WhyCommandTargets {
  readonly trees: readonly AccessTreeProvider[];
  readonly maps: AccessMaps;
  readonly session: SessionState;
  readonly config: ConfigWatcher;
  readonly selection: SelectedWorkspace;
}

export function registerWhyCommands(context: vscode.ExtensionContext, deps: CommandDeps, targets: WhyCommandTargets): void {
  const { trees, maps, session } = targets;

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
    // A cached row (verdict cache) has no full verdicts: read the object again.
    const row = node.row && !node.row.cached ? node.row : await map.row(node.kind, node.summary);
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
    // A notebook or folder of the Workspace view: grants inherited from folders named by path, as `why notebook` names them.
    const path = isFolderKind(node.kind) && node.summary.name.startsWith('/') ? node.summary.name : undefined;
    WhyPanel.show(path ? await whyWorkspaceObject(map, node.kind, path, { state: 'found', id: node.summary.id, path }, action) : await map.explain(node.kind, node.summary, action));
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
    const analysis = await explainAnalysis(targets, analysisTarget(explanation), deps.logger);
    WhyPanel.showExplanation(explanation, analysis);
  });
}

/**
 * The analysis of an explained error: the `why` for the object and action the text names, from the
 * selected workspace first, then the others (a cluster or job only where it is listed). A bonus:
 * when no workspace can say more, the explanation stands alone and the log says why.
 */
async function explainAnalysis(targets: WhyCommandTargets, target: AnalysisTarget | undefined, logger: Logger): Promise<Verdict | UcVerdict | undefined> {
  const account = targets.session.current;
  if (!target || !account) return undefined;
  const selected = targets.selection.current?.host;
  const workspaces = [...targets.config.value.config.workspaces].sort((a, b) => Number(b.host === selected) - Number(a.host === selected));
  for (const workspace of workspaces) {
    try {
      const map = await targets.maps.get(workspace.host, account.homeAccountId);
      if (!target.uc && !(await map.list(target.kind)).some((o) => o.id === target.id)) continue;
      return await accessAnalysis(map, target);
    } catch (error) {
      logger.info(`No access analysis from ${workspace.host}: ${(error as Error).message}`);
    }
  }
  return undefined;
}
