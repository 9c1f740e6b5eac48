/**
 * Signing out or switching accounts drops that account's verdict cache (docs/architecture.md,
 * "Reopen after a restart"): another user of this machine profile never sees its verdicts, and
 * an account that signed out leaves nothing about its access behind.
 */
import type * as vscode from 'vscode';
import type { VerdictStore } from '../../core/workspace/verdictStore';
import type { SessionState } from '../session';

export function dropVerdictCacheOnSignOut(session: SessionState, store: VerdictStore): vscode.Disposable {
  let previous = session.current?.homeAccountId;
  return session.onDidSessionChange((account) => {
    const next = account?.homeAccountId;
    // The same account again (a token refresh, a restore) keeps its cache.
    if (previous !== undefined && previous !== next) void store.forgetAccount(previous);
    previous = next;
  });
}
