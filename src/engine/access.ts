// Role checks the rules share: Azure RBAC and Synapse RBAC assignments of a principal, which roles satisfy which,
// custom-role coverage of an AML workspace, and where an assignment was made, in words.
import { normaliseId, parseArmId, withoutTrailingSlashes } from '../azure/ids.js';
import { memoByKey } from '../memo.js';
import type { Availability, Estate, RoleAssignment, RoleDefinition, SynapseRoleAssignment, SynapseWorkspace } from '../estate/model.js';
import { AZURE_ROLES, assignmentsOf, resolveRole, roleNameOf, SYNAPSE_ROLES } from '../estate/roles.js';

/** Azure RBAC assignments of `principalId` with any of `roleGuids` that apply to `resourceId` (inherited ones count). */
export function azureRoleAssignments(
  estate: Estate,
  resourceId: string,
  principalId: string,
  roleGuids: readonly string[],
): Availability<RoleAssignment[]> {
  const covering = estate.roleAssignmentsCovering(resourceId, { principalId, roleGuids });
  if (!covering.ok) return covering;
  return { ok: true, value: assignmentsOf(covering.value, principalId, roleGuids) };
}

/** Synapse RBAC assignments of `principalId` with any of `roleGuids` at workspace scope (`workspaces/<name>`). */
export function synapseRoleAssignmentsAtWorkspace(
  estate: Estate,
  workspace: SynapseWorkspace,
  principalId: string,
  roleGuids: readonly string[],
): Availability<SynapseRoleAssignment[]> {
  const all = estate.synapseRoleAssignments(workspace.id);
  if (!all.ok) return all;
  const wsScope = `workspaces/${workspace.name}`.toLowerCase();
  const atWorkspace = all.value.filter((a) => withoutTrailingSlashes(a.scope).toLowerCase() === wsScope);
  return { ok: true, value: assignmentsOf(atWorkspace, principalId, roleGuids) };
}

/** Lower-case prefix of every action on an AML workspace and its children. */
const AML_WORKSPACE_ACTION_PREFIX = 'microsoft.machinelearningservices/workspaces/';
/** `actions` entries that grant every AML workspace action. */
const AML_WORKSPACE_GRANTING_ACTIONS = ['*', 'microsoft.machinelearningservices/*', 'microsoft.machinelearningservices/workspaces/*'];

/**
 * Can an Azure action pattern (`*` wildcards, case-insensitive) match some action that starts with `prefix`?
 * A pattern without `*` must itself start with the prefix; with `*`, the literal text before the first `*` must be a
 * prefix of `prefix` (the wildcard then reaches into it) or start with it.
 */
function actionPatternReaches(pattern: string, prefix: string): boolean {
  const p = pattern.trim().toLowerCase();
  const star = p.indexOf('*');
  if (star < 0) return p.startsWith(prefix);
  const literal = p.slice(0, star);
  return literal.startsWith(prefix) || prefix.startsWith(literal);
}

export interface AmlWorkspaceRoleCoverage {
  /** True when the role grants every `Microsoft.MachineLearningServices/workspaces/*` action, as Contributor does. */
  sufficient: boolean;
  /** The `actions` entry that grants them, when one does. */
  grantedBy?: string;
  /** `notActions` entries that take some of them away (any one makes the role insufficient). */
  removedBy: string[];
}

/**
 * Does a role definition (typically a custom role) give the AML linked service's identity what Contributor gives it on
 * an AML workspace? Sufficient when `actions` include `*`, `Microsoft.MachineLearningServices/*` or
 * `Microsoft.MachineLearningServices/workspaces/*`, and no `notActions` entry removes any
 * `Microsoft.MachineLearningServices/workspaces/...` action (a role that removes some of them is less than Contributor
 * there, and the linked service's needs are not documented action by action). Case-insensitive.
 */
export function amlWorkspaceRoleCoverage(definition: Pick<RoleDefinition, 'actions' | 'notActions'>): AmlWorkspaceRoleCoverage {
  const grantedBy = definition.actions.find((a) => AML_WORKSPACE_GRANTING_ACTIONS.includes(a.trim().toLowerCase()));
  const removedBy = definition.notActions.filter((n) => actionPatternReaches(n, AML_WORKSPACE_ACTION_PREFIX));
  return { sufficient: grantedBy !== undefined && removedBy.length === 0, ...(grantedBy !== undefined ? { grantedBy } : {}), removedBy };
}

/**
 * Synapse RBAC role GUIDs that satisfy a required Synapse role: the role itself and Synapse Administrator, whose
 * permissions are a superset of every other built-in Synapse role's ("full Synapse access"; the Synapse RBAC roles
 * article). E.g. Synapse Apache Spark Administrator is satisfied by itself or Synapse Administrator.
 */
export function synapseRoleGuidsSatisfying(roleGuid: string): string[] {
  const wanted = roleGuid.trim().toLowerCase();
  const admin = SYNAPSE_ROLES.administrator.guid;
  return wanted === admin ? [admin] : [wanted, admin];
}

/**
 * Azure built-in role GUIDs that satisfy a required Azure role: the role itself and the built-in roles whose
 * permissions contain it (Owner ⊇ Contributor ⊇ Reader; Owner ⊇ User Access Administrator ⊇ Reader; Storage Blob Data
 * Owner ⊇ Storage Blob Data Contributor ⊇ Storage Blob Data Reader). Owner and Contributor grant no data actions, so
 * they do not satisfy the Storage Blob Data roles. Any other GUID (a custom role) is satisfied only by itself.
 */
export function azureRoleGuidsSatisfying(roleGuid: string): string[] {
  const R = AZURE_ROLES;
  const wanted = roleGuid.trim().toLowerCase();
  const supersets: Record<string, string[]> = {
    [R.contributor.guid]: [R.owner.guid],
    [R.reader.guid]: [R.contributor.guid, R.owner.guid, R.userAccessAdministrator.guid],
    [R.userAccessAdministrator.guid]: [R.owner.guid],
    [R.storageBlobDataContributor.guid]: [R.storageBlobDataOwner.guid],
    [R.storageBlobDataReader.guid]: [R.storageBlobDataContributor.guid, R.storageBlobDataOwner.guid],
  };
  return [wanted, ...(supersets[wanted] ?? [])];
}

/** A role's display name: a built-in synaml knows, else the definition's roleName from the snapshot, else the GUID. */
export function roleDisplayName(estate: Estate, roleGuid: string): string {
  return roleNameOf(roleGuid) ?? estate.roleDefinition(roleGuid)?.roleName ?? roleGuid.toLowerCase();
}

/**
 * Where a role assignment that applies to `resourceId` was made, in words: `on <what> itself`, `inherited from
 * resource group rg`, `inherited from subscription s`, `inherited from management group mg`, `inherited from the root
 * scope (/)`, `inherited from parent resource <id>`, or `at <scope>` for a scope below the resource.
 */
export function describeAssignmentScope(scope: string, resourceId: string, what = 'the resource'): string {
  const s = normaliseId(scope);
  const r = normaliseId(resourceId);
  if (s === r) return `on ${what} itself`;
  if (s === '/') return 'inherited from the root scope (/)';
  const container = containerScope(s);
  if (container !== undefined) return container;
  if (r.startsWith(`${s}/`)) return `inherited from parent resource ${s}`;
  return `at ${s}`;
}

/**
 * `inherited from management group / resource group / subscription ...` for such a scope (normalised), else
 * undefined. Memoised: the rules describe the same few scopes for thousands of assignments, and parsing allocates.
 */
const containerScope = memoByKey((s: string): string | undefined => {
  const parsed = parseArmId(s);
  // As managementGroupOf(s), from the same parse.
  const mg = parsed?.managementGroup?.toLowerCase();
  if (mg !== undefined) return `inherited from management group ${mg}`;
  if (parsed && parsed.provider === undefined) {
    if (parsed.resourceGroup !== undefined) return `inherited from resource group ${parsed.resourceGroup}`;
    if (parsed.subscriptionId !== undefined) return `inherited from subscription ${parsed.subscriptionId}`;
  }
  return undefined;
}, 10_000);

/** Is an `access.required` entry the one SA007 evaluates (Storage Blob Data Contributor on `synapse.defaultStorage`)? */
export function isDefaultStorageBlobContributorEntry(entry: { role: string; scope: string }): boolean {
  return (
    entry.scope.trim() === 'synapse.defaultStorage' &&
    resolveRole(entry.role)?.guid === AZURE_ROLES.storageBlobDataContributor.guid
  );
}
