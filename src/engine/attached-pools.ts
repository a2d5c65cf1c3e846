// Attached Synapse Spark pools (AML computes of type SynapseSpark) as the rules see them: which ones an integration
// owns, the identities they run as, and whether a Synapse RBAC assignment reaches a pool. Pure functions over the
// estate model. An attached compute belongs to the integration whose Synapse workspace holds the pool it points at,
// whether or not the spec declares it (as SA002 checks every AzureMLService linked service); a declared one is
// evaluated even when it points elsewhere, so SA017 can say so.
import { lastSegment, normaliseId, parentResourceId, sameId, withoutTrailingSlashes } from '../azure/ids.js';
import type { AttachedSparkPool, Estate, SynapseRoleAssignment } from '../estate/model.js';
import { roleGuidOf } from '../estate/roles.js';
import type { AttachedSparkPoolSpec, IntegrationSpec, SpecPath } from '../spec/types.js';
import { notApplicable, unknown } from './outcomes.js';
import type { Check } from './types.js';
import { rememberLast } from '../memo.js';

/** One attached pool a rule evaluates: a live compute (matched to its declaration, if any), or a declaration alone. */
export interface AttachedPoolTarget {
  /** The AML compute's name (live, else declared). */
  name: string;
  /** The ARM ID of the compute. */
  resourceId: string;
  /** The live compute, when the computes were read and it is there. */
  live?: AttachedSparkPool;
  /** The declaration matched by name (case-insensitive), with its index in `machineLearning.attachedSparkPools`. */
  declared?: { index: number; pool: AttachedSparkPoolSpec };
  /** The Spark pool's ARM ID: the live compute's `properties.resourceId`, else the declared pool in the integration's workspace. */
  poolId?: string;
  /** True when `poolId` is a pool of the integration's Synapse workspace. */
  inWorkspace: boolean;
}

export type AttachedPoolsRead = { ok: true; targets: AttachedPoolTarget[] } | { ok: false; checks: Check[] };

/** Messages `readAttachedPools` uses; rules that call it spread these into their own. */
export const ATTACHED_POOL_MESSAGES = {
  'no-attached-pools':
    'AML workspace {{aml}} has no attached Synapse Spark pool (compute of type SynapseSpark) on a pool of Synapse workspace {{workspace}}, and the spec declares none.',
  'aml-missing': 'AML workspace {{aml}} was not found (see SA016); it has no attached Spark pools to check.',
  'declared-not-live': 'Attached Spark pool {{compute}} is declared but AML workspace {{aml}} has no such compute (see SA016).',
} as const;

/** The check for a declared attached pool the AML workspace does not have (SA016 reports it missing): `declared-not-live`. */
export function declaredNotLive(integration: IntegrationSpec, target: AttachedPoolTarget, path: SpecPath): Check {
  return notApplicable('declared-not-live', { resourceId: target.resourceId, path, data: { compute: target.name, aml: lastSegment(integration.machineLearning.workspaceId) } });
}

/** The ARM ID of an AML compute. */
export function computeId(amlWorkspaceId: string, name: string): string {
  return `${withoutTrailingSlashes(amlWorkspaceId)}/computes/${name}`;
}

/** Is `poolId` a Spark pool (`.../bigDataPools/<pool>`) of the Synapse workspace `workspaceId`? */
export function isPoolOf(poolId: string | undefined, workspaceId: string): boolean {
  if (poolId === undefined) return false;
  const parent = parentResourceId(poolId);
  return parent !== undefined && sameId(parent, workspaceId) && /\/bigdatapools\/[^/]+\/*$/i.test(poolId);
}

/** Where an attached pool sits in the spec: the declared entry (or one of its fields), else the list, else the AML workspace. */
export function attachedPoolPath(integration: IntegrationSpec, target: AttachedPoolTarget, field?: keyof AttachedSparkPoolSpec): SpecPath {
  if (target.declared) {
    const base = ['machineLearning', 'attachedSparkPools', target.declared.index];
    return field !== undefined && target.declared.pool[field] !== undefined ? [...base, field] : base;
  }
  return integration.machineLearning.attachedSparkPools ? ['machineLearning', 'attachedSparkPools'] : ['machineLearning', 'workspaceId'];
}

/**
 * The integration's attached pools: live computes of type SynapseSpark that point at a pool of its Synapse workspace,
 * and declared ones (live, wherever they point, or declared only), sorted by name. When the computes cannot be read,
 * an `unknown` check (source `arm.computes`); when the AML workspace does not exist, `not-applicable`.
 *
 * SA017-SA020 ask it in turn for the same integration and estate: the last answer is kept for the next.
 */
export const readAttachedPools = rememberLast(computeAttachedPools);

function computeAttachedPools(integration: IntegrationSpec, estate: Estate): AttachedPoolsRead {
  const amlId = integration.machineLearning.workspaceId;
  const synapseId = integration.synapse.workspaceId;
  const declared = integration.machineLearning.attachedSparkPools ?? [];
  const data = { aml: lastSegment(amlId), workspace: lastSegment(synapseId) };
  const listPath: SpecPath = declared.length > 0 ? ['machineLearning', 'attachedSparkPools'] : ['machineLearning', 'workspaceId'];
  const read = estate.attachedSparkPools(amlId);
  if (!read.ok) {
    const aml = estate.amlWorkspace(amlId);
    if (aml.ok && !aml.value) return { ok: false, checks: [notApplicable('aml-missing', { resourceId: amlId, path: listPath, data })] };
    return { ok: false, checks: [unknown(read.error, `the computes (attached Spark pools) of AML workspace ${data.aml}`, { resourceId: amlId, path: listPath })] };
  }
  const targets: AttachedPoolTarget[] = [];
  const matched = new Set<number>();
  for (const live of read.value) {
    const index = declared.findIndex((d) => d.name.toLowerCase() === live.name.toLowerCase());
    const inWorkspace = isPoolOf(live.poolResourceId, synapseId);
    if (index < 0 && !inWorkspace) continue; // another integration's (or nobody's) attached pool
    if (index >= 0) matched.add(index);
    const target: AttachedPoolTarget = { name: live.name, resourceId: live.id, live, inWorkspace };
    if (live.poolResourceId !== undefined) target.poolId = live.poolResourceId;
    if (index >= 0) target.declared = { index, pool: declared[index]! };
    targets.push(target);
  }
  declared.forEach((pool, index) => {
    if (matched.has(index)) return;
    targets.push({ name: pool.name, resourceId: computeId(amlId, pool.name), declared: { index, pool }, poolId: `${withoutTrailingSlashes(synapseId)}/bigDataPools/${pool.pool}`, inWorkspace: true });
  });
  if (targets.length === 0) return { ok: false, checks: [notApplicable('no-attached-pools', { resourceId: amlId, path: listPath, data })] };
  targets.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  return { ok: true, targets };
}

/** The identities an attached pool runs as: its system-assigned identity and each user-assigned one. */
export interface ComputePrincipal {
  kind: 'systemAssigned' | 'userAssigned';
  /** The identity's object ID, when Azure returned it. */
  principalId?: string;
  /** The user-assigned identity's resource ID. */
  resourceId?: string;
  /** In words, after the compute's name (`attached Spark pool X: its system-assigned identity`). */
  describe: string;
}

export function computePrincipals(compute: AttachedSparkPool): ComputePrincipal[] {
  const out: ComputePrincipal[] = [];
  if (compute.identity.types.includes('systemassigned')) {
    out.push({ kind: 'systemAssigned', ...(compute.identity.principalId ? { principalId: compute.identity.principalId } : {}), describe: 'its system-assigned identity' });
  }
  for (const u of compute.identity.userAssigned) {
    out.push({ kind: 'userAssigned', resourceId: u.resourceId, ...(u.principalId ? { principalId: u.principalId } : {}), describe: `its user-assigned identity ${lastSegment(u.resourceId)}` });
  }
  return out;
}

/**
 * Synapse RBAC assignments of `principalId` with one of `roleGuids` that reach the pool: at workspace scope
 * (`workspaces/<ws>`, every pool) or on the pool item (`workspaces/<ws>/bigDataPools/<pool>`). An assignment on another
 * pool does not. Scopes and IDs compare case-insensitively.
 */
export function synapseAssignmentsReachingPool(
  assignments: readonly SynapseRoleAssignment[],
  workspaceName: string,
  poolName: string,
  principalId: string,
  roleGuids: readonly string[],
): SynapseRoleAssignment[] {
  const ws = `workspaces/${workspaceName}`.toLowerCase();
  const pool = `${ws}/bigdatapools/${poolName.toLowerCase()}`;
  const principal = principalId.trim().toLowerCase();
  const roles = roleGuids.map((g) => g.toLowerCase());
  return assignments.filter((a) => {
    if (a.principalId.trim().toLowerCase() !== principal || !roles.includes(roleGuidOf(a.roleDefinitionId))) return false;
    const scope = normaliseId(`/${a.scope}`).slice(1);
    return scope === ws || scope === pool;
  });
}
