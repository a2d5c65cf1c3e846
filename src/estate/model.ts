// The estate model: what the rules read. Built from a snapshot's raw payloads by the normaliser; no Azure SDK types.
import type { DataSource, SnapshotError } from './snapshot.js';

/** Data that was read, or the reason it could not be. Rules turn `unavailable` into an `unknown` outcome. */
export type Availability<T> = { ok: true; value: T } | { ok: false; error: SnapshotError };

export interface SynapseWorkspace {
  /** ARM ID as Azure returned it; compare with `sameId`. */
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  /** Object ID of the workspace's system-assigned managed identity. */
  principalId?: string;
  /** `properties.managedVirtualNetwork == 'default'` (case-insensitive). */
  managedVirtualNetwork: boolean;
  /** `properties.managedVirtualNetworkSettings.preventDataExfiltration`. */
  preventDataExfiltration: boolean;
  publicNetworkAccess?: string;
  defaultStorage?: {
    accountUrl?: string;
    filesystem?: string;
    /** Storage account name, from the account URL's host. */
    accountName?: string;
    /** `defaultDataLakeStorage.resourceId` when Azure returns it. */
    resourceId?: string;
  };
  /** Data-plane endpoint, `properties.connectivityEndpoints.dev`. */
  devEndpoint?: string;
}

export interface SparkPool {
  id: string;
  /** Last segment of the ID (Resource Graph returns child names that way). */
  name: string;
  /** Lower-case parent workspace ID, derived from `id`. */
  workspaceId: string;
  sparkVersion?: string;
}

export interface IntegrationRuntime {
  name: string;
  /** `properties.type`: `Managed` or `SelfHosted`. */
  type: string;
}

/** A Synapse (data-plane) linked service. `typeProperties` values may be expression objects, not strings. */
export interface SynapseLinkedService {
  name: string;
  /** `properties.type`, e.g. `AzureMLService`. */
  type: string;
  /** `properties.connectVia.referenceName`; undefined means AutoResolveIntegrationRuntime. */
  connectVia?: string;
  typeProperties: Record<string, unknown>;
}

export interface ManagedPrivateEndpoint {
  name: string;
  privateLinkResourceId?: string;
  groupId?: string;
  /** `properties.connectionState.status`: Pending / Approved / Rejected / Disconnected. */
  status?: string;
  provisioningState?: string;
  /** `properties.resourceId`: the ARM ID of the private endpoint Synapse created in its managed VNet, when returned. */
  privateEndpointId?: string;
}

export interface SynapseRoleAssignment {
  id: string;
  roleDefinitionId: string;
  principalId: string;
  /** e.g. `workspaces/<name>` or `workspaces/<name>/bigDataPools/<pool>`. */
  scope: string;
  principalType?: string;
}

/** A private endpoint connection as the target resource lists it. */
export interface PrivateEndpointConnection {
  id?: string;
  name?: string;
  privateEndpointId?: string;
  /** `privateLinkServiceConnectionState.status`. */
  status?: string;
}

export interface AmlWorkspace {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  principalId?: string;
  publicNetworkAccess?: string;
  storageAccount?: string;
  keyVault?: string;
  containerRegistry?: string;
  privateEndpointConnections: PrivateEndpointConnection[];
  /** `properties.managedNetwork`, when Azure returned one. */
  managedNetwork?: AmlManagedNetwork;
}

/** An AML workspace's managed network (`properties.managedNetwork`; its `outboundRules` is a map by rule name). */
export interface AmlManagedNetwork {
  /** `Disabled`, `AllowInternetOutbound` or `AllowOnlyApprovedOutbound`. */
  isolationMode?: string;
  /** `status.sparkReady`: provisioned for serverless Spark (`--include-spark`). */
  sparkReady?: boolean;
  /** `status.status`: `Active` or `Inactive`. */
  status?: string;
  outboundRules: AmlOutboundRule[];
}

export interface AmlOutboundRule {
  name: string;
  /** `FQDN`, `PrivateEndpoint` or `ServiceTag`. */
  type?: string;
  /** PrivateEndpoint rules: `destination.serviceResourceId`, `subresourceTarget`, `sparkEnabled`. */
  serviceResourceId?: string;
  subresourceTarget?: string;
  sparkEnabled?: boolean;
}

/** The managed identity of an AML compute (ARM `ManagedServiceIdentity`: `userAssignedIdentities` is a map by resource ID). */
export interface ComputeIdentity {
  /** Lower-case types in it: `systemassigned`, `userassigned` (`SystemAssigned,UserAssigned` has both); empty for none. */
  types: string[];
  /** The system-assigned identity's object ID. */
  principalId?: string;
  userAssigned: Array<{ resourceId: string; principalId?: string; clientId?: string }>;
}

/** An AML compute of type SynapseSpark: a Synapse Spark pool attached to an AML workspace. */
export interface AttachedSparkPool {
  id: string;
  /** The compute's name. */
  name: string;
  /** Lower-case AML workspace ID it belongs to. */
  amlWorkspaceId: string;
  /** `properties.resourceId`: the Spark pool's ARM ID, `.../Microsoft.Synapse/workspaces/{ws}/bigDataPools/{pool}`. */
  poolResourceId?: string;
  provisioningState?: string;
  identity: ComputeIdentity;
}

/** A storage account, key vault or container registry: anything a private endpoint can target. */
export interface PrivateLinkTarget {
  id: string;
  /** Lower-case resource type, e.g. `microsoft.storage/storageaccounts`. */
  type: string;
  privateEndpointConnections: PrivateEndpointConnection[];
}

export interface PrivateEndpoint {
  id: string;
  connections: Array<{ privateLinkServiceId: string; groupIds: string[]; status?: string }>;
}

/** An AML-side (SDK v1, deprecated) linked service. */
export interface AmlLinkedService {
  id: string;
  name: string;
  /** Lower-case AML workspace ID it belongs to. */
  amlWorkspaceId: string;
  linkedServiceResourceId?: string;
  /** The link's system-assigned managed identity. */
  principalId?: string;
}

export interface RoleAssignment {
  id: string;
  /** Lower-case scope without a trailing slash: `/`, `/providers/microsoft.management/managementgroups/x`, `/subscriptions/...`. */
  scope: string;
  /** Lower-case trailing GUID of the role definition ID. */
  roleDefinitionGuid: string;
  /** Lower-case object ID. */
  principalId: string;
  principalType?: string;
}

export interface RoleDefinition {
  guid: string;
  roleName: string;
  /** `BuiltInRole` or `CustomRole`. */
  roleType?: string;
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** Narrows `roleAssignmentsCovering`: the assignments of one principal, of some roles, or both. */
export interface RoleAssignmentFilter {
  principalId?: string;
  roleGuids?: readonly string[];
}

/** What the rules read. Every lookup says whether the data could be read. IDs compare case-insensitively. */
export interface Estate {
  readonly capturedAt?: string;
  /** What the estate describes: a deployed estate (the default), or a deployment template (`check-template`). */
  readonly origin?: 'deployed' | 'template';
  synapseWorkspace(id: string): Availability<SynapseWorkspace | undefined>;
  sparkPools(workspaceId: string): Availability<SparkPool[]>;
  amlWorkspace(id: string): Availability<AmlWorkspace | undefined>;
  privateLinkTarget(id: string): Availability<PrivateLinkTarget | undefined>;
  /** A storage account by name (names are globally unique), e.g. from a default ADLS Gen2 account URL. */
  storageAccountByName(name: string): Availability<PrivateLinkTarget | undefined>;
  /** Private endpoints with a connection to `targetId`. */
  privateEndpointsTo(targetId: string): Availability<PrivateEndpoint[]>;
  integrationRuntimes(synapseWorkspaceId: string): Availability<IntegrationRuntime[]>;
  synapseLinkedServices(synapseWorkspaceId: string): Availability<SynapseLinkedService[]>;
  managedPrivateEndpoints(synapseWorkspaceId: string): Availability<ManagedPrivateEndpoint[]>;
  synapseRoleAssignments(synapseWorkspaceId: string): Availability<SynapseRoleAssignment[]>;
  amlLinkedServices(amlWorkspaceId: string): Availability<AmlLinkedService[]>;
  /** The AML workspace's attached Synapse Spark pools (its computes of type SynapseSpark). */
  attachedSparkPools(amlWorkspaceId: string): Availability<AttachedSparkPool[]>;
  /**
   * Role assignments that apply to `resourceId`: at it, or inherited from a resource group, subscription or management
   * group above it; in snapshot order. `only` narrows them to one principal (case-insensitive) and/or some roles (by
   * GUID, case-insensitive): the estate can do that without touching the tens of assignments a scope has.
   */
  roleAssignmentsCovering(resourceId: string, only?: RoleAssignmentFilter): Availability<RoleAssignment[]>;
  roleDefinition(guid: string): RoleDefinition | undefined;
  /** Every Synapse workspace in the estate (for discovery). */
  allSynapseWorkspaces(): SynapseWorkspace[];
  /** Every read error in the snapshot. */
  readonly errors: readonly SnapshotError[];
}

export type { DataSource, SnapshotError };
