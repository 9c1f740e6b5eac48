/** ls workspace PATH and why notebook|directory|repo <path|id>: the workspace tree on the command line. */
import { ACTIONS, Action, ObjectKind } from '../../core/access';
import { AccessLensError } from '../../core/errors';
import { listWorkspaceFolder, resolveWorkspaceRef, whyWorkspaceObject } from '../../core/workspace/workspaceObjects';
import { UsageError } from '../args';
import { CliContext } from '../context';
import { Output } from '../output';
import { accessMap, rowItems, rowsText, verdictText } from './accessOutput';

/** A workspace path is absolute; anything else would be read against no folder at all. */
function absolutePath(path: string | undefined, example: string): string {
  if (!path) throw new UsageError(`Name the folder: ${example}.`);
  if (!path.startsWith('/')) throw new UsageError(`"${path}" is not a workspace path: write it from the root, e.g. ${example}.`);
  // /Users/a/ and /Users/a are the same folder; the API knows only the second.
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

export async function lsWorkspace(ctx: CliContext, out: Output): Promise<number> {
  const folder = absolutePath(ctx.args.operands[1], 'access-lens ls workspace /Users/<you>');
  const map = await accessMap(ctx);
  out.progress(`Reading ${folder} and the permissions of what is in it…`);
  const listing = await listWorkspaceFolder(map, folder);
  if (!listing) throw new AccessLensError('NOT_FOUND', `Nothing is at ${folder} in ${map.host}, or you are not allowed to see it. Check the path ("access-lens ls workspace /" lists the top folders).`);
  const unchecked = listing.unchecked.map((o) => ({ path: o.path, objectType: o.objectType }));
  const note = unchecked.length > 0 ? `\n${unchecked.length} other object${unchecked.length === 1 ? '' : 's'} (files, libraries, dashboards) not checked.` : '';
  out.result({ items: rowItems(listing.rows), unchecked }, `${listing.rows.length > 0 ? rowsText(listing.rows, ACTIONS.notebook) : `No notebooks, folders or Git folders in ${folder}.`}${note}`);
  return 0;
}

export async function whyWorkspace(ctx: CliContext, out: Output, kind: ObjectKind, ref: string, action: Action): Promise<number> {
  if (!ref.startsWith('/') && !/^\d+$/.test(ref)) throw new UsageError(`Name the ${kind} by its workspace path (from the root, e.g. /Users/<you>/…) or its object id (digits), not "${ref}".`);
  const map = await accessMap(ctx);
  const named = ref.startsWith('/') ? absolutePath(ref, '') : ref;
  const found = await resolveWorkspaceRef(map.client, kind, named);
  if (found.state === 'otherKind') {
    throw new UsageError(`${found.info.path} is ${found.info.kind ? `a ${found.info.kind}` : `a ${found.info.objectType.toLowerCase()}, which Access Lens does not check`}, not a ${kind}${found.info.kind ? `: access-lens why ${found.info.kind} ${found.info.path} ${action}` : ''}.`);
  }
  const verdict = await whyWorkspaceObject(map, kind, named, found, action);
  out.result(verdict, verdictText(verdict));
  return 0;
}
