// Which fake service and operation a request is for. Paths match case-insensitively, as ARM's do.
import type { TableName } from './kql.js';
import { type FakeEstate, subscriptionOfId } from './estate.js';
import { requestedSubscriptions, requestedTable } from './resource-graph.js';
import type { Operation, Route } from './types.js';

export interface RouteInfo {
  route: Route;
  operation: Operation;
  /** ARG: the requested subscriptions; ARM: the path's; data plane: the workspace's (lower-case). */
  subscriptions: string[];
  /** ARG: the table the query reads, when the query parses. */
  table?: TableName;
  /** ARM: the Synapse / AML workspace ID in the path (as written); data plane: the workspace's ID when known. */
  workspaceId?: string;
  /** Data plane: the workspace name in the path. ARM: the workspace name in the path. */
  workspaceName?: string;
  /** Authorization routes: the scope before /providers/Microsoft.Authorization ('' for the tenant root). */
  scope?: string;
  /** roleDefinitions: the definition's name (GUID) when a single one is asked for. */
  name?: string;
  /** managedPrivateEndpoints: the managed VNet name in the path. */
  vnet?: string;
}

const ARG_PATH = /^\/providers\/microsoft\.resourcegraph\/resources$/i;
const DATAPLANE_PATH = /^\/dataplane\/([^/]+)(\/.*)?$/i;
const IR_PATH = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.synapse\/workspaces\/([^/]+))\/integrationruntimes$/i;
const AML_COMPUTES_PATH = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.machinelearningservices\/workspaces\/([^/]+))\/computes$/i;
const AML_LS_PATH = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.machinelearningservices\/workspaces\/([^/]+))\/linkedservices$/i;
const ROLE_DEF_PATH = /^(.*?)\/providers\/microsoft\.authorization\/roledefinitions(?:\/([^/]+))?$/i;
const PERMISSIONS_PATH = /^(.*?)\/providers\/microsoft\.authorization\/permissions$/i;

function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname).replace(/\/+$/, '') || '/';
  } catch {
    return undefined;
  }
}

export function classify(pathname: string, body: unknown, estate: FakeEstate): RouteInfo {
  const path = decodePath(pathname);
  if (path === undefined) return { route: 'unknown', operation: 'unknown', subscriptions: [] };

  if (ARG_PATH.test(path)) {
    const table = requestedTable(body);
    return { route: 'arg', operation: 'query', subscriptions: requestedSubscriptions(body), ...(table ? { table } : {}) };
  }

  const dp = DATAPLANE_PATH.exec(path);
  if (dp) {
    const workspaceName = dp[1]!;
    const ws = estate.synapseWorkspace(workspaceName);
    const base: RouteInfo = {
      route: 'dataplane',
      operation: 'unknown',
      workspaceName,
      subscriptions: ws ? [subscriptionOfId(ws.id)].filter((s): s is string => s !== undefined) : [],
      ...(ws ? { workspaceId: ws.id } : {}),
    };
    const rest = (dp[2] ?? '').toLowerCase();
    if (rest === '/linkedservices') return { ...base, operation: 'linkedServices' };
    if (rest === '/roleassignments') return { ...base, operation: 'roleAssignments' };
    const mpe = /^\/managedvirtualnetworks\/([^/]+)\/managedprivateendpoints$/i.exec(dp[2] ?? '');
    if (mpe) return { ...base, operation: 'managedPrivateEndpoints', vnet: mpe[1]! };
    return base;
  }

  const subscriptions = [subscriptionOfId(path)].filter((s): s is string => s !== undefined);
  const ir = IR_PATH.exec(path);
  if (ir) return { route: 'arm', operation: 'integrationRuntimes', subscriptions, workspaceId: ir[1]!, workspaceName: ir[2]! };
  const aml = AML_LS_PATH.exec(path);
  if (aml) return { route: 'arm', operation: 'amlLinkedServices', subscriptions, workspaceId: aml[1]!, workspaceName: aml[2]! };
  const computes = AML_COMPUTES_PATH.exec(path);
  if (computes) return { route: 'arm', operation: 'amlComputes', subscriptions, workspaceId: computes[1]!, workspaceName: computes[2]! };
  const rd = ROLE_DEF_PATH.exec(path);
  if (rd) return { route: 'arm', operation: 'roleDefinitions', subscriptions, scope: rd[1]!, ...(rd[2] ? { name: rd[2] } : {}) };
  const perm = PERMISSIONS_PATH.exec(path);
  if (perm) return { route: 'arm', operation: 'permissions', subscriptions, scope: perm[1]! };
  return { route: 'arm', operation: 'unknown', subscriptions };
}
