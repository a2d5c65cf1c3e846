// Raw payload builders for tests. Each starts from a real example payload from Azure's public REST API specs
// (test/fixtures/azure-examples, copied from shared/azure-examples) and changes only values, never the shape.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawPayload, Snapshot, SnapshotError } from '../../src/estate/snapshot.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'azure-examples');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const examples = new Map<string, Json>();

/** A parsed example file, read once per process (scale tests build tens of thousands of payloads); callers clone it. */
function example(file: string): Json {
  let parsed = examples.get(file);
  if (!parsed) {
    parsed = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Json;
    examples.set(file, parsed);
  }
  return parsed;
}

function body(file: string): Json {
  return structuredClone(example(file).responses['200'].body) as Json;
}

/** ARG returns `type` lower-cased and adds subscriptionId / resourceGroup columns. */
function argRow(armBody: Json, id: string): RawPayload {
  const parts = id.split('/');
  return {
    id,
    name: parts[parts.length - 1],
    type: String(armBody.type).toLowerCase(),
    subscriptionId: parts[2],
    resourceGroup: parts[4],
    location: armBody.location ?? 'westeurope',
    ...(armBody.identity ? { identity: armBody.identity } : {}),
    properties: armBody.properties ?? {},
  };
}

export const SUB = '11111111-2222-4333-8444-555555555555';
export const TENANT = '99999999-8888-4777-8666-555555555555';

export const ids = {
  synapse: (name: string, rg = 'rg-analytics', sub = SUB) =>
    `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Synapse/workspaces/${name}`,
  aml: (name: string, rg = 'rg-ml', sub = SUB) =>
    `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`,
  storage: (name: string, rg = 'rg-ml', sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${name}`,
  keyVault: (name: string, rg = 'rg-ml', sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`,
  registry: (name: string, rg = 'rg-ml', sub = SUB) =>
    `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}`,
  privateEndpoint: (name: string, rg = 'rg-network', sub = SUB) =>
    `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/privateEndpoints/${name}`,
};

export interface SynapseWorkspaceOptions {
  managedVirtualNetwork?: boolean;
  preventDataExfiltration?: boolean;
  publicNetworkAccess?: 'Enabled' | 'Disabled';
  principalId?: string;
  storageAccountName?: string;
  storageResourceId?: string;
}

/** A Synapse workspace row (GetWorkspace example). */
export function synapseWorkspaceRow(id: string, o: SynapseWorkspaceOptions = {}): RawPayload {
  const b = body('synapse-2021-06-01-GetWorkspace.json');
  const name = id.split('/').pop()!;
  b.identity = { type: 'SystemAssigned', principalId: o.principalId ?? 'aaaaaaaa-0000-4000-8000-000000000001', tenantId: TENANT };
  b.properties.managedVirtualNetworkSettings.preventDataExfiltration = o.preventDataExfiltration ?? false;
  if (o.managedVirtualNetwork ?? true) b.properties.managedVirtualNetwork = 'default';
  b.properties.publicNetworkAccess = o.publicNetworkAccess ?? 'Enabled';
  const account = o.storageAccountName ?? `${name.replace(/-/g, '')}adls`;
  b.properties.defaultDataLakeStorage = {
    accountUrl: `https://${account}.dfs.core.windows.net`,
    filesystem: 'default',
    ...(o.storageResourceId ? { resourceId: o.storageResourceId } : {}),
  };
  b.properties.connectivityEndpoints = { dev: `https://${name}.dev.azuresynapse.net`, sql: `${name}.sql.azuresynapse.net` };
  return argRow(b, id);
}

/** A Spark pool row (GetBigDataPool example); ARG returns only the last segment as `name`. */
export function sparkPoolRow(workspaceId: string, name: string, sparkVersion: string): RawPayload {
  const b = body('synapse-2021-06-01-GetBigDataPool.json');
  b.properties.sparkVersion = sparkVersion;
  return argRow(b, `${workspaceId}/bigDataPools/${name}`);
}

export interface AmlWorkspaceOptions {
  publicNetworkAccess?: 'Enabled' | 'Disabled';
  principalId?: string;
  storageAccount?: string;
  keyVault?: string;
  containerRegistry?: string | null;
  /** Private endpoint connections as [private endpoint ID, status]. */
  connections?: Array<[string, string]>;
  /**
   * `properties.managedNetwork`, in the shape of the 2025-12-01 Workspaces_Get example (stable/2025-12-01/examples/
   * Workspace/get.json: `isolationMode`, `networkId`, `outboundRules` as a map by rule name, `status.{status, sparkReady}`;
   * a PrivateEndpoint rule's `destination` is `{serviceResourceId, subresourceTarget, sparkEnabled}`).
   */
  managedNetwork?: Record<string, unknown>;
}

/** An AML workspace row (Workspace get example). */
export function amlWorkspaceRow(id: string, o: AmlWorkspaceOptions = {}): RawPayload {
  const b = body('aml-2024-10-01-Workspace-get.json');
  b.identity = { type: 'SystemAssigned', principalId: o.principalId ?? 'bbbbbbbb-0000-4000-8000-000000000001', tenantId: TENANT };
  b.properties.publicNetworkAccess = o.publicNetworkAccess ?? 'Disabled';
  if (o.storageAccount) b.properties.storageAccount = o.storageAccount;
  if (o.keyVault) b.properties.keyVault = o.keyVault;
  if (o.managedNetwork) b.properties.managedNetwork = structuredClone(o.managedNetwork);
  if (o.containerRegistry === null) delete b.properties.containerRegistry;
  else if (o.containerRegistry) b.properties.containerRegistry = o.containerRegistry;
  const template = b.properties.privateEndpointConnections[0];
  b.properties.privateEndpointConnections = (o.connections ?? []).map(([peId, status], i) => {
    const c = structuredClone(template);
    c.id = `${id}/privateEndpointConnections/conn${i}`;
    c.name = `conn${i}`;
    c.properties.privateEndpoint.id = peId;
    c.properties.privateLinkServiceConnectionState.status = status;
    return c;
  });
  return argRow(b, id);
}

/**
 * A storage account / key vault / registry row with its private endpoint connections. The connection items reuse
 * the AML example's PrivateEndpointConnection shape (id, name, type, properties.privateEndpoint.id,
 * properties.privateLinkServiceConnectionState.status), which storage, Key Vault and ACR share.
 */
export function privateLinkTargetRow(id: string, type: string, connections: Array<[string, string]> = []): RawPayload {
  const template = body('aml-2024-10-01-Workspace-get.json').properties.privateEndpointConnections[0];
  return {
    id,
    name: id.split('/').pop(),
    type: type.toLowerCase(),
    subscriptionId: id.split('/')[2],
    resourceGroup: id.split('/')[4],
    location: 'westeurope',
    properties: {
      privateEndpointConnections: connections.map(([peId, status], i) => {
        const c = structuredClone(template);
        c.id = `${id}/privateEndpointConnections/pec${i}`;
        c.name = `pec${i}`;
        c.type = `${type}/privateEndpointConnections`;
        c.properties.privateEndpoint.id = peId;
        c.properties.privateLinkServiceConnectionState.status = status;
        return c;
      }),
    },
  };
}

/** A private endpoint row (PrivateEndpointGet example) connected to `targetId` for `groupId`. */
export function privateEndpointRow(id: string, targetId: string, groupId: string, status = 'Approved'): RawPayload {
  const b = body('network-2024-05-01-PrivateEndpointGet.json');
  const conn = b.properties.privateLinkServiceConnections[0];
  conn.id = `${id}/privateLinkServiceConnections/${groupId}`;
  conn.properties.privateLinkServiceId = targetId;
  conn.properties.groupIds = [groupId];
  conn.properties.privateLinkServiceConnectionState.status = status;
  return argRow(b, id);
}

/** A stable GUID-shaped name derived from the assignment's content, so fixtures don't depend on call order. */
function stableGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('|').toLowerCase()).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A role assignment row in `authorizationresources` (RoleAssignments_Get example). */
export function roleAssignmentRow(scope: string, principalId: string, roleGuid: string, principalType = 'ServicePrincipal'): RawPayload {
  const b = body('authorization-2022-04-01-RoleAssignments_Get.json');
  const name = stableGuid(scope, principalId, roleGuid);
  const id = `${scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  b.properties.roleDefinitionId = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
  b.properties.principalId = principalId;
  b.properties.principalType = principalType;
  b.properties.scope = scope;
  return { id, name, type: String(b.type).toLowerCase(), properties: b.properties };
}

/** An integration runtime body (IntegrationRuntimes_Get example). */
export function integrationRuntime(workspaceId: string, name: string, type: 'Managed' | 'SelfHosted'): RawPayload {
  const b = body('synapse-2021-06-01-IntegrationRuntimes_Get.json');
  b.id = `${workspaceId}/integrationruntimes/${name}`;
  b.name = name;
  b.properties = { type, description: `${type} integration runtime` };
  return b;
}

export interface AzureMlLinkedServiceOptions {
  authentication?: 'MSI' | 'ServicePrincipal';
  servicePrincipalId?: unknown;
  servicePrincipalKey?: unknown;
  connectVia?: string;
  typeProperties?: Record<string, unknown>;
}

/** An AzureMLService linked service body (LinkedServices_Get example shape) pointing at `amlWorkspaceId`. */
export function azureMlLinkedService(workspaceId: string, name: string, amlWorkspaceId: string, o: AzureMlLinkedServiceOptions = {}): RawPayload {
  const b = body('synapse-dataplane-2020-12-01-LinkedServices_Get.json');
  const parts = amlWorkspaceId.split('/');
  b.id = `${workspaceId}/linkedservices/${name}`;
  b.name = name;
  b.properties.type = 'AzureMLService';
  b.properties.description = 'Azure Machine Learning';
  const tp: Record<string, unknown> = {
    subscriptionId: parts[2],
    resourceGroupName: parts[4],
    mlWorkspaceName: parts[8],
  };
  if ((o.authentication ?? 'MSI') === 'MSI') tp.authentication = 'MSI';
  else {
    tp.servicePrincipalId = o.servicePrincipalId ?? 'cccccccc-0000-4000-8000-000000000001';
    tp.tenant = TENANT;
    tp.servicePrincipalKey = o.servicePrincipalKey ?? {
      type: 'AzureKeyVaultSecret',
      store: { referenceName: 'kv-ls', type: 'LinkedServiceReference' },
      secretName: 'aml-sp',
    };
  }
  b.properties.typeProperties = { ...tp, ...(o.typeProperties ?? {}) };
  if (o.connectVia) b.properties.connectVia = { referenceName: o.connectVia, type: 'IntegrationRuntimeReference' };
  return b;
}

/** A linked service of another type: the LinkedServices_Get example as it is (AzureStorage), renamed. */
export function storageLinkedService(workspaceId: string, name: string): RawPayload {
  const b = body('synapse-dataplane-2020-12-01-LinkedServices_Get.json');
  b.id = `${workspaceId}/linkedservices/${name}`;
  b.name = name;
  return b;
}

/** A managed private endpoint body (ListManagedPrivateEndpoints example item). */
export function managedPrivateEndpoint(
  name: string,
  targetId: string,
  status: string,
  groupId = 'amlworkspace',
  privateEndpointId = ids.privateEndpoint(name, 'managed-rg', SUB),
): RawPayload {
  const b = structuredClone(example('synapse-dataplane-2020-12-01-ListManagedPrivateEndpoints.json').responses['200'].body.value[0]);
  b.name = name;
  b.properties.privateLinkResourceId = targetId;
  b.properties.groupId = groupId;
  b.properties.connectionState.status = status;
  b.properties.resourceId = privateEndpointId;
  return b;
}

/** A Synapse RBAC role assignment (RoleAssignments_ListRoleAssignments example item). */
export function synapseRoleAssignment(workspaceName: string, principalId: string, roleId: string, scope?: string): RawPayload {
  const b = structuredClone(example('synapse-dataplane-2020-12-01-RoleAssignments_ListRoleAssignments.json').responses['200'].body.value[0]);
  b.id = stableGuid(workspaceName, principalId, roleId, scope ?? '');
  b.roleDefinitionId = roleId;
  b.principalId = principalId;
  b.scope = scope ?? `workspaces/${workspaceName}`;
  b.principalType = 'ServicePrincipal';
  return b;
}

/**
 * An AML-side (SDK v1) linked service, per the 2020-09-01-preview `LinkedServiceResponse` model
 * (no example payload exists in the public specs: id, name, type, location, identity, properties).
 */
export function amlSideLinkedService(amlWorkspaceId: string, name: string, synapseWorkspaceId: string, principalId: string): RawPayload {
  return {
    id: `${amlWorkspaceId}/linkedServices/${name}`,
    name,
    type: 'Microsoft.MachineLearningServices/workspaces/linkedServices',
    location: 'westeurope',
    identity: { type: 'SystemAssigned', principalId, tenantId: TENANT },
    properties: { linkedServiceResourceId: synapseWorkspaceId, linkType: 'Synapse', createdTime: '2024-05-01T10:00:00Z', modifiedTime: '2024-05-01T10:00:00Z' },
  };
}

/** The identity of an attached pool: system-assigned, user-assigned (resource ID -> principal ID), both, or none. */
export interface ComputeIdentityOptions {
  systemPrincipalId?: string;
  userAssigned?: Record<string, string | undefined>;
}

/**
 * An AML compute of type SynapseSpark (an attached Synapse Spark pool). The specs publish no SynapseSpark example, so
 * this is built from the 2025-12-01 swagger definitions (`ComputeResource`, `Compute`, `SynapseSpark`, common-types
 * `ManagedServiceIdentity` with `userAssignedIdentities` as a map) inside the item shape of the Compute_List example
 * (aml-2025-12-01-Compute-list.json); see test/fixtures/azure-examples/SOURCES.md.
 */
export function synapseSparkCompute(amlWorkspaceId: string, name: string, poolResourceId: string | undefined, identity: ComputeIdentityOptions = {}): RawPayload {
  const item = structuredClone(example('aml-2025-12-01-Compute-list.json').responses['200'].body.value[0]) as Json;
  item.name = name;
  item.id = `${amlWorkspaceId}/computes/${name}`;
  item.location = 'westeurope';
  const pool = poolResourceId?.split('/') ?? [];
  item.properties = {
    description: 'Attached Synapse Spark pool',
    computeType: 'SynapseSpark',
    createdOn: '2026-05-04T09:00:00.0000000+00:00',
    modifiedOn: '2026-05-04T09:00:00.0000000+00:00',
    provisioningState: 'Succeeded',
    ...(poolResourceId !== undefined ? { resourceId: poolResourceId } : {}),
    isAttachedCompute: true,
    disableLocalAuth: false,
    // The cached copy of the pool's settings: synaml reads the runtime from the pool itself.
    properties: {
      autoScaleProperties: { minNodeCount: 3, enabled: true, maxNodeCount: 10 },
      autoPauseProperties: { delayInMinutes: 15, enabled: true },
      sparkVersion: '3.4',
      nodeCount: 3,
      nodeSize: 'Small',
      nodeSizeFamily: 'MemoryOptimized',
      subscriptionId: pool[2] ?? '',
      resourceGroup: pool[4] ?? '',
      workspaceName: pool[8] ?? '',
      poolName: pool[10] ?? '',
    },
  };
  const types = [...(identity.systemPrincipalId ? ['SystemAssigned'] : []), ...(identity.userAssigned ? ['UserAssigned'] : [])];
  if (types.length > 0) {
    item.identity = {
      type: types.join(','),
      ...(identity.systemPrincipalId ? { principalId: identity.systemPrincipalId, tenantId: TENANT } : {}),
      ...(identity.userAssigned
        ? {
            userAssignedIdentities: Object.fromEntries(
              Object.entries(identity.userAssigned).map(([id, principalId]) => [id, principalId ? { principalId, clientId: stableGuid('client', principalId) } : {}]),
            ),
          }
        : {}),
    };
  }
  return item;
}

/** Assembles a snapshot; `arm` and `synapse` keys are lower-cased as DESIGN.md specifies. */
export class SnapshotBuilder {
  readonly resources: RawPayload[] = [];
  readonly authorizationresources: RawPayload[] = [];
  readonly resourcecontainers: RawPayload[] = [];
  /**
   * Recorded like a live collection records them (empty when nothing applies); set to undefined for a snapshot taken
   * before synaml read those tables.
   */
  policyresources: RawPayload[] | undefined = [];
  resourcechanges: RawPayload[] | undefined = [];
  readonly arm: Snapshot['arm'] = {};
  readonly synapse: Snapshot['synapse'] = {};
  readonly errors: SnapshotError[] = [];

  resource(...rows: RawPayload[]): this {
    this.resources.push(...rows);
    return this;
  }
  assignment(...rows: RawPayload[]): this {
    this.authorizationresources.push(...rows);
    return this;
  }
  policy(...rows: RawPayload[]): this {
    (this.policyresources ??= []).push(...rows);
    return this;
  }
  changes(...rows: RawPayload[]): this {
    (this.resourcechanges ??= []).push(...rows);
    return this;
  }
  runtimes(workspaceId: string, ...bodies: RawPayload[]): this {
    (this.arm[workspaceId.toLowerCase()] ??= {}).integrationRuntimes = bodies;
    return this;
  }
  amlLinks(amlWorkspaceId: string, ...bodies: RawPayload[]): this {
    (this.arm[amlWorkspaceId.toLowerCase()] ??= {}).linkedServices = bodies;
    return this;
  }
  computes(amlWorkspaceId: string, ...bodies: RawPayload[]): this {
    (this.arm[amlWorkspaceId.toLowerCase()] ??= {}).computes = bodies;
    return this;
  }
  linkedServices(workspaceId: string, ...bodies: RawPayload[]): this {
    (this.synapse[workspaceId.toLowerCase()] ??= {}).linkedServices = bodies;
    return this;
  }
  managedPrivateEndpoints(workspaceId: string, ...bodies: RawPayload[]): this {
    (this.synapse[workspaceId.toLowerCase()] ??= {}).managedPrivateEndpoints = bodies;
    return this;
  }
  synapseRoles(workspaceId: string, ...bodies: RawPayload[]): this {
    (this.synapse[workspaceId.toLowerCase()] ??= {}).roleAssignments = bodies;
    return this;
  }
  error(e: SnapshotError): this {
    this.errors.push(e);
    return this;
  }
  build(): Snapshot {
    return {
      synamlSnapshot: 1,
      capturedAt: '2026-11-23T10:00:00Z',
      resourceGraph: {
        resources: this.resources,
        authorizationresources: this.authorizationresources,
        ...(this.resourcecontainers.length ? { resourcecontainers: this.resourcecontainers } : {}),
        ...(this.policyresources ? { policyresources: this.policyresources } : {}),
        ...(this.resourcechanges ? { resourcechanges: this.resourcechanges } : {}),
      },
      arm: this.arm,
      synapse: this.synapse,
      errors: this.errors,
    };
  }
}

// ==== Role definitions (added for SA004 custom roles) =============================================================

export interface RoleDefinitionOptions {
  roleName?: string;
  /** `properties.type`: `CustomRole` (default) or `BuiltInRole`. */
  roleType?: string;
  actions?: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
  assignableScopes?: string[];
}

/**
 * A role definition row in `authorizationresources` (GetRoleDefinitionById example, 2022-04-01). Resource Graph
 * returns `type` lower-cased, as for role assignments.
 */
export function roleDefinitionRow(guid: string, o: RoleDefinitionOptions = {}): RawPayload {
  const b = body('authorization-2022-04-01-GetRoleDefinitionById.json');
  b.id = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  b.name = guid;
  b.properties.roleName = o.roleName ?? 'Custom role';
  b.properties.type = o.roleType ?? 'CustomRole';
  b.properties.description = `${b.properties.roleName} (test)`;
  b.properties.assignableScopes = o.assignableScopes ?? [`/subscriptions/${SUB}`];
  b.properties.permissions = [
    { actions: o.actions ?? [], notActions: o.notActions ?? [], dataActions: o.dataActions ?? [], notDataActions: o.notDataActions ?? [] },
  ];
  return { id: b.id, name: b.name, type: String(b.type).toLowerCase(), properties: b.properties };
}
