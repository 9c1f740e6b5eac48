/**
 * The identity a pipeline runs as, in its row's tooltip (docs/views.md, Workspace view): read on
 * hover, one pipelines/get for the pipeline the user points at, as listing N pipelines would cost N
 * reads. Unknown says why (pipelines/get refused, no run-as field), never a guess.
 */
import * as vscode from 'vscode';
import type { AccessMap } from '../../../core/workspace/accessMap';
import { readPipelineRunAs } from '../../../core/workspace/pipelineRunAs';
import { runAsLine } from '../../../core/workspace/runAs';
import { escapeMarkdown } from '../markdown';

/** Adds "Runs as: …" to a pipeline row's Markdown tooltip. */
export async function addPipelineRunAs(item: vscode.TreeItem, pipelineId: string, map: AccessMap | undefined): Promise<vscode.TreeItem> {
  if (!map || !(item.tooltip instanceof vscode.MarkdownString)) return item;
  let line: string;
  try {
    const identity = await map.whoami();
    const read = await readPipelineRunAs(map.client, pipelineId, identity.me.userName);
    line = runAsLine(read.runAs ? { runAs: read.runAs } : { runAs: null, runAsUnknown: read.reason });
  } catch (error) {
    line = runAsLine({ runAs: null, runAsUnknown: error instanceof Error ? error.message : String(error) });
  }
  item.tooltip.appendMarkdown(`\n\n$(person) ${escapeMarkdown(line)}`);
  return item;
}
