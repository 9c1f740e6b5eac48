/**
 * Evaluates every action on one listed object for one identity. One per identity, shared by all
 * the rows built with it (objectRow.ts keeps it instead of a closure per row), so rebuilding an
 * object's full verdicts needs only what its row already holds (docs/architecture.md, "100,000 objects").
 */
import { ACTIONS, Verdict, evaluate, ObjectKind } from '../access';
import { RowOutcome, rowOutcome } from '../access/outcome';
import type { AccessObject, AclState, Directory, Subject } from '../access/types';
import type { Summary } from './listing';
import type { RowEvaluator } from './objectRow';

export class IdentityEvaluator implements RowEvaluator {
  constructor(
    readonly subject: Subject,
    private readonly host: string,
    private readonly evidence: AccessObject['evidence'],
    private readonly lookup: Directory,
  ) {}

  all(kind: ObjectKind, summary: Summary, acl: AclState): Record<string, Verdict> {
    const object = this.object(kind, summary, acl);
    const all: Record<string, Verdict> = {};
    for (const action of ACTIONS[kind]) all[action] = evaluate(this.subject, object, action, this.lookup);
    return all;
  }

  outcome(kind: ObjectKind, summary: Summary, acl: AclState): RowOutcome {
    return rowOutcome(this.subject, this.object(kind, summary, acl), ACTIONS[kind], this.lookup);
  }

  private object(kind: ObjectKind, summary: Summary, acl: AclState): AccessObject {
    return {
      kind,
      id: summary.id,
      name: summary.name,
      acl,
      host: this.host,
      // Every summary here came from clusters/list or jobs/list: evidence the model weighs over a
      // refused or cut-down ACL, and only where visibility control is known (completeness.ts).
      evidence: this.evidence,
      ...('dataSecurityMode' in summary ? { dataSecurityMode: summary.dataSecurityMode, singleUserName: summary.singleUserName } : {}),
    };
  }
}
