/**
 * Diagnostics on clusters and jobs that code, notebooks, Asset Bundle YAML and
 * JSON job specs name but you cannot use for what they do with them: an error
 * when the access map says no, a warning for an id no workspace lists, an
 * information when the ACL is unreadable. Hovers show the why; quick fixes
 * open it, copy the access request, or replace the id with one you can use.
 * Only while signed in and trusted, debounced, visible or changed documents
 * only, and off with `accessLens.diagnostics.references: false`.
 */
import * as vscode from 'vscode';
import { Action, ObjectKind, REQUEST_PREFIX, actionVerb, isAction, isKind } from '../../core/access';
import { CancelledError } from '../../core/errors';
import { escapeMarkdown, inlineCode } from '../views/markdown';
import { findReferences } from '../../core/references/findReferences';
import { ReferenceFinding, VerdictSource, judgeReferences, resolveReferences, usableAlternatives } from '../../core/references/resolve';
import { CommandDeps } from '../commands/commandRegistry';
import { verdictMarkdown } from '../views/why/verdictMarkdown';
import { DIAGNOSTIC_SOURCE, RangeFindingScanner, ReferenceTargets, whyQuickFix } from './rangeFindingScanner';
import { afterActivation } from '../startup/afterActivation';

export type { ReferenceTargets } from './rangeFindingScanner';

const LANGUAGES = ['python', 'sql', 'scala', 'yaml', 'json', 'jsonc', 'shellscript', 'dotenv', 'properties', 'ini'];
const FILES = /(?:\.(?:py|sql|scala|ya?ml|json|ipynb|sh|env|cfg|ini|conf)|databrickscfg)$/i;

/** What the replace quick fix hands to its command: the id's place, and what the replacement must allow. */
export interface ReplaceRequest {
  readonly uri: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly kind: ObjectKind;
  readonly action: Action;
  readonly id: string;
  readonly host?: string;
}

export class ReferenceDiagnostics extends RangeFindingScanner<ReferenceFinding> {
  constructor(targets: ReferenceTargets, deps: CommandDeps) {
    super('accessLens.references', targets, deps, [...LANGUAGES.map((language) => ({ language })), { pattern: '**/*.{py,sql,scala,yml,yaml,json,ipynb,sh,env,cfg}' }]);
    this.register(afterActivation(() => this.scanVisible()));
  }

  protected reads(document: vscode.TextDocument): boolean {
    return LANGUAGES.includes(document.languageId) || FILES.test(document.fileName);
  }

  /** The access maps of the configured workspaces for the signed-in account: AccessMap is a VerdictSource. */
  private sources(): Promise<VerdictSource[]> {
    return this.accountMaps();
  }

  protected async find(text: string): Promise<ReferenceFinding[]> {
    const references = findReferences(text);
    if (references.length === 0) return [];
    return this.judgedOrNone('Cluster and job references', this.deps.logger, async () => judgeReferences(references, await resolveReferences(references, await this.sources())));
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const finding = this.findingAt(document, position);
    if (!finding) return undefined;
    const r = finding.reference;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: ['accessLens.whyDenied'] };
    if (finding.verdict) {
      markdown.appendMarkdown(verdictMarkdown(finding.verdict));
      const why = this.whyArguments(finding);
      if (why) markdown.appendMarkdown(`\n\n[$(question) Open the full why](command:accessLens.whyDenied?${encodeURIComponent(JSON.stringify(why))})`);
    } else {
      markdown.appendMarkdown(`**Access Lens: ${escapeMarkdown(r.kind)} not found** ${inlineCode(finding.code)}\n\n`);
      markdown.appendText(finding.message);
    }
    markdown.appendMarkdown(`\n\n*Here the ${escapeMarkdown(r.kind)} is used to ${actionVerb(r.kind, r.action)} it (${inlineCode(r.key)}).*`);
    return new vscode.Hover(markdown, new vscode.Range(r.line, r.start, r.line, r.end));
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || !diagnostic.range.intersection(range)) continue;
      const finding = this.findingAt(document, diagnostic.range.start);
      if (!finding || finding.reference.start !== diagnostic.range.start.character) continue;
      const r = finding.reference;
      const name = finding.summary?.name ?? r.id;
      const why = this.whyArguments(finding);
      if (why) actions.push(whyQuickFix(`Why can't I ${actionVerb(r.kind, r.action)} ${name}?`, 'accessLens.whyDenied', why, diagnostic));
      const request = finding.verdict?.remedies.find((m) => m.startsWith(REQUEST_PREFIX))?.slice(REQUEST_PREFIX.length);
      if (request) {
        const copy = new vscode.CodeAction('Copy an access request to send', vscode.CodeActionKind.QuickFix);
        copy.command = { command: 'accessLens.copyAccessRequest', title: 'Copy Access Request', arguments: [request] };
        copy.diagnostics = [diagnostic];
        actions.push(copy);
      }
      const replace = new vscode.CodeAction(`Replace with a ${r.kind} you can ${actionVerb(r.kind, r.action)}…`, vscode.CodeActionKind.QuickFix);
      const target: ReplaceRequest = { uri: document.uri.toString(), line: r.line, start: r.start, end: r.end, kind: r.kind, action: r.action, id: r.id, host: finding.host };
      replace.command = { command: 'accessLens.replaceReference', title: 'Replace', arguments: [target] };
      replace.diagnostics = [diagnostic];
      actions.push(replace);
    }
    return actions;
  }

  /** accessLens.whyDenied's arguments for a finding: the object as the tree holds it, and the action. */
  private whyArguments(finding: ReferenceFinding): unknown[] | undefined {
    const workspace = this.targets.config.value.config.workspaces.find((w) => w.host === finding.host);
    if (!workspace || !finding.summary) return undefined;
    return [{ type: 'object', workspace, kind: finding.reference.kind, summary: finding.summary }, finding.reference.action];
  }

  /** Replaces the id at the request's place with one the access map says you can use; a pick when there are several. */
  async replace(request: ReplaceRequest): Promise<string | undefined> {
    const account = this.targets.session.current;
    if (!account) throw new CancelledError('Not signed in');
    const workspaces = this.targets.config.value.config.workspaces.filter((w) => !request.host || w.host === request.host);
    const verb = actionVerb(request.kind, request.action);
    const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Access Lens: finding ${request.kind}s you can ${verb}…` }, () =>
      Promise.all(workspaces.map(async (workspace) => ({ workspace, ...(await usableAlternatives(await this.targets.maps.get(workspace.host, account.homeAccountId), request.kind, request.action, request.id)) }))),
    );
    const choices = found.flatMap(({ workspace, alternatives }) =>
      alternatives.map((a) => ({ label: a.summary.name, description: a.summary.id, detail: `${a.verdict.granted ?? ''} · ${workspace.name}`, id: a.summary.id })),
    );
    const unchecked = found.reduce((n, f) => n + f.total - f.checked, 0);
    this.deps.logger.info(`Replace ${request.kind} ${request.id}: ${choices.length} usable of ${found.reduce((n, f) => n + f.checked, 0)} checked`);
    if (choices.length === 0) {
      void vscode.window.showInformationMessage(`Access Lens: no ${request.kind} in ${workspaces.map((w) => w.name).join(', ') || 'the configured workspaces'} lets you ${verb} it${unchecked ? ` (${unchecked} not checked)` : ''}. Open "Why Can't I…?" for who can grant access.`);
      return undefined;
    }
    const picked = choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { placeHolder: `Replace ${request.id} with a ${request.kind} you can ${verb}${unchecked ? ` (the first ${found.reduce((n, f) => n + f.checked, 0)} checked)` : ''}`, matchOnDescription: true, matchOnDetail: true });
    if (!picked) throw new CancelledError();
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(request.uri));
    const range = new vscode.Range(request.line, request.start, request.line, request.end);
    if (document.getText(range) !== request.id) throw new Error(`The ${request.kind} id ${request.id} is no longer at line ${request.line + 1}: the file changed. Try the quick fix again.`);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, picked.id);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not edit ${document.uri.fsPath}: is it read-only?`);
    this.deps.logger.info(`Replaced ${request.kind} ${request.id} with ${picked.id} at line ${request.line + 1} of ${document.uri.fsPath}`);
    return picked.id;
  }
}

export function isReplaceRequest(value: unknown): value is ReplaceRequest {
  const r = value as Partial<ReplaceRequest> | undefined;
  return typeof r?.uri === 'string' && typeof r.line === 'number' && typeof r.start === 'number' && typeof r.end === 'number' && typeof r.kind === 'string' && isKind(r.kind) && typeof r.action === 'string' && isAction(r.kind, r.action) && typeof r.id === 'string';
}
