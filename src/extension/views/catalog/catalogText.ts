/**
 * What the Catalog view says about one securable: the state behind its icon, its one-line
 * description and its tooltip, from the `why` of its main action; privileges as the API writes them (docs/views.md, "Catalog").
 * No vscode import, so it is unit-tested.
 */
import { UC_REQUIREMENTS } from '../../../core/catalog/requirements';
import type { ChainLink, UcKind, UcVerdict } from '../../../core/catalog/types';
import { escapeMarkdown, inlineCode } from '../markdown';

export type SecurableState = 'allowed' | 'limited' | 'denied' | 'unknown' | 'loading';

/** Row filters and column masks on a table: you may read, but not everything. */
export interface Filtering {
  readonly rowFilter?: boolean | null;
  readonly columnMasks?: boolean | null;
}

/** The action a node's icon answers: use a catalog or schema, select a table, read a volume, execute a function or model. */
export function mainAction(kind: UcKind): string {
  return UC_REQUIREMENTS[kind].defaultAction;
}

const filtered = (f: Filtering | undefined): boolean => f?.rowFilter === true || f?.columnMasks === true;

export function securableState(verdict: UcVerdict | undefined, error: string | undefined, filtering?: Filtering): SecurableState {
  if (!verdict) return error ? 'unknown' : 'loading';
  if (verdict.allowed === null) return 'unknown';
  if (verdict.allowed === false) return 'denied';
  return filtered(filtering) ? 'limited' : 'allowed';
}

/** `group:engineers` → `via engineers`; your own grant, ownership and inheritance in words. */
export function viaText(via: string | null): string {
  if (!via) return '';
  if (via === 'owner') return 'as owner';
  if (via.startsWith('group:')) return `via ${via.slice('group:'.length)}`;
  if (via.startsWith('user:')) return 'granted to you';
  if (via.startsWith('inherited:')) return `inherited from ${via.slice('inherited:'.length).replace(':', ' ')}`;
  return via;
}

/** `catalog:main` → `main`: the securable's full name, as a link's description names it. */
const securableName = (link: ChainLink): string => link.securable.slice(link.securable.indexOf(':') + 1);

/** One line beside the name: what you hold and through whom, or where the chain breaks, or why it is unknown. */
export function describeVerdict(verdict: UcVerdict | undefined, error: string | undefined, filtering?: Filtering): string {
  if (!verdict) return error ? `unknown: ${error}` : 'checking…';
  if (verdict.allowed === true) {
    const last = verdict.chain[verdict.chain.length - 1];
    const what = [filtering?.rowFilter ? 'row filter' : '', filtering?.columnMasks ? 'column masks' : ''].filter(Boolean).join(' and ');
    return `${verdict.required}${last?.via ? ` · ${viaText(last.via)}` : ''}${what ? ` · filtered (${what})` : ''}`;
  }
  if (verdict.blockers.some((b) => b.code === 'CATALOG_NOT_BOUND')) return 'not bound to this workspace';
  const broken = verdict.chain.find((l) => l.held === false);
  if (verdict.allowed === false && broken) return `${broken.privilege} missing on ${securableName(broken)}`;
  if (verdict.allowed === false) return 'no access';
  const open = verdict.chain.find((l) => l.held === null);
  return open ? `unknown: ${open.privilege} on ${securableName(open)} not readable` : 'unknown';
}

const HELD = (held: boolean | null): string => (held === true ? '$(pass-filled)' : held === false ? '$(circle-slash)' : '$(question)');

/** The tooltip: the summary, then the chain as a table (every workspace value escaped). */
export function securableTooltip(fullName: string, kind: UcKind, verdict: UcVerdict | undefined, error: string | undefined): string {
  const lines = [`**${escapeMarkdown(fullName)}** ${escapeMarkdown(kind)}`, ''];
  if (error) lines.push(`$(warning) ${escapeMarkdown(error)}`, '');
  if (!verdict) return lines.concat(error ? [] : ['Checking your privileges…']).join('\n');
  lines.push(escapeMarkdown(verdict.summary), '', '| securable | privilege | held | via |', '|---|---|---|---|');
  for (const link of verdict.chain) lines.push(`| ${escapeMarkdown(link.securable)} | ${inlineCode(link.privilege)} | ${HELD(link.held)} | ${escapeMarkdown(viaText(link.via))} |`);
  if (verdict.allowed !== true) lines.push('', "Right-click → *Why Can't I…?* for who can grant it and the GRANT to ask for.");
  return lines.join('\n');
}
