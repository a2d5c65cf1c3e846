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

/**
 * An Azure Policy assignment (`policyresources`, type microsoft.authorization/policyassignments). Fields as the
 * assignment structure documents them; values are kept raw where the rule interprets them (parameters, overrides,
 * resource selectors).
 */
export interface PolicyAssignment {
  id: string;
  name: string;
  displayName?: string;
  /** Lower-case scope without a trailing slash (`properties.scope`, else the ID's prefix). */
  scope: string;
  /** A policy definition or an initiative (policy set definition). */
  policyDefinitionId: string;
  /** Parameter name -> value (`parameters.<name>.value`). */
  parameters: Record<string, unknown>;
  /** `Default` (absent means Default) or `DoNotEnforce`. */
  enforcementMode: string;
  /** Lower-case scopes excluded from the assignment. */
  notScopes: string[];
  overrides: unknown[];
  resourceSelectors: unknown[];
  /** `metadata.assignedBy`, when set. */
  assignedBy?: string;
}

/** A policy definition: its parameters (default values) and the expression or literal its rule's effect is. */
export interface PolicyDefinition {
  id: string;
  displayName?: string;
  /** Parameter name -> `{defaultValue, allowedValues}` as declared. */
  parameters: Record<string, { defaultValue?: unknown; allowedValues?: unknown[] }>;
  /** `policyRule.then.effect` as written: a literal (`Deny`) or an expression (`[parameters('effect')]`). */
  effect?: string;
}

/** A member of an initiative: the definition it includes and the values it passes to that definition's parameters. */
export interface PolicySetMember {
  policyDefinitionId: string;
  referenceId?: string;
  /** Parameter name -> value (a literal or an expression over the initiative's parameters). */
  parameters: Record<string, unknown>;
}

export interface PolicySetDefinition {
  id: string;
  displayName?: string;
  parameters: Record<string, { defaultValue?: unknown; allowedValues?: unknown[] }>;
  members: PolicySetMember[];
}

/** A policy exemption (`policyresources`, type microsoft.authorization/policyexemptions). */
export interface PolicyExemption {
  id: string;
  name: string;
  displayName?: string;
  /** Lower-case scope it exempts: the part of its ID before `/providers/Microsoft.Authorization/policyExemptions/`. */
  scope: string;
  policyAssignmentId: string;
  /** `Waiver` or `Mitigated` as written (compare case-insensitively). */
  category?: string;
  /** ISO 8601, when set: after it the exemption is no longer honoured. */
  expiresOn?: string;
  /** Empty: every definition of the assignment's initiative is exempted. */
  policyDefinitionReferenceIds: string[];
}

/** What Azure Policy says about one resource. */
export interface PolicyState {
  /** The assignments whose scope contains the resource (notScopes and selectors are the rule's to judge). */
  assignments: PolicyAssignment[];
  /** The exemptions whose scope contains the resource, current or expired. */
  exemptions: PolicyExemption[];
  /** A definition or initiative row by ID (case-insensitive); undefined when Resource Graph did not return it. */
  definition(id: string): PolicyDefinition | undefined;
  setDefinition(id: string): PolicySetDefinition | undefined;
}

/**
 * Azure Policy for a resource: read; not recorded (a snapshot from before synaml read `policyresources`, or a
 * template); not available (this cloud's Resource Graph has no `policyresources` table); or unreadable.
 */
export type PolicyRead =
  | { kind: 'read'; value: PolicyState }
  | { kind: 'not-recorded' }
  | { kind: 'not-available'; message: string }
  | { kind: 'unreadable'; error: SnapshotError };

/** One change record of a resource (`resourcechanges`): who changed it, when, how, and which properties. */
export interface ResourceChange {
  id: string;
  /** `properties.changeAttributes.timestamp` (ISO 8601). */
  timestamp: string;
  /** `Create`, `Update` or `Delete`. */
  changeType: string;
  changedBy?: string;
  changedByType?: string;
  clientType?: string;
  operation?: string;
  /** Changed property paths (`properties.publicNetworkAccess`) -> previous and new values, as strings. */
  changes: Record<string, { previousValue?: string; newValue?: string }>;
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
  /**
   * Azure Policy assignments and exemptions that apply to `resourceId`. Optional: an estate that cannot know
   * (a deployment template) leaves it out, which reads as not recorded.
   */
  policyFor?(resourceId: string): PolicyRead;
  /** The change records of `resourceId`, newest first; empty when none were recorded. Optional, like `policyFor`. */
  resourceChanges?(resourceId: string): ResourceChange[];
  /** Every Synapse workspace in the estate (for discovery). */
  allSynapseWorkspaces(): SynapseWorkspace[];
  /** Every read error in the snapshot. */
  readonly errors: readonly SnapshotError[];
}

export type { DataSource, SnapshotError };
