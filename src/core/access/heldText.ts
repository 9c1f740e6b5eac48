/** What you hold, in the words of the why view, the hover and the CLI. */
import { Verdict } from './types';

/** The blockers that mean the ACL was not seen whole: the level shown is then only what is proven. */
export const INCOMPLETE_ACL_CODES: ReadonlySet<string> = new Set(['ACL_PARTIAL', 'ACL_UNREADABLE']);

/** "CAN_RESTART", "nothing", or for an ACL not seen whole "at least CAN_VIEW" / "unknown": never a bare lower bound. */
export function heldText(v: Pick<Verdict, 'granted' | 'blockers'>): string {
  if (!v.blockers.some((b) => INCOMPLETE_ACL_CODES.has(b.code))) return v.granted ?? 'nothing';
  return v.granted ? `at least ${v.granted}` : 'unknown';
}
