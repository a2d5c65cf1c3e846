// The fake Synapse data plane (https://{ws}.dev.azuresynapse.net in Azure; <fake url>/dataplane/{ws} here).
//
// Paging follows the service: linked services and managed private endpoints page with an absolute `nextLink` in the
// body; role assignments return an `x-ms-continuation` response header that the client sends back as the
// `x-ms-continuation` request header. The last linked-services page has no nextLink; the last managed-private-
// endpoints page has `"nextLink": ""`, as in the published ListManagedPrivateEndpoints example, so a collector
// must treat an empty nextLink as the end.
import type { RawPayload } from '../../src/estate/snapshot.js';
import { type FakeResponse, azureError, checkApiVersion, decodeToken, encodeToken, json } from './http.js';
import type { FakeEstate, WorkspaceRef } from './estate.js';
import { normaliseId } from './estate.js';

// Versions the Synapse data-plane SDKs have shipped with for these operations; their list shapes are the same.
export const LINKED_SERVICE_API_VERSIONS = ['2020-12-01', '2019-06-01-preview'];
export const MANAGED_PRIVATE_ENDPOINT_API_VERSIONS = ['2020-12-01', '2021-06-01-preview', '2019-06-01-preview'];
export const ROLE_ASSIGNMENT_API_VERSIONS = ['2020-12-01', '2020-08-01-preview'];

export interface DataPlaneContext {
  estate: FakeEstate;
  pageSize: number;
  /** Base URL of a workspace's data plane on the fake, e.g. https://127.0.0.1:1234/dataplane/ws1 */
  baseUrl(workspaceName: string): string;
}

export type DataPlaneList = 'linkedServices' | 'managedPrivateEndpoints' | 'roleAssignments';

function dataOf(ws: WorkspaceRef, ctx: DataPlaneContext) {
  return ctx.estate.snapshot.synapse?.[normaliseId(ws.id)];
}

function workspaceNotFound(name: string): FakeResponse {
  return azureError(404, 'WorkspaceNotFound', `fake-azure: the snapshot has no Synapse data-plane data for workspace '${name}'.`);
}

function bodyPage(
  items: RawPayload[],
  ws: WorkspaceRef,
  subPath: string,
  query: URLSearchParams,
  ctx: DataPlaneContext,
  lastPageNextLink: '' | undefined,
): FakeResponse {
  const listKey = `dataplane:${ws.name}:${subPath.toLowerCase()}`;
  const token = query.get('continuationToken');
  let offset = 0;
  if (token !== null) {
    const decoded = decodeToken(token, listKey);
    if (decoded === undefined) return azureError(400, 'InvalidContinuationToken', 'fake-azure: continuationToken is malformed or belongs to another list.');
    offset = decoded;
  }
  const value = items.slice(offset, offset + ctx.pageSize);
  const body: Record<string, unknown> = { value };
  if (offset + value.length < items.length) {
    const next = new URL(`${ctx.baseUrl(ws.name)}${subPath}`);
    next.searchParams.set('api-version', query.get('api-version')!);
    next.searchParams.set('continuationToken', encodeToken(listKey, offset + value.length));
    body.nextLink = next.toString();
  } else if (lastPageNextLink !== undefined) {
    body.nextLink = lastPageNextLink;
  }
  return json(body);
}

/** GET /linkedservices */
export function answerLinkedServices(wsName: string, query: URLSearchParams, ctx: DataPlaneContext): FakeResponse {
  const bad = checkApiVersion(query, LINKED_SERVICE_API_VERSIONS, 'Synapse linked services');
  if (bad) return bad;
  const ws = ctx.estate.synapseWorkspace(wsName);
  const data = ws && dataOf(ws, ctx);
  if (!ws || !data) return workspaceNotFound(wsName);
  return bodyPage(data.linkedServices ?? [], ws, '/linkedservices', query, ctx, undefined);
}

/** GET /managedVirtualNetworks/{vnet}/managedPrivateEndpoints — a Synapse managed VNet is always named `default`. */
export function answerManagedPrivateEndpoints(wsName: string, vnet: string, query: URLSearchParams, ctx: DataPlaneContext): FakeResponse {
  const bad = checkApiVersion(query, MANAGED_PRIVATE_ENDPOINT_API_VERSIONS, 'Synapse managed private endpoints');
  if (bad) return bad;
  const ws = ctx.estate.synapseWorkspace(wsName);
  const data = ws && dataOf(ws, ctx);
  if (!ws || !data) return workspaceNotFound(wsName);
  if (vnet.toLowerCase() !== 'default') {
    return azureError(404, 'ManagedVirtualNetworkNotFound', `fake-azure: managed virtual network '${vnet}' does not exist (Synapse names it 'default').`);
  }
  return bodyPage(data.managedPrivateEndpoints ?? [], ws, '/managedVirtualNetworks/default/managedPrivateEndpoints', query, ctx, '');
}

/**
 * GET /roleAssignments[?roleId=&principalId=&scope=] with `x-ms-continuation` paging. `count` is the number of
 * assignments in this page.
 */
export function answerRoleAssignments(
  wsName: string,
  query: URLSearchParams,
  continuation: string | undefined,
  ctx: DataPlaneContext,
): FakeResponse {
  const bad = checkApiVersion(query, ROLE_ASSIGNMENT_API_VERSIONS, 'Synapse role assignments');
  if (bad) return bad;
  const ws = ctx.estate.synapseWorkspace(wsName);
  const data = ws && dataOf(ws, ctx);
  if (!ws || !data) return workspaceNotFound(wsName);
  const filters = (['roleId', 'principalId', 'scope'] as const).map((k) => [k, query.get(k)] as const);
  const field = { roleId: 'roleDefinitionId', principalId: 'principalId', scope: 'scope' } as const;
  const items = (data.roleAssignments ?? []).filter((a) =>
    filters.every(([k, v]) => v === null || v === '' || String(a[field[k]] ?? '').toLowerCase() === v.toLowerCase()),
  );
  const listKey = `dataplane:${ws.name}:roleassignments:${JSON.stringify(filters)}`;
  let offset = 0;
  if (continuation !== undefined && continuation !== '') {
    const decoded = decodeToken(continuation, listKey);
    if (decoded === undefined) return azureError(400, 'InvalidContinuationToken', 'fake-azure: x-ms-continuation is malformed or belongs to another list.');
    offset = decoded;
  }
  const value = items.slice(offset, offset + ctx.pageSize);
  const headers: Record<string, string> = {};
  if (offset + value.length < items.length) headers['x-ms-continuation'] = encodeToken(listKey, offset + value.length);
  return json({ count: value.length, value }, 200, headers);
}
