/**
 * Commands that act (start a job run, write a file) can be called with
 * arguments by other extensions and by command links, skipping our own
 * dialogs. Those calls get a modal confirmation naming what will happen; our
 * own UI never passes these arguments, so it never sees one.
 */
import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';

/** Answers the confirmation instead of a person (extension tests only, through TestApi): the button, or undefined to decline. */
export type ConfirmationAnswer = (question: string) => string | undefined;
let answerForTests: ConfirmationAnswer | undefined;
const asked: string[] = [];

export const confirmationsForTests = {
  answer(answer: ConfirmationAnswer | undefined): void {
    answerForTests = answer;
  },
  /** The questions asked so far. */
  asked: (): readonly string[] => [...asked],
};

/** Resolves when the user picks `button`; anything else cancels the command silently. */
export async function confirmCallerArguments(question: string, detail: string, button: string): Promise<void> {
  asked.push(question);
  const picked = answerForTests ? answerForTests(question) : await vscode.window.showWarningMessage(question, { modal: true, detail }, button);
  if (picked !== button) throw new CancelledError(`Not confirmed: ${question}`);
}
