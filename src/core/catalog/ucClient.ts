/**
 * Reads Unity Catalog for one workspace: the facts of a privilege chain (catalog → schema →
 * object: your effective privileges, the direct grants, owners, the catalog's workspace binding,
 * a table's row filter and column masks) and, for a Catalog view, the securables level by level.
 *
 * Through the same JSON path and limiter as every other workspace read (workspace/jsonCall.ts),
 * each read under the priority its caller gives. A read the workspace refuses (403) becomes a
 * `null` fact with the reason, so the model says "unknown" there instead of "denied"; any other
 * failure throws, as a read that cannot be had at all is not a fact about access.
 */
import { AccessLensError } from '../errors';
import { explainError } from '../explain/explain';
import type { Subject } from '../access/types';
import type { AuthorizedHttp } from '../workspace/authorizedHttp';
import { WorkspaceApiError } from '../workspace/apiError';
import { invalidAnswer, listField, optionalString } from '../workspace/answerShape';
import { callJson } from '../workspace/jsonCall';
import type { Priority, RequestLimiter } from '../workspace/limiter';
import type { CatalogAnswer, EffectivePermissionsAnswer, PermissionsAnswer, TableAnswer } from './ucModels';
import { AnswerAt, Page, UcSummary, parseBindings, parseEffective, parseGrants, parseIsolationMode, parseOwner, parseTableFilters, parseWorkspaceId, quoteWorkspaceIds, securableTypeOf, toUcSummary } from './ucParse';
import type { ChainFacts, EffectivePrivilege, SecurableFacts, SecurableRef, UcGrant, UcKind } from './types';

const UC = '/api/2.1/unity-catalog';

/** Where each kind's metadata lives, and the field its list answers carry. */
const METADATA: Record<UcKind, { path: string; listField: string }> = {
  catalog: { path: 'catalogs', listField: 'catalogs' },
  schema: { path: 'schemas', listField: 'schemas' },
  table: { path: 'tables', listField: 'tables' },
  volume: { path: 'volumes', listField: 'volumes' },
  function: { path: 'functions', listField: 'functions' },
  'registered-model': { path: 'models', listField: 'registered_models' },
};

/** The workspace's words for a catalog bound to other workspaces only (the answer to reading it from here). */
const NOT_BOUND_HERE = /not accessible in (?:the )?current workspace/i;

/**
 * The privilege a refusal of reading `ref` says you lack on `ref` itself, in the workspace's words
 * (`User does not have USE SCHEMA on Schema 'main.features'.`, read as the explainer reads it);
 * none when it names another securable (say, the catalog above) or no privilege.
 */
function deniedHere(ref: SecurableRef, message: string): string[] {
  const { object, permission } = explainError(message);
  return object && permission && object.kind === ref.kind && object.id.toLowerCase() === ref.fullName.toLowerCase() ? [permission] : [];
}

/** A read's result: the answer, or the reason the workspace refused it. */
type Read<T> = { readonly ok: T } | { readonly refused: string; readonly message: string };

export class UcClient {
  constructor(
    readonly host: string,
    private readonly call: AuthorizedHttp,
    private readonly limiter: RequestLimiter,
    /** Entries asked per list page (the server may give fewer). */
    private readonly listPageSize = 100,
  ) {}

  private get<T>(path: string, priority: Priority, prepare?: (text: string) => string): Promise<T> {
    return callJson<T>((request) => this.limiter.run(() => this.call(request), priority), this.host, { method: 'GET', path }, prepare);
  }

  /** A read where a 403 is an answer ("you may not see this"), not a failure. */
  private async read<T>(path: string, priority: Priority, what: string, prepare?: (text: string) => string): Promise<Read<T>> {
    try {
      return { ok: await this.get<T>(path, priority, prepare) };
    } catch (error) {
      if (error instanceof WorkspaceApiError && error.body.status === 403 && error.code === 'PERMISSION_DENIED') {
        return { refused: `${what} could not be read (HTTP 403${error.body.errorCode ? ` ${error.body.errorCode}` : ''}: ${error.body.message})`, message: error.body.message };
      }
      throw error;
    }
  }

  /** Every page of a paged answer, following `next_page_token`; a token handed out twice would page forever. */
  private async paged<T>(path: string, priority: Priority, parse: (at: AnswerAt, body: unknown) => Page<T>, what: string, prepare?: (text: string) => string): Promise<Read<T[]>> {
    const items: T[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (;;) {
      const pagePath = token ? `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams({ page_token: token })}` : path;
      const answer = await this.read<unknown>(pagePath, priority, what, prepare);
      if (!('ok' in answer)) return answer;
      const page = parse({ host: this.host, path: pagePath }, answer.ok);
      items.push(...page.items);
      if (!page.next) return { ok: items };
      if (seen.has(page.next)) throw invalidAnswer(this.host, pagePath, `${what} handed out the same next_page_token twice, so the list is incomplete.`);
      seen.add(page.next);
      token = page.next;
    }
  }

  private securablePath(ref: SecurableRef): string {
    return `${securableTypeOf(ref.kind)}/${encodeURIComponent(ref.fullName)}`;
  }

  /** Your effective privileges on a securable (inherited ones name where from), for `principal` (your user name). */
  effectivePrivileges(ref: SecurableRef, principal: string, priority: Priority = 'visible'): Promise<Read<EffectivePrivilege[]>> {
    const path = `${UC}/effective-permissions/${this.securablePath(ref)}?${new URLSearchParams({ principal })}`;
    return this.paged<EffectivePrivilege>(path, priority, (at, body) => parseEffective(at, body as EffectivePermissionsAnswer), `Your effective privileges on ${ref.kind} ${ref.fullName}`);
  }

  /** The direct grants on a securable: who could be asked, and which group would give a privilege. */
  grants(ref: SecurableRef, priority: Priority = 'visible'): Promise<Read<UcGrant[]>> {
    return this.paged<UcGrant>(`${UC}/permissions/${this.securablePath(ref)}`, priority, (at, body) => parseGrants(at, body as PermissionsAnswer), `The grants on ${ref.kind} ${ref.fullName}`);
  }

  private metadata<T>(ref: SecurableRef, priority: Priority): Promise<Read<T>> {
    return this.read<T>(`${UC}/${METADATA[ref.kind].path}/${encodeURIComponent(ref.fullName)}`, priority, `The ${ref.kind} ${ref.fullName}`);
  }

  /**
   * Whether this workspace may use an ISOLATED catalog: its bindings against this workspace's id.
   * The bindings are consulted only for ISOLATED catalogs (the SDK's WorkspaceBindings service notes).
   */
  private async boundHere(catalog: string, priority: Priority): Promise<{ bound: boolean | null; reason?: string }> {
    const bindingsPath = `${UC}/bindings/catalog/${encodeURIComponent(catalog)}`;
    const assignmentPath = `${UC}/current-metastore-assignment`;
    const [bindings, assignment] = await Promise.all([
      this.paged<string>(bindingsPath, priority, parseBindings, `The workspace bindings of catalog ${catalog}`, quoteWorkspaceIds),
      this.read<unknown>(assignmentPath, priority, "This workspace's metastore assignment", quoteWorkspaceIds),
    ]);
    if (!('ok' in bindings)) return { bound: null, reason: bindings.refused };
    if (!('ok' in assignment)) return { bound: null, reason: assignment.refused };
    return { bound: bindings.ok.includes(parseWorkspaceId({ host: this.host, path: assignmentPath }, assignment.ok)) };
  }

  /** The facts of one securable of a chain: its three reads (four with a catalog's bindings) in parallel. */
  async securableFacts(ref: SecurableRef, principal: string, priority: Priority = 'visible'): Promise<SecurableFacts> {
    const [effective, grants, metadata] = await Promise.all([this.effectivePrivileges(ref, principal, priority), this.grants(ref, priority), this.metadata<unknown>(ref, priority)]);
    const at = { host: this.host, path: `${UC}/${METADATA[ref.kind].path}/${ref.fullName}` };
    const reasons = [effective, grants, metadata].flatMap((read) => ('ok' in read ? [] : [read.refused]));
    let extra: Partial<Pick<SecurableFacts, 'boundToThisWorkspace' | 'rowFilter' | 'columnMasks' | 'deniedPrivileges'>> = {};
    if (ref.kind === 'catalog') {
      if ('ok' in metadata) {
        const bound = parseIsolationMode(at, metadata.ok as CatalogAnswer) === 'OPEN' ? { bound: true } : await this.boundHere(ref.fullName, priority);
        if (bound.reason) reasons.push(bound.reason);
        extra = { boundToThisWorkspace: bound.bound };
      } else {
        // Refused with the workspace's own words for an unbound catalog: that is the answer, not an unknown.
        extra = { boundToThisWorkspace: NOT_BOUND_HERE.test(metadata.message) ? false : null };
      }
    }
    const denied = 'ok' in metadata ? [] : deniedHere(ref, metadata.message);
    if (denied.length > 0) extra = { ...extra, deniedPrivileges: denied };
    if (ref.kind === 'table') {
      const filters = 'ok' in metadata ? parseTableFilters(at, metadata.ok as TableAnswer) : null;
      extra = { ...extra, rowFilter: filters?.rowFilter ?? null, columnMasks: filters?.columnMasks ?? null };
    }
    return {
      ref,
      owner: 'ok' in metadata ? parseOwner(at, metadata.ok, `The ${ref.kind} ${ref.fullName}`) : null,
      effective: 'ok' in effective ? effective.ok : null,
      grants: 'ok' in grants ? grants.ok : null,
      ...(reasons.length > 0 ? { unreadableReason: reasons.join('; ') } : {}),
      ...extra,
    };
  }

  /** The metastore admin (the metastore's owner, a user or a group); null when it cannot be read. */
  async metastoreAdmins(priority: Priority = 'visible'): Promise<string[] | null> {
    const path = `${UC}/metastore_summary`;
    const answer = await this.read<unknown>(path, priority, 'The metastore summary');
    if (!('ok' in answer)) return null;
    const owner = parseOwner({ host: this.host, path }, answer.ok, 'The metastore summary');
    return owner ? [owner] : null;
  }

  /**
   * Everything the chain model needs for "may `subject` do `action` on `object`": the facts of the
   * catalog, the schema and the object, the three levels read at the same time.
   */
  async readChainFacts(subject: Subject, object: SecurableRef, action: string, priority: Priority = 'visible'): Promise<ChainFacts> {
    const steps = chainOf(object);
    const [facts, metastoreAdmins] = await Promise.all([Promise.all(steps.map((ref) => this.securableFacts(ref, subject.userName, priority))), this.metastoreAdmins(priority)]);
    return { subject, object, action, steps: facts, metastoreAdmins };
  }

  /** One level of the catalog, every page: catalogs, or what a catalog or schema holds. */
  async list(kind: UcKind, parent: { catalog?: string; schema?: string } = {}, priority: Priority = 'visible'): Promise<UcSummary[]> {
    const query = new URLSearchParams({ max_results: String(this.listPageSize) });
    if (parent.catalog) query.set('catalog_name', parent.catalog);
    if (parent.schema) query.set('schema_name', parent.schema);
    const path = `${UC}/${METADATA[kind].path}?${query}`;
    const what = `The ${kind} list`;
    const answer = await this.paged<UcSummary>(path, priority, (at, body) => ({ items: listField(at.host, at.path, body, METADATA[kind].listField, what).map((entry, index) => toUcSummary(at, kind, entry, index)), next: optionalString(at.host, at.path, body as Record<string, unknown>, 'next_page_token', what) }), what);
    if ('ok' in answer) return answer.ok;
    throw new AccessLensError('PERMISSION_DENIED', `${answer.refused}. Ask the owner of ${[parent.catalog, parent.schema].filter(Boolean).join('.') || 'the metastore'} or a metastore admin for access.`);
  }

  listCatalogs(priority?: Priority): Promise<UcSummary[]> {
    return this.list('catalog', {}, priority);
  }

  listSchemas(catalog: string, priority?: Priority): Promise<UcSummary[]> {
    return this.list('schema', { catalog }, priority);
  }

  /** Tables, volumes, functions or registered models of a schema (`main.features`). */
  listInSchema(kind: Exclude<UcKind, 'catalog' | 'schema'>, schemaFullName: string, priority?: Priority): Promise<UcSummary[]> {
    const [catalog, schema] = splitName(schemaFullName, 2, 'schema');
    return this.list(kind, { catalog, schema }, priority);
  }
}

function splitName(fullName: string, parts: number, kind: string): string[] {
  const names = fullName.split('.');
  if (names.length !== parts || names.some((name) => name === '')) {
    throw new AccessLensError('USAGE', `"${fullName}" is not the full name of a ${kind}: write it as ${['catalog', 'schema', 'name'].slice(0, parts).join('.')} (for example ${['main', 'features', 'churn'].slice(0, parts).join('.')}).`);
  }
  return names;
}

/** The securables of a chain, catalog first: `main`, `main.features`, then the object. */
export function chainOf(object: SecurableRef): SecurableRef[] {
  const parts = splitName(object.fullName, object.kind === 'catalog' ? 1 : object.kind === 'schema' ? 2 : 3, object.kind);
  const refs: SecurableRef[] = [{ kind: 'catalog', fullName: parts[0]! }];
  if (object.kind !== 'catalog') refs.push({ kind: 'schema', fullName: `${parts[0]}.${parts[1]}` });
  if (parts.length === 3) refs.push(object);
  return refs;
}
