/** access-lens explain: an error text on stdin, explained; with the access analysis when it names an object and you are signed in. */
import { accessAnalysis, analysisTarget, targetText } from '../../core/explain/analysis';
import { explainError } from '../../core/explain/explain';
import { UsageError } from '../args';
import { CliContext } from '../context';
import { Output } from '../output';
import { verdictText } from './accessOutput';
import { ucVerdictText } from './whyUc';

const MAX_INPUT = 64 * 1024 * 1024;

export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  if ((stdin as { isTTY?: boolean }).isTTY) throw new UsageError('Pipe the error text in, e.g.: databricks clusters start 0123-456789-abcd 2>&1 | access-lens explain');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_INPUT) throw new UsageError(`The input is over ${MAX_INPUT / 1024 / 1024} MB; pipe only the failing command's output.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function explain(ctx: CliContext, out: Output, stdin: NodeJS.ReadableStream): Promise<number> {
  const text = await readStdin(stdin);
  const explanation = explainError(text);
  let analysis: unknown = undefined;
  let analysisText = '';
  const target = analysisTarget(explanation);
  if (target && ctx.config.workspaces.length === 1) {
    // The analysis is a bonus: when not signed in or the workspace cannot be read, the explanation stands alone.
    try {
      const core = await ctx.core();
      const account = await core.session.currentAccount();
      if (account) {
        const map = await ctx.maps.get(ctx.host(), account.homeAccountId);
        const verdict = await accessAnalysis(map, target);
        analysis = verdict;
        analysisText = `\n\nFor you, right now:\n${'chain' in verdict ? ucVerdictText(verdict) : verdictText(verdict)}`;
        await ctx.audit('access-check', 'ok', { host: ctx.host(), code: verdict.blockers[0]?.code, detail: targetText(target) });
      }
    } catch (error) {
      ctx.logger.info(`No access analysis: ${(error as Error).message}`);
    }
  }
  const document = analysis ? { ...explanation, analysis } : explanation;
  const lines = [
    explanation.matched ? `${explanation.code}: ${explanation.title}` : 'No access error recognised in this text.',
    explanation.explanation,
    ...(explanation.object ? [`Object: ${explanation.object.kind} ${explanation.object.id}${explanation.permission ? ` (needs ${explanation.permission})` : ''}`] : []),
    ...(explanation.remedies.length ? ['', 'What to do:', ...explanation.remedies.map((r) => `  - ${r}`)] : []),
  ];
  out.result(document, lines.join('\n') + analysisText);
  return 0;
}
