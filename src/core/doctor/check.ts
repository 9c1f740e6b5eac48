/** One `doctor` check's answer, as docs/cli.md's `doctor` shape has it (plus an optional fix). */
export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  readonly id: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly fix?: string;
}
