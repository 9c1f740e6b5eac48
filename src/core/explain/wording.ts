/**
 * Plain words for each `explain` code: a title, what happened, and remedies
 * that say what to do and who can do it. Kept apart from the scanner so the
 * wording can change without touching the linear-time matching.
 */
import { actionForPermission } from '../access/kinds';
import type { AadExplanation } from './aadsts';
import type { ExplainCode, ObjectRef } from './explainTypes';

export interface Context {
  readonly object: ObjectRef | null;
  readonly permission: string | null;
  readonly aad?: AadExplanation;
  readonly unknownAadsts?: number;
  readonly singleUser?: boolean;
  readonly blockedIp?: string;
  /** The kind the text names when it gives no id ("access cluster"). */
  readonly kindWord?: string;
}

export interface Wording {
  readonly title: string;
  readonly explanation: string;
  readonly remedies: string[];
}

const SIGN_IN = 'Sign in again: run `access-lens login` (in VS Code: Access Lens: Sign In).';
const REFRESH = 'Get a fresh token: run `access-lens token`, or Access Lens: Refresh Tokens in VS Code; it never hands out a token with less than 2 minutes left.';
const DOCTOR = 'Run `access-lens doctor` to check sign-in, token, workspace user and group sync in one go.';
const AZURE_SCOPE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default';

function named(object: ObjectRef | null, kindWord?: string): string {
  return object ? `${object.kind} ${object.id}` : `the ${kindWord ?? 'object'}`;
}

/** The `why` action for an object of a kind in the table: the one the permission unlocks, else the kind's default (docs/kinds.md). */
export function whyAction(object: ObjectRef, permission: string | null): string | undefined {
  return actionForPermission(object.kind, permission);
}

function whyRemedy(object: ObjectRef | null, permission: string | null): string {
  const action = object ? whyAction(object, permission) : undefined;
  return object && action
    ? `Run \`access-lens why ${object.kind} ${object.id} ${action}\` to see which grants reach you, through which groups, and what is missing.`
    : DOCTOR;
}

function permissionDenied(ctx: Context): Wording {
  const { object, permission } = ctx;
  if (ctx.singleUser) {
    return {
      title: 'Cluster dedicated to another user',
      explanation: `${object ? `Cluster ${object.id}` : 'The cluster'} runs in Single user (Dedicated) access mode: only the user or group it is assigned to may run commands on it, whatever its permissions list says.`,
      remedies: [
        'Use a cluster assigned to you or in Standard (shared) access mode.',
        'Or ask the cluster\'s owner or a workspace admin to assign it to you (or a group you belong to), or to switch its access mode to Standard.',
        whyRemedy(object ?? null, 'CAN_ATTACH_TO'),
      ],
    };
  }
  const target = named(object, ctx.kindWord);
  const what = permission ? `${permission} on ${target}` : `the permission this action needs on ${target}`;
  const who = object ? `a workspace admin, or someone with CAN_MANAGE on ${target}` : `a workspace admin, or the owner of ${target}`;
  return {
    title: permission ? `Missing ${permission} permission` : 'Permission denied',
    explanation: `You are signed in, but Databricks refused the action: you (or the identity it ran as) lack ${what}.`,
    remedies: [
      `Ask ${who}, to grant ${permission ?? 'that permission'} to you or to one of your groups.`,
      whyRemedy(object, permission),
      'If one of your Entra groups should already grant it, ask to have that group provisioned to the workspace via SCIM: a grant to a group the workspace has not synced does not reach you.',
    ],
  };
}

function fromAad(aad: AadExplanation): Wording {
  const remedies = [aad.remedy];
  if (aad.interactive) remedies.push(SIGN_IN);
  if (aad.admin) remedies.push('Signing in again will not help on its own: this needs your Entra administrator.');
  return { title: `${aad.title} (AADSTS${aad.aadsts})`, explanation: aad.explanation, remedies };
}

type Writer = (ctx: Context) => Wording;

const WRITERS: Record<ExplainCode, Writer> = {
  TOKEN_EXPIRED: () => ({
    title: 'Access token expired',
    explanation: 'Databricks rejected the request because its access token has expired or expires within seconds (Azure Databricks refuses tokens with less than 30 seconds left).',
    remedies: [REFRESH, `If the refresh fails, ${SIGN_IN.charAt(0).toLowerCase()}${SIGN_IN.slice(1)}`, 'If a tool keeps its own copy of the token (DATABRICKS_TOKEN, a pipeline variable, a linked service), replace it there: Entra tokens last about an hour.'],
  }),
  TOKEN_INVALID: () => ({
    title: 'Access token not accepted',
    explanation: 'Databricks did not accept the access token: it is malformed, revoked, issued for another workspace or tenant, or a personal access token that expired or was deleted.',
    remedies: [SIGN_IN, REFRESH, 'Check that the host is the workspace the token is for: `access-lens whoami` shows both sides.'],
  }),
  WRONG_AUDIENCE: (ctx) => ({
    ...(ctx.aad ? fromAad(ctx.aad) : { title: 'Token issued for another resource', explanation: 'The token\'s audience (`aud`) is not Azure Databricks: for example an Azure management token (https://management.core.windows.net/) instead of one for the Azure Databricks resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d.', remedies: [] }),
    remedies: [
      ...(ctx.aad ? [ctx.aad.remedy] : []),
      `Request the token for the scope ${AZURE_SCOPE} (Azure CLI: \`az account get-access-token --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d\`).`,
      'In Access Lens leave accessLens.scope empty (or set it to that scope), then run `access-lens login`.',
      'With token federation, check that the workspace\'s federation policy lists the token\'s issuer and audience.',
    ],
  }),
  IP_BLOCKED: (ctx) => ({
    title: 'Blocked by the workspace IP access list',
    explanation: `The workspace only accepts requests from allowed networks, and ${ctx.blockedIp ? `your public address ${ctx.blockedIp}` : 'the address your request came from'} is not on its IP access list.`,
    remedies: [
      'Connect through a network your company allows (usually the corporate VPN) and retry.',
      'Otherwise ask a workspace admin to check the IP access list and add your public address or range (workspace settings → Security → IP access list).',
      'Signing in again will not help: the block is on the network address, not on your identity.',
    ],
  }),
  RATE_LIMITED: () => ({
    title: 'Too many requests',
    explanation: 'Databricks throttled the request: the workspace or your identity made too many API calls in a short time.',
    remedies: [
      'Wait and retry; if the answer carried a Retry-After header, wait at least that many seconds.',
      'Lower the parallelism of scripts, pipelines or Terraform runs calling this workspace.',
      'If it keeps happening, ask a workspace admin whether another tool is using up the workspace\'s API limits.',
    ],
  }),
  PERMISSION_DENIED: permissionDenied,
  NOT_FOUND: (ctx) => ({
    title: 'Not found',
    explanation: `${ctx.object ? `${ctx.object.kind.charAt(0).toUpperCase()}${ctx.object.kind.slice(1)} ${ctx.object.id}` : 'The object'} does not exist in this workspace, was deleted, or is not visible to you (Databricks also says "does not exist" when you may not see it).`,
    remedies: [
      'Check the id and the workspace URL: ids are per workspace.',
      'If it does exist, ask its owner or a workspace admin for at least view access (CAN_ATTACH_TO on a cluster, CAN_VIEW on a job).',
      '`access-lens ls clusters` and `access-lens ls jobs` list what you can see.',
    ],
  }),
  NOT_PROVISIONED: () => ({
    title: 'Not a user of this workspace',
    explanation: 'Your identity was recognised, but it is not a user of this workspace: you were not added (provisioned) to it, directly or through a synced group — or the token was sent to the wrong workspace.',
    remedies: [
      'Ask a workspace admin to add you, ideally by assigning you or your Entra group to the Azure Databricks SCIM provisioning app so that it stays in sync.',
      'Check that you are calling the right workspace URL: `access-lens whoami`.',
      'If you were added just now, wait for the next SCIM provisioning cycle (about 40 minutes), then sign in again.',
    ],
  }),
  MFA_REQUIRED: (ctx) => ctx.aad ? fromAad(ctx.aad) : { title: 'Multi-factor authentication required', explanation: 'Your organisation requires a second factor for this sign-in.', remedies: [`${SIGN_IN} Complete the MFA prompt in the browser.`] },
  CONDITIONAL_ACCESS_BLOCKED: (ctx) => ctx.aad ? fromAad(ctx.aad) : {
    title: 'Blocked by Conditional Access',
    explanation: 'A Conditional Access policy of your organisation blocks this sign-in (by location, device, app or risk). Signing in again will not help.',
    remedies: ['Ask your Entra administrator about Conditional Access: the sign-in logs name the policy that blocked you and what it requires.'],
  },
  REFRESH_TOKEN_EXPIRED: (ctx) => ctx.aad ? fromAad(ctx.aad) : { title: 'Sign-in expired', explanation: 'The stored sign-in (refresh token) is no longer valid: it expired, was revoked, or the session ended.', remedies: [SIGN_IN] },
  CONSENT_REQUIRED: (ctx) => ctx.aad ? fromAad(ctx.aad) : { title: 'Consent required', explanation: 'Nobody has consented to this app reading Azure Databricks on your behalf.', remedies: [`${SIGN_IN} Accept the consent prompt.`, 'If your organisation does not allow user consent, ask your Entra administrator to grant admin consent to the app registration.'] },
  USER_NOT_ASSIGNED: (ctx) => ctx.aad ? fromAad(ctx.aad) : { title: 'Not assigned to the app', explanation: 'The app registration requires assignment, and neither you nor one of your groups is assigned to it.', remedies: ['Ask your Entra administrator to assign you (or your group) to the app under Enterprise applications → Users and groups.'] },
  PUBLIC_CLIENT_DISABLED: (ctx) => ctx.aad ? fromAad(ctx.aad) : { title: 'Public client flows disabled', explanation: 'The app registration does not allow public client flows, so Entra asked for a client secret that a desktop tool must not have.', remedies: ['Ask your Entra administrator to turn on "Allow public client flows" (Authentication → Advanced settings) and to add the redirect http://localhost under "Mobile and desktop applications".'] },
  STATE_MISMATCH: (ctx) => ctx.aad ? fromAad(ctx.aad) : { title: 'Sign-in answer did not match', explanation: 'The browser returned to a different sign-in than the one that was started (state, nonce or PKCE check failed), for example from an old tab.', remedies: ['Start the sign-in again and finish it in the browser tab it opens.'] },
  UNKNOWN: (ctx) => ({
    title: ctx.aad ? `${ctx.aad.title} (AADSTS${ctx.aad.aadsts})` : ctx.unknownAadsts ? `Entra ID error AADSTS${ctx.unknownAadsts}` : 'No access error recognised',
    explanation: ctx.aad
      ? ctx.aad.explanation
      : ctx.unknownAadsts
        ? `Entra ID refused the sign-in with AADSTS${ctx.unknownAadsts}, a code Access Lens does not explain yet.`
        : 'The text does not contain an access error that Access Lens recognises (token, permission, workspace membership, IP access list, throttling or Entra sign-in).',
    remedies: [
      ...(ctx.aad ? [ctx.aad.remedy] : []),
      ...(ctx.unknownAadsts ? [`Look the code up at https://login.microsoftonline.com/error?code=${ctx.unknownAadsts}.`] : []),
      DOCTOR,
      'Paste the complete error, including any JSON body or the line with "error_code", "AADSTS" or the HTTP status.',
    ],
  }),
};

export function describe(code: ExplainCode, ctx: Context): Wording {
  return WRITERS[code](ctx);
}
