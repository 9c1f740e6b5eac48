/**
 * Your groups from Microsoft Graph, for when no token lists them (Entra's
 * overage marker, or no groups claim at all). `POST /v1.0/me/getMemberObjects`
 * is transitive, answers every id in one response (no paging, so no next link
 * to follow to another host), and for the signed-in user needs only the
 * delegated permission User.Read (Microsoft Graph documentation,
 * directoryObject: getMemberObjects). The Graph token is requested for the
 * Graph resource only and sent only to the Graph host of the configured
 * cloud: never to a workspace, never to the endpoint a token names.
 */
import { HttpsClient } from '../net/httpsClient';

/** Login host → Graph host, per national cloud (Microsoft Graph "national cloud deployments"). */
const GRAPH_HOSTS: Readonly<Record<string, string>> = {
  'login.microsoftonline.com': 'https://graph.microsoft.com',
  'login.microsoft.com': 'https://graph.microsoft.com',
  'login.windows.net': 'https://graph.microsoft.com',
  'login.microsoftonline.us': 'https://graph.microsoft.us',
  'login.chinacloudapi.cn': 'https://microsoftgraph.chinacloudapi.cn',
  'login.partner.microsoftonline.cn': 'https://microsoftgraph.chinacloudapi.cn',
};

/** The delegated permission asked for: enough for the signed-in user's own memberships. */
export const GRAPH_PERMISSION = 'User.Read';

export interface GraphEndpoint {
  /** Where the request goes. */
  readonly origin: string;
  /** The scope of the Graph token (`<resource>/User.Read`). */
  readonly scope: string;
}

/**
 * The Graph of the cloud the authority belongs to. An authority that is no Microsoft login host (a
 * local test identity provider) serves Graph itself: it already holds your refresh token, so a
 * Graph token sent to it goes nowhere new. Its tokens name the global Graph resource.
 */
export function graphEndpointFor(authority: string): GraphEndpoint {
  const url = new URL(authority);
  const known = GRAPH_HOSTS[url.hostname.toLowerCase()];
  return known ? { origin: known, scope: `${known}/${GRAPH_PERMISSION}` } : { origin: url.origin, scope: `https://graph.microsoft.com/${GRAPH_PERMISSION}` };
}

export class GraphGroupsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphGroupsError';
  }
}

/** The ids of every group (and directory role) you are in, nesting included. */
export async function readMemberObjects(http: HttpsClient, endpoint: GraphEndpoint, accessToken: string): Promise<string[]> {
  const url = `${endpoint.origin}/v1.0/me/getMemberObjects`;
  // securityEnabledOnly false: SCIM provisioning can sync Microsoft 365 groups too; ids that match no workspace group do no harm.
  const response = await http({ method: 'POST', url, headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ securityEnabledOnly: false }), timeoutMs: 15_000 });
  if (response.status !== 200) {
    let detail = '';
    try {
      const error = (JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } }).error;
      detail = [error?.code, error?.message].filter((v) => typeof v === 'string').join(': ');
    } catch {
      detail = '';
    }
    throw new GraphGroupsError(`Microsoft Graph answered HTTP ${response.status} to getMemberObjects${detail ? ` (${detail})` : ''}`);
  }
  let value: unknown;
  try {
    value = (JSON.parse(response.body) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value)) throw new GraphGroupsError('Microsoft Graph answered getMemberObjects without a list of ids (a proxy in the way?)');
  return value.filter((v): v is string => typeof v === 'string');
}
