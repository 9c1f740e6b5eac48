/**
 * Writers for stdout and stderr that write to the file descriptor directly. Touching
 * process.stdout or process.stderr builds a stream, and for a pipe (how a credential helper's
 * caller reads `access-lens token`) that loads node:net: about a tenth of a warm `token` call
 * (docs/cli.md, "`token` as a credential helper"). What a direct write cannot take (a full
 * non-blocking pipe, EAGAIN) goes on through the process's own stream, in order.
 */
import { writeSync } from 'node:fs';
import type { TextSink } from './output';

export interface DirectWriter extends TextSink {
  /** Whether everything went to the descriptor: nothing waits in a stream, so exiting now loses nothing. */
  allWritten(): boolean;
}

export function directWriter(fd: number, stream: () => NodeJS.WritableStream): DirectWriter {
  let fallback: NodeJS.WritableStream | undefined;
  return {
    allWritten: () => fallback === undefined,
    write(text: string): boolean {
      if (fallback) return fallback.write(text);
      const bytes = Buffer.from(text, 'utf8');
      let written = 0;
      try {
        while (written < bytes.length) written += writeSync(fd, bytes, written);
        return true;
      } catch {
        // Everything after this goes through the stream, so nothing overtakes what it still holds.
        fallback = stream();
        return fallback.write(bytes.subarray(written));
      }
    },
  };
}
