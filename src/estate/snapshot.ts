// The snapshot format (synamlSnapshot: 1): the collectors' raw payloads as Azure returned them, plus per-scope errors.

/** Where a fact was read from; used in snapshot errors and `unknown` reasons. */
export type DataSource =
  | 'resourceGraph.resources'
  | 'resourceGraph.authorizationresources'
  | 'resourceGraph.resourcecontainers'
  | 'arm.integrationRuntimes'
  | 'arm.linkedServices'
  | 'synapse.linkedServices'
  | 'synapse.managedPrivateEndpoints'
  | 'synapse.roleAssignments';

/** A read that failed, for one scope. `scope` is an ARM ID prefix: a subscription, resource group or resource. */
export interface SnapshotError {
  /** `template`: a deployment template read by `check-template` (never in a snapshot file); `scope` is then a template location. */
  source: DataSource | 'template';
  scope: string;
  status?: number;
  code?: string;
  message: string;
  /** The permission or network path that was missing, when known. */
  missing?: string;
}

/**
 * A failed read's HTTP status and error code, as every message and report words them: `HTTP 403 Forbidden`, `HTTP 500`,
 * `ENOTFOUND`; '' when there is neither.
 */
export function readStatusText(error: Pick<SnapshotError, 'status' | 'code'>): string {
  if (error.status !== undefined) return `HTTP ${error.status}${error.code ? ` ${error.code}` : ''}`;
  return error.code ?? '';
}

/** A raw JSON object as Azure returned it. */
export type RawPayload = Record<string, unknown>;

export interface ArmScopeData {
  integrationRuntimes?: RawPayload[];
  linkedServices?: RawPayload[];
}

export interface SynapseDataPlaneData {
  linkedServices?: RawPayload[];
  managedPrivateEndpoints?: RawPayload[];
  roleAssignments?: RawPayload[];
}

export interface Snapshot {
  synamlSnapshot: 1;
  capturedAt: string;
  /** Optional: what the collector was asked for (subscriptions, spec). Informational. */
  scope?: { subscriptions?: string[]; managementGroups?: string[]; spec?: string };
  resourceGraph: {
    resources: RawPayload[];
    authorizationresources: RawPayload[];
    /** Optional: subscription rows, for management-group ancestry of inherited role assignments. */
    resourcecontainers?: RawPayload[];
  };
  /** Keyed by lower-case resource ID (Synapse workspace for integrationRuntimes, AML workspace for linkedServices). */
  arm: Record<string, ArmScopeData>;
  /** Keyed by lower-case Synapse workspace ID. */
  synapse: Record<string, SynapseDataPlaneData>;
  errors: SnapshotError[];
}
