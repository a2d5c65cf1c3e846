// The fake Resource Manager GETs synaml reads: Synapse integration runtimes, AML-side linked services, AML computes,
// role definitions (custom role resolution) and the permissions API (--preflight).
import type { RawPayload } from '../../src/estate/snapshot.js';
import { type FakeResponse, azureError, checkApiVersion, decodeToken, encodeToken, json } from './http.js';
import {
  type FakeEstate,
  AML_WORKSPACE_TYPE,
  ROLE_DEFINITION_TYPE,
  SYNAPSE_WORKSPACE_TYPE,
  lower,
  normaliseId,
  parseScope,
  subscriptionOfId,
} from './estate.js';
import type { Permission } from './types.js';

// Versions whose list shapes are identical; anything else is answered like ARM answers an unknown version.
export const INTEGRATION_RUNTIME_API_VERSIONS = ['2021-06-01', '2021-06-01-preview', '2021-05-01', '2021-03-01', '2020-12-01', '2019-06-01-preview'];
export const AML_LINKED_SERVICE_API_VERSIONS = ['2020-09-01-preview'];
/**
 * Computes: the stable versions synaml may ask for, and the preview version the service's own Compute_List example
 * (stable/2025-12-01/examples/Compute/list.json) puts in its nextLink, with `$skip`: a client must follow it verbatim.
 */
export const AML_COMPUTE_API_VERSIONS = ['2025-12-01', '2025-09-01', '2025-07-01-preview'];
export const AML_COMPUTE_NEXT_LINK_API_VERSION = '2025-07-01-preview';
export const AUTHORIZATION_API_VERSIONS = ['2022-04-01', '2018-01-01-preview', '2015-07-01'];

export const DEFAULT_PERMISSIONS: Permission[] = [{ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }];

export interface ArmContext {
  estate: FakeEstate;
  url: string;
  pageSize: number;
}

function notFound(id: string): FakeResponse {
  const parts = id.split('/');
  const rg = parts[4] ?? '';
  const type = `${parts[6] ?? ''}/${parts[7] ?? ''}`;
  return azureError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${parts[8] ?? ''}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** An ARM list page: `{value, nextLink?}`; nextLink is absolute and carries api-version, as ARM's do. */
function armPage(items: RawPayload[], path: string, query: URLSearchParams, ctx: ArmContext): FakeResponse {
  const listKey = `arm:${path.toLowerCase()}`;
  const token = query.get('$skipToken') ?? query.get('$skiptoken');
  let offset = 0;
  if (token !== null) {
    const decoded = decodeToken(token, listKey);
    if (decoded === undefined) return azureError(400, 'InvalidSkipToken', 'fake-azure: $skipToken is malformed or belongs to another list.');
    offset = decoded;
  }
  const value = items.slice(offset, offset + ctx.pageSize);
  const body: Record<string, unknown> = { value };
  if (offset + value.length < items.length) {
    const next = new URL(`${ctx.url}${path}`);
    next.searchParams.set('api-version', query.get('api-version')!);
    next.searchParams.set('$skipToken', encodeToken(listKey, offset + value.length));
    body.nextLink = next.toString();
  }
  return json(body);
}

/** GET {synapseWorkspaceId}/integrationRuntimes */
export function answerIntegrationRuntimes(workspaceId: string, path: string, query: URLSearchParams, ctx: ArmContext): FakeResponse {
  const bad = checkApiVersion(query, INTEGRATION_RUNTIME_API_VERSIONS, 'Microsoft.Synapse/workspaces/integrationRuntimes');
  if (bad) return bad;
  if (!ctx.estate.resourceExists(workspaceId, SYNAPSE_WORKSPACE_TYPE, 'integrationRuntimes')) return notFound(workspaceId);
  const items = ctx.estate.snapshot.arm?.[normaliseId(workspaceId)]?.integrationRuntimes ?? [];
  return armPage(items, path, query, ctx);
}

/** GET {amlWorkspaceId}/linkedServices (SDK v1 preview API: one page, no nextLink in its model). */
export function answerAmlLinkedServices(workspaceId: string, query: URLSearchParams, ctx: ArmContext): FakeResponse {
  const bad = checkApiVersion(query, AML_LINKED_SERVICE_API_VERSIONS, 'Microsoft.MachineLearningServices/workspaces/linkedServices');
  if (bad) return bad;
  if (!ctx.estate.resourceExists(workspaceId, AML_WORKSPACE_TYPE, 'linkedServices')) return notFound(workspaceId);
  return json({ value: ctx.estate.snapshot.arm?.[normaliseId(workspaceId)]?.linkedServices ?? [] });
}

/**
 * GET {amlWorkspaceId}/computes. Pages of `pageSize`; the nextLink is absolute, uses `$skip` and another api-version
 * than the request's (as the published example does), so a client that rebuilds the URL from its own version breaks.
 */
export function answerAmlComputes(workspaceId: string, path: string, query: URLSearchParams, ctx: ArmContext): FakeResponse {
  const bad = checkApiVersion(query, AML_COMPUTE_API_VERSIONS, 'Microsoft.MachineLearningServices/workspaces/computes');
  if (bad) return bad;
  if (!ctx.estate.resourceExists(workspaceId, AML_WORKSPACE_TYPE, 'computes')) return notFound(workspaceId);
  const items = ctx.estate.snapshot.arm?.[normaliseId(workspaceId)]?.computes ?? [];
  const skipText = query.get('$skip');
  const offset = skipText === null ? 0 : Number(skipText);
  if (!Number.isInteger(offset) || offset < 0) return azureError(400, 'BadRequest', `fake-azure: $skip '${skipText}' is not a non-negative integer.`);
  if (skipText !== null && query.get('api-version') !== AML_COMPUTE_NEXT_LINK_API_VERSION) {
    return azureError(400, 'BadRequest', 'fake-azure: a computes page after the first must be asked with the nextLink as given (its api-version).');
  }
  const value = items.slice(offset, offset + ctx.pageSize);
  const body: Record<string, unknown> = { value };
  if (offset + value.length < items.length) {
    const next = new URL(`${ctx.url}${path}`);
    next.searchParams.set('api-version', AML_COMPUTE_NEXT_LINK_API_VERSION);
    next.searchParams.set('$skip', String(offset + value.length));
    body.nextLink = next.toString();
  }
  return json(body);
}

function roleDefinitionRows(ctx: ArmContext): RawPayload[] {
  return ctx.estate.table('authorizationresources').filter((r) => lower(r.type) === ROLE_DEFINITION_TYPE);
}

function isBuiltIn(row: RawPayload): boolean {
  return subscriptionOfId(String(row.id ?? '')) === undefined && !/managementgroups/i.test(String(row.id ?? ''));
}

/** A custom role is visible at a scope its assignableScopes (or its own subscription) cover. */
function visibleAt(row: RawPayload, scope: string): boolean {
  if (isBuiltIn(row)) return true;
  const target = normaliseId(scope || '/');
  if (target === '/') return true;
  const assignable = (row.properties as Record<string, unknown> | undefined)?.assignableScopes;
  const scopes = Array.isArray(assignable) ? assignable.filter((s): s is string => typeof s === 'string') : [];
  const sub = subscriptionOfId(String(row.id ?? ''));
  if (sub) scopes.push(`/subscriptions/${sub}`);
  return scopes.some((s) => {
    const n = normaliseId(s);
    return n === '/' || target === n || target.startsWith(`${n}/`);
  });
}

/** ARM's shape for a role definition; built-ins read at a subscription scope get that subscription's ID prefix. */
function armRoleDefinition(row: RawPayload, scope: string): RawPayload {
  const name = String(row.name ?? String(row.id ?? '').split('/').pop());
  const ref = parseScope(scope || '/');
  const id =
    isBuiltIn(row) && ref.level === 'subscription'
      ? `/subscriptions/${ref.subscription}/providers/Microsoft.Authorization/roleDefinitions/${name}`
      : String(row.id);
  return { id, name, type: 'Microsoft.Authorization/roleDefinitions', properties: structuredClone(row.properties ?? {}) };
}

/**
 * GET {scope}/providers/Microsoft.Authorization/roleDefinitions[/{guid}], served from the `authorizationresources`
 * role definition rows. The list understands `$filter=roleName eq '…'` and `$filter=type eq '…'` only.
 */
export function answerRoleDefinitions(scope: string, name: string | undefined, query: URLSearchParams, ctx: ArmContext): FakeResponse {
  const bad = checkApiVersion(query, AUTHORIZATION_API_VERSIONS, 'Microsoft.Authorization/roleDefinitions');
  if (bad) return bad;
  const rows = roleDefinitionRows(ctx).filter((r) => visibleAt(r, scope));
  if (name !== undefined) {
    const row = rows.find((r) => lower(r.name) === name.toLowerCase() || lower(String(r.id ?? '').split('/').pop()) === name.toLowerCase());
    if (!row) return azureError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${name}' does not exist.`);
    return json(armRoleDefinition(row, scope));
  }
  let selected = rows;
  const filter = query.get('$filter');
  if (filter !== null) {
    const m = /^\s*(roleName|type)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(filter);
    if (!m) return azureError(400, 'BadRequest', `fake-azure: unsupported $filter '${filter}' (only roleName eq '…' or type eq '…')`);
    const field = m[1] === 'roleName' ? 'roleName' : 'type';
    const want = m[2]!.replace(/''/g, "'");
    selected = rows.filter((r) => (r.properties as Record<string, unknown> | undefined)?.[field] === want);
  }
  return json({ value: selected.map((r) => armRoleDefinition(r, scope)) });
}

/** GET {scope}/providers/Microsoft.Authorization/permissions: the caller's effective actions at a scope. */
export function answerPermissions(scope: string, query: URLSearchParams, override: Permission[] | undefined): FakeResponse {
  const bad = checkApiVersion(query, AUTHORIZATION_API_VERSIONS, 'Microsoft.Authorization/permissions');
  if (bad) return bad;
  if (parseScope(scope).level !== 'subscription') {
    return azureError(400, 'InvalidScope', `fake-azure: permissions are served for subscription, resource group and resource scopes, not '${scope || '/'}'.`);
  }
  return json({ value: structuredClone(override ?? DEFAULT_PERMISSIONS) });
}
