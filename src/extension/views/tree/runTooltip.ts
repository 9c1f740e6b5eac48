/**
 * A run's tooltip in the Jobs view. The job name, the starter and the state
 * message come from the workspace, so each goes through the shared escaper.
 * No vscode import, so it is unit-tested.
 */
import type { JobRun } from '../../../core/workspace/jobRuns';
import { escapeMarkdown, inlineCode } from '../markdown';

export function runTooltipMarkdown(run: JobRun, jobName: string, starter: { startedBy: string; match: string | undefined }, state: string): string {
  const lines = [
    `**Run ${escapeMarkdown(run.runId)}** of ${escapeMarkdown(jobName)}`,
    `Started by: ${escapeMarkdown(starter.startedBy)}${starter.match ? ` (${escapeMarkdown(starter.match)})` : ''}`,
    `State: ${inlineCode(state)}${run.stateMessage ? ` (${escapeMarkdown(run.stateMessage)})` : ''}`,
  ];
  if (run.startTime) lines.push(`Started: ${new Date(run.startTime).toLocaleString()}${run.endTime ? `, took ${Math.max(1, Math.round((run.endTime - run.startTime) / 60_000))} min` : ''}`);
  if (run.trigger) lines.push(`Trigger: ${inlineCode(run.trigger)}`);
  return lines.join('\n\n');
}
