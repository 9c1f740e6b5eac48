/** Chain facts for the model's tests: alice, in ds and (through ml) in ml-all; main → main.features → main.features.churn. */
import type { Subject } from '../../../src/core/access/types';
import type { ChainFacts, EffectivePrivilege, SecurableFacts, SecurableRef, UcKind } from '../../../src/core/catalog/types';

export const ME = 'alice@contoso.com';

export const subject: Subject = {
  userName: ME,
  groups: [
    { id: '1', displayName: 'ds', externalId: null, path: [`user:${ME}`, 'group:ds'] },
    { id: '2', displayName: 'ml', externalId: null, path: [`user:${ME}`, 'group:ml'] },
    { id: '3', displayName: 'ml-all', externalId: null, path: [`user:${ME}`, 'group:ml', 'group:ml-all'] },
  ],
  entraGroupIds: [],
};

export const CATALOG: SecurableRef = { kind: 'catalog', fullName: 'main' };
export const SCHEMA: SecurableRef = { kind: 'schema', fullName: 'main.features' };
export const TABLE: SecurableRef = { kind: 'table', fullName: 'main.features.churn' };

export function held(privilege: string, principal = ME, inheritedFrom: SecurableRef | null = null): EffectivePrivilege {
  return { privilege, principal, inheritedFrom };
}

export function step(ref: SecurableRef, effective: EffectivePrivilege[] | null, extra: Partial<SecurableFacts> = {}): SecurableFacts {
  return { ref, owner: 'data-platform', effective, grants: [], ...(ref.kind === 'catalog' ? { boundToThisWorkspace: true } : {}), ...extra };
}

/** A table chain where every link is held directly by you, unless the overrides say otherwise. */
export function tableFacts(over: { catalog?: Partial<SecurableFacts>; schema?: Partial<SecurableFacts>; table?: Partial<SecurableFacts>; action?: string } = {}): ChainFacts {
  return {
    subject,
    object: TABLE,
    action: over.action ?? 'select',
    steps: [
      step(CATALOG, [held('USE_CATALOG')], over.catalog),
      step(SCHEMA, [held('USE_SCHEMA')], over.schema),
      step(TABLE, [held('SELECT'), held('MODIFY')], over.table),
    ],
    metastoreAdmins: ['metastore-admins'],
  };
}

/** The chain for any kind, every step readable with the given effective privileges per step. */
export function factsFor(kind: UcKind, action: string, effective: (EffectivePrivilege[] | null)[]): ChainFacts {
  const names = kind === 'catalog' ? ['main'] : kind === 'schema' ? ['main', 'main.features'] : ['main', 'main.features', `main.features.${kind}`];
  const kinds: UcKind[] = ['catalog', 'schema', kind].slice(0, names.length - 1).concat(kind) as UcKind[];
  const steps = names.map((fullName, i) => step({ kind: kinds[i] as UcKind, fullName }, effective[i] ?? []));
  return { subject, object: { kind, fullName: names[names.length - 1] as string }, action, steps };
}
