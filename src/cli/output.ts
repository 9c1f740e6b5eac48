/**
 * Everything the CLI prints goes through here: with --json exactly one JSON
 * document on stdout, and human text, progress and errors on stderr.
 */
import { redact } from '../core/log';

export const EXIT = { ok: 0, doctorFailed: 1, usage: 2, signIn: 3, network: 4, interrupted: 130 } as const;

/** Where text goes: a process stream, or cli/directStdio.ts's direct writer. */
export interface TextSink {
  write(text: string): unknown;
}

export interface Output {
  readonly json: boolean;
  result(document: unknown, text: string): void;
  error(code: string, message: string): void;
  progress(message: string): void;
}

export function createOutput(json: boolean, stdout: TextSink, stderr: TextSink): Output {
  return {
    json,
    result(document, text) {
      stdout.write(json ? `${JSON.stringify(document, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`);
    },
    error(code, message) {
      const safe = redact(message);
      if (json) stdout.write(`${JSON.stringify({ error: { code, message: safe } })}\n`);
      stderr.write(`access-lens: ${safe}\n`);
    },
    progress(message) {
      stderr.write(`${redact(message)}\n`);
    },
  };
}
