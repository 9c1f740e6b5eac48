/** login, logout, token and whoami. */
import { AccessLensError } from '../../core/errors';
import { flowFor } from '../../core/identity/flowChoice';
import { describeIdpGroupSource } from '../../core/identity/idpGroups';
import { IdentityAccount } from '../../core/identity/provider';
import { MIN_VALIDITY_SECONDS } from '../../core/tokens/broker';
import { getMe } from '../../core/workspace/scim';
import { RequestLimiter, throughLimiter } from '../../core/workspace/limiter';
import { Core } from '../../core/services';
import { CliContext } from '../context';
import { Output } from '../output';
import { terminalSignInUi } from '../signInUi';

async function requireAccount(core: Core): Promise<IdentityAccount> {
  const account = await core.session.currentAccount();
  if (!account) throw new AccessLensError('SIGN_IN_REQUIRED', 'You are not signed in. Run "access-lens login" first.', ['signIn']);
  return account;
}

export async function login(ctx: CliContext, out: Output, signal: AbortSignal): Promise<number> {
  const host = ctx.host();
  const core = await ctx.core();
  const decision = flowFor(ctx.config.identityProvider, ctx.config.signInFlow, { env: ctx.env, platform: process.platform }, ctx.config.redirectPort);
  if (decision.note) out.progress(decision.note);
  const where = ctx.config.identityProvider === 'oidc' ? ctx.config.issuer : ctx.config.identityProvider === 'databricks' ? `${host} (the workspace's own sign-in)` : `${ctx.config.authority}/${ctx.config.tenant}`;
  out.progress(`Signing in to ${where} with ${decision.flow === 'browser' ? 'the browser' : 'a device code'} (${decision.reason}).`);
  const entra = await core.session.signIn(decision.flow, core.signInScopes, terminalSignInUi(ctx.env, process.stderr, signal));
  const token = await core.broker.getDatabricksToken(host, entra.account.homeAccountId, { forceRefresh: true, identityIsFresh: true });
  // Through a limiter: a 429 on SCIM Me right after sign-in is waited out, not a failed login.
  const me = await getMe(throughLimiter(core.workspaceHttp(host, entra.account.homeAccountId), new RequestLimiter({ maxConcurrent: 1, requestsPerSecond: ctx.config.maxRequestsPerSecond })), host);
  const document = {
    account: { username: entra.account.username, objectId: entra.account.objectId, tenantId: entra.account.tenantId },
    databricks: { host, userName: me.userName },
    token: { mode: token.mode, expiresAt: token.expiresAt.toISOString() },
  };
  await ctx.audit('sign-in', 'ok', { host, userName: me.userName, detail: `${decision.flow}, token mode ${token.mode}` });
  out.result(document, `Signed in as ${entra.account.username}; Databricks user ${me.userName} on ${host}.\nToken (${token.mode}) valid until ${token.expiresAt.toISOString()}, kept in the OS keychain.`);
  return 0;
}

export async function logout(ctx: CliContext, out: Output): Promise<number> {
  const core = await ctx.core();
  await ctx.audit('logout', 'ok');
  const removed = await core.session.signOutEverywhere();
  const of = ctx.config.identityProvider === 'oidc' ? `issuer ${core.namespace.tenant}` : ctx.config.identityProvider === 'databricks' ? `workspace ${core.namespace.tenant}` : `tenant ${core.namespace.tenant}`;
  out.result({ removed }, removed > 0 ? `Signed out: removed ${removed} keychain item(s) of ${of}.` : 'Nothing to remove: you were not signed in.');
  return 0;
}

export async function token(ctx: CliContext, out: Output): Promise<number> {
  const host = ctx.host();
  const core = await ctx.core();
  const account = await requireAccount(core);
  let result = await core.broker.getDatabricksToken(host, account.homeAccountId);
  // CONTRACT: at least 2 minutes left. A token that lives less than that cannot meet it: it is
  // refreshed to the freshest possible and handed out, rather than refused.
  if (result.expiresAt.getTime() - Date.now() < MIN_VALIDITY_SECONDS * 1000) {
    result = await core.broker.getDatabricksToken(host, account.homeAccountId, { forceRefresh: true });
  }
  out.result({ accessToken: result.token.reveal(), expiresAt: result.expiresAt.toISOString(), mode: result.mode }, result.token.reveal());
  return 0;
}

export async function whoami(ctx: CliContext, out: Output): Promise<number> {
  const host = ctx.host();
  const core = await ctx.core();
  const account = await requireAccount(core);
  const dbx = await core.broker.getDatabricksToken(host, account.homeAccountId);
  // The access map already reads both sides of the identity (SCIM Me, nested groups, the token's groups claim).
  const { me, groups, entraGroupIds, idpGroups } = await (await ctx.maps.get(host, account.homeAccountId)).whoami();
  // With the Databricks sign-in there is no identity provider's side to show (docs/cli.md, whoami): null, and why.
  const databricksSignIn = ctx.config.identityProvider === 'databricks';
  const document = {
    entra: databricksSignIn ? null : {
      username: account.username,
      objectId: account.objectId,
      tenantId: account.tenantId,
      groups: entraGroupIds,
      // Where `groups` came from; null with `groupsUnknown` when no source gave them (then `groups` is empty, not "none").
      groupsSource: idpGroups.state === 'known' ? idpGroups.source : null,
      ...(idpGroups.state === 'unknown' ? { groupsUnknown: { reason: idpGroups.reason, howToEnable: idpGroups.howToEnable } } : {}),
    },
    databricks: {
      host,
      userName: me.userName,
      id: me.id,
      groups: groups.map((g) => ({ id: g.id, displayName: g.displayName, externalId: g.externalId })),
      entitlements: me.entitlements,
    },
    token: { mode: dbx.mode, expiresAt: dbx.expiresAt.toISOString() },
    ...(databricksSignIn && idpGroups.state === 'unknown' ? { idpGroupsUnknown: { reason: idpGroups.reason, howToEnable: idpGroups.howToEnable } } : {}),
  };
  out.result(
    document,
    [
      databricksSignIn
        ? `Signed in: ${account.username} through ${account.tenantId}'s own sign-in (no identity provider token)`
        : ctx.config.identityProvider === 'oidc'
        ? `OIDC:       ${account.username} (subject ${account.objectId}, issuer ${account.tenantId})`
        : `Entra ID:   ${account.username} (object id ${account.objectId}, tenant ${account.tenantId})`,
      `Databricks: ${me.userName} on ${host} (id ${me.id})`,
      idpGroups.state === 'known'
        ? `IdP groups: ${idpGroups.ids.length}, from ${describeIdpGroupSource(idpGroups)}`
        : `IdP groups: unknown: ${idpGroups.reason}. ${idpGroups.howToEnable}`,
      `Groups:     ${groups.map((g) => (g.direct ? g.displayName : `${g.displayName} (nested)`)).join(', ') || 'none'}`,
      `Token:      ${dbx.mode}, valid until ${dbx.expiresAt.toISOString()}`,
    ].join('\n'),
  );
  return 0;
}
