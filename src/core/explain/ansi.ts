/**
 * Terminal escape codes out of a text (notebook tracebacks, DBC error texts,
 * terminal captures) before the explainer reads it.
 */
// Colour and cursor codes (CSI), titles and shell-integration marks (OSC): disjoint classes, so no backtracking.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}
