// The snapshot format (synamlSnapshot: 1): the collectors' raw payloads as Azure returned them, plus per-scope errors.

/** Where a fact was read from; used in snapshot errors and `unknown` reasons. */
export type DataSource =
  | 'resourceGraph.resources'
  | 'resourceGraph.authorizationresources'
  | 'resourceGraph.resourcecontainers'
  | 'resourceGraph.policyresources'
  | 'resourceGraph.resourcechanges'
  | 'arm.integrationRuntimes'
  | 'arm.linkedServices'
  | 'arm.computes'
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
 * The code of the `errors` entry that records a Resource Graph table this cloud does not have (a sovereign cloud
 * without `policyresources` or `resourcechanges`): kept so a replay says "not available" too, but not a failed read.
 */
export const TABLE_NOT_AVAILABLE = 'TableNotAvailable';

/** True for an entry that records data this cloud does not have: nothing failed (see TABLE_NOT_AVAILABLE). */
export function isNotAvailable(error: Pick<SnapshotError, 'code'>): boolean {
  return error.code === TABLE_NOT_AVAILABLE;
}

/**
 * A failed read's HTTP status and error code, as every message and report words them: `HTTP 403 Forbidden`, `HTTP 500`,
 * `ENOTFOUND`; '' when there is neither.
 */
export function readStatusText(error: Pick<SnapshotError, 'status' | 'code'>): string {
  if (error.status !== undefined) return `HTTP ${error.status}${error.code ? ` ${error.code}` : ''}`;
  return error.code ?? '';
}

/** `readStatusText` as the start of a message (`HTTP 403 Forbidden: `, `ENOTFOUND: `), or ''. */
export function readStatusPrefix(error: Pick<SnapshotError, 'status' | 'code'>): string {
  const status = readStatusText(error);
  return status ? `${status}: ` : '';
}

/**
 * A failed read in one line, after `where` it failed (its source by default; a scope, or `<source> at <scope>`):
 * `<where>: HTTP 403 Forbidden: <message> (missing: <permission>)`.
 */
export function describeReadError(
  error: Pick<SnapshotError, 'status' | 'code' | 'message' | 'missing'> & { source: string },
  where: string = error.source,
): string {
  return `${where}: ${readStatusPrefix(error)}${error.message}${error.missing ? ` (missing: ${error.missing})` : ''}`;
}

/** A raw JSON object as Azure returned it. */
export type RawPayload = Record<string, unknown>;

export interface ArmScopeData {
  integrationRuntimes?: RawPayload[];
  linkedServices?: RawPayload[];
  /** An AML workspace's computes (`Microsoft.MachineLearningServices/workspaces/computes`), attached Synapse Spark pools among them. */
  computes?: RawPayload[];
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
    /** Optional: Azure Policy assignments, definitions, set definitions and exemptions that apply to the audited resources. */
    policyresources?: RawPayload[];
    /** Optional: Resource Graph's change records (last 14 days) of the audited resources. */
    resourcechanges?: RawPayload[];
  };
  /** Keyed by lower-case resource ID (Synapse workspace for integrationRuntimes, AML workspace for linkedServices and computes). */
  arm: Record<string, ArmScopeData>;
  /** Keyed by lower-case Synapse workspace ID. */
  synapse: Record<string, SynapseDataPlaneData>;
  errors: SnapshotError[];
}
