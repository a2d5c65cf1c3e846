// Attached Synapse Spark pools for the rule tests: computes in the swagger's shape (payloads.synapseSparkCompute) on the
// healthy scenario's AML workspace, pointing at its Synapse workspace's pool `mlpool`.
import { SYNAPSE_ROLES } from '../../src/estate/roles.js';
import type { AttachedSparkPoolSpec, IntegrationSpec } from '../../src/spec/types.js';
import { SUB, type ComputeIdentityOptions, type SnapshotBuilder, sparkPoolRow, synapseRoleAssignment, synapseSparkCompute } from './payloads.js';
import { AML_ID, SYNAPSE_ID } from './scenario.js';

export const COMPUTE_MSI = '17171717-0000-4000-8000-000000000001';
export const UAMI_PRINCIPAL = '17171717-0000-4000-8000-0000000000aa';
export const UAMI_ID = `/subscriptions/${SUB}/resourceGroups/rg-analytics/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-spark`;
export const OTHER_SYNAPSE_ID = `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Synapse/workspaces/syn-other`;

export const poolId = (pool = 'mlpool', workspaceId = SYNAPSE_ID) => `${workspaceId}/bigDataPools/${pool}`;

/** A SynapseSpark compute on the AML workspace (`pool` null: no resourceId); system-assigned identity COMPUTE_MSI unless told otherwise. */
export const compute = (name = 'synapse-mlpool', pool: string | null = poolId(), identity: ComputeIdentityOptions = { systemPrincipalId: COMPUTE_MSI }) =>
  synapseSparkCompute(AML_ID, name, pool ?? undefined, identity);

/** Sets the AML workspace's computes. */
export const attach = (...computes: ReturnType<typeof compute>[]) => (b: SnapshotBuilder) => {
  b.computes(AML_ID, ...computes);
};

/** Synapse RBAC assignments on the healthy Synapse workspace (`syn-prod`). */
export const synapseRoles = (...roles: Array<[principal: string, role: string, scope?: string]>) => (b: SnapshotBuilder) => {
  b.synapseRoles(SYNAPSE_ID, ...roles.map(([p, r, s]) => synapseRoleAssignment('syn-prod', p, r, s)));
};

/** A healthy attached pool: on mlpool, system-assigned identity with Synapse Administrator on the pool item. */
export const healthyAttached = (b: SnapshotBuilder) => {
  attach(compute())(b);
  synapseRoles([COMPUTE_MSI, SYNAPSE_ROLES.administrator.guid, 'workspaces/syn-prod/bigDataPools/mlpool'])(b);
};

export const declare = (...pools: AttachedSparkPoolSpec[]) => (i: IntegrationSpec) => {
  i.machineLearning.attachedSparkPools = pools;
};

export const otherPool = (b: SnapshotBuilder) => b.resource(sparkPoolRow(SYNAPSE_ID, 'otherpool', '3.5'));

export const computes403 = {
  source: 'arm.computes' as const,
  scope: AML_ID,
  status: 403,
  code: 'AuthorizationFailed',
  message: "The client does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/read'.",
  missing: 'Microsoft.MachineLearningServices/workspaces/computes/read (e.g. Reader) on Azure Machine Learning workspace aml-prod',
};
