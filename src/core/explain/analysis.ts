/**
 * The access analysis of an explained error (docs/cli.md, `explain`): when the text names an
 * object `why` covers, the `why` document for it and the action the text implies, for you. A
 * workspace object goes through the access map's ACL model; a Unity Catalog securable through its
 * privilege chain (the privilege the text names → the action needing it: SELECT → select,
 * USE_SCHEMA on a schema → use, READ_VOLUME → read; catalog/requirements.ts).
 */
import { isAction, isKind, type Action, type ObjectKind, type Verdict } from '../access';
import { isUcKind, type SecurableRef, type UcVerdict } from '../catalog/types';
import type { AccessMap } from '../workspace/accessMap';
import { resolveWorkspaceRef, whyWorkspaceObject } from '../workspace/workspaceObjects';
import { isFolderKind } from '../workspace/workspaceTree';
import { suggestedAction } from './explain';
import type { Explanation } from './explainTypes';

export type AnalysisTarget = { readonly uc: false; readonly kind: ObjectKind; readonly id: string; readonly action: Action } | { readonly uc: true; readonly ref: SecurableRef; readonly action: string };

/** What `why` would answer for the text, or undefined when it names nothing `why` covers. */
export function analysisTarget(explanation: Pick<Explanation, 'object' | 'permission'>): AnalysisTarget | undefined {
  const object = explanation.object;
  const action = suggestedAction(explanation);
  if (!object || !action) return undefined;
  if (isUcKind(object.kind)) return { uc: true, ref: { kind: object.kind, fullName: object.id }, action };
  if (isKind(object.kind) && isAction(object.kind, action)) return { uc: false, kind: object.kind, id: object.id, action };
  return undefined;
}

/** The `why` document for the target in one workspace (its access map). */
export function accessAnalysis(map: AccessMap, target: AnalysisTarget): Promise<Verdict | UcVerdict> {
  if (target.uc) return map.catalog.why(target.ref, target.action);
  return isFolderKind(target.kind) ? workspaceAnalysis(map, target.kind, target.id, target.action) : map.why(target.kind, target.id, target.action);
}

/**
 * A notebook, folder or Git folder the text names by path or id, judged as `why notebook|directory|repo`
 * does (inheritance from its folders included). A path that turns out to hold another kind (the text
 * said "notebook" of a folder) is judged as what it is, when Access Lens checks that kind.
 */
async function workspaceAnalysis(map: AccessMap, kind: ObjectKind, ref: string, action: Action): Promise<Verdict> {
  const found = await resolveWorkspaceRef(map.client, kind, ref);
  if (found.state !== 'otherKind') return whyWorkspaceObject(map, kind, ref, found, action);
  const actual = found.info.kind;
  if (actual && isAction(actual, action)) return whyWorkspaceObject(map, actual, ref, { state: 'found', id: found.info.id, path: found.info.path }, action);
  return whyWorkspaceObject(map, kind, ref, { state: 'notFound' }, action);
}

/** `table main.features.churn select`: the audit trail's and the log's words for a target. */
export function targetText(target: AnalysisTarget): string {
  return target.uc ? `${target.ref.kind} ${target.ref.fullName} ${target.action}` : `${target.kind} ${target.id} ${target.action}`;
}
