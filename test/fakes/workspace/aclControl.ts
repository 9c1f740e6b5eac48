// Changing an object's ACL while the sandbox runs, as an admin would in the
// workspace: `POST /__sandbox/acl {type: "clusters"|"jobs", id, acl: [{user|group|servicePrincipal, level}]}`
// replaces it and answers the one it replaced (`{previous}`), so a test can put
// it back. The permissions API reads ACLs live: the next read answers the new
// one. Tests in another process (the VS Code extension host) use it to check
// that a changed ACL reaches a view that showed a cached verdict.
import type { Directory } from '../directory';
import { sendJson } from '../http/respond';
import type { RequestContext, Router } from '../http/router';
import type { AclEntry } from '../scenario';

const USAGE = 'Expected {"type": "clusters"|"jobs", "id": an existing object, "acl": [{"user"|"group"|"servicePrincipal", "level"}]}.';

export function mountAclControl(router: Router, directory: Directory): Router {
  return router.post('/__sandbox/acl', async (ctx: RequestContext) => {
    const body = (await ctx.json()) as { type?: unknown; id?: unknown; acl?: unknown } | undefined;
    const id = String(body?.id ?? '');
    const target = body?.type === 'clusters' ? directory.cluster(id) : body?.type === 'jobs' && /^\d+$/.test(id) ? directory.job(Number(id)) : undefined;
    const acl = body?.acl;
    const valid = (e: unknown): e is AclEntry => typeof e === 'object' && e !== null && typeof (e as AclEntry).level === 'string' && [(e as AclEntry).user, (e as AclEntry).group, (e as AclEntry).servicePrincipal].some((p) => typeof p === 'string');
    if (!target || !Array.isArray(acl) || !acl.every(valid)) return sendJson(ctx.res, 400, { error: USAGE });
    const previous = target.acl;
    target.acl = acl;
    sendJson(ctx.res, 200, { previous });
  });
}
