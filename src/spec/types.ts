// The spec (YAML, version 1) as synaml reads it after schema validation. Mirrors schema/spec-v1.schema.json.

/** A 1-based position in a source file. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type MlflowTracking = 'linkedService' | 'servicePrincipal' | 'none';
export type PublicNetworkAccess = 'Enabled' | 'Disabled';
export type DependencyKind = 'blob' | 'file' | 'dfs' | 'vault' | 'registry';
export type LinkedServiceAuthentication = 'managedIdentity' | 'servicePrincipal';

export interface SparkPoolSpec {
  name: string;
  sparkVersion?: string;
  mlflowTracking?: MlflowTracking;
}

export interface KeyVaultSecretRef {
  keyVault: { linkedService: string; secretName: string };
}

export interface ServicePrincipalSpec {
  /** Application (client) ID: must be a GUID (SA015). */
  clientId: string;
  /** Object ID of the service principal: what role assignments name. */
  objectId?: string;
  tenantId?: string;
  secret?: KeyVaultSecretRef;
}

export interface SynapseSpec {
  workspaceId: string;
  managedVirtualNetwork?: boolean;
  preventDataExfiltration?: boolean;
  publicNetworkAccess?: PublicNetworkAccess;
  sparkPools?: SparkPoolSpec[];
}

/** An AML-side (Python SDK v1) link to the Synapse workspace: deprecated (SA012). */
export interface SynapseLinkSpec {
  name: string;
  /** Object ID of the principal that creates the link: needs Owner on the Synapse workspace (SA005). */
  linkedBy?: string;
}

export type AttachedPoolIdentity = 'systemAssigned' | 'userAssigned' | 'none';

/** A Synapse Spark pool attached to the AML workspace: an AML compute of type SynapseSpark (CLI / SDK v2). */
export interface AttachedSparkPoolSpec {
  /** The AML compute's name. */
  name: string;
  /** The Spark pool of the integration's Synapse workspace it points at. */
  pool: string;
  identity?: AttachedPoolIdentity;
  /** Resource IDs of user-assigned managed identities (with identity: userAssigned). */
  userAssignedIdentities?: string[];
}

export interface MachineLearningSpec {
  workspaceId: string;
  publicNetworkAccess?: PublicNetworkAccess;
  dependencyPrivateEndpoints?: DependencyKind[];
  synapseLink?: SynapseLinkSpec;
  attachedSparkPools?: AttachedSparkPoolSpec[];
  /** Jobs run on AML serverless Spark compute (SA021). */
  serverlessSpark?: boolean;
}

export interface LinkedServiceSpec {
  name: string;
  authentication: LinkedServiceAuthentication;
  integrationRuntime?: string;
  servicePrincipal?: ServicePrincipalSpec;
}

export interface NetworkSpec {
  managedPrivateEndpoint?: { name: string; required?: boolean };
  approvedPrivateEndpoints?: string[];
}

/** `synapse.workspace`, `synapse.defaultStorage`, `machineLearning.workspace`, or an ARM resource ID. */
export type AccessScope = string;

export interface RequiredAccess {
  principalId: string;
  /** A built-in role name (Azure or Synapse RBAC) or a role definition GUID. */
  role: string;
  scope: AccessScope;
}

export interface AccessSpec {
  privilegedPrincipals?: string[];
  required?: RequiredAccess[];
}

export interface IntegrationSpec {
  name: string;
  synapse: SynapseSpec;
  machineLearning: MachineLearningSpec;
  linkedService?: LinkedServiceSpec;
  network?: NetworkSpec;
  access?: AccessSpec;
}

export interface WaiverSpec {
  rule: string;
  integration?: string;
  /** Narrows the waiver to one resource ID (case-insensitive). */
  resource?: string;
  reason: string;
  /** YYYY-MM-DD; the waiver applies up to and including this day. */
  expires: string;
}

export interface Spec {
  version: 1;
  integrations: IntegrationSpec[];
  waivers?: WaiverSpec[];
}

/** A path into the spec document, e.g. ['integrations', 0, 'synapse', 'sparkPools', 1, 'sparkVersion']. */
export type SpecPath = ReadonlyArray<string | number>;

export type DiagnosticSeverity = 'error' | 'warning';

/** A problem with the spec file itself, located in the file. */
export interface SpecDiagnostic extends SourcePosition {
  severity: DiagnosticSeverity;
  /** Stable machine-readable code, e.g. `yaml-syntax`, `schema-required`, `duplicate-integration`. */
  code: string;
  message: string;
}

/** A spec read from disk: the typed value plus a way back to source positions. */
export interface LoadedSpec {
  file: string;
  spec: Spec;
  /** Position of the node at `path`, or of its nearest existing ancestor. */
  locate(path: SpecPath): SourcePosition;
  /** `locate` for many paths under one node: `locateUnder(base)(path)` is `locate([...base, ...path])`, only faster. */
  locateUnder?(base: SpecPath): (path: SpecPath) => SourcePosition;
}

export type SpecLoadResult =
  | { ok: true; loaded: LoadedSpec; diagnostics: SpecDiagnostic[] }
  | { ok: false; diagnostics: SpecDiagnostic[] };
