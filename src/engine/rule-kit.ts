// Small building blocks the rules share: outcome constructors, identity resolution, role lookups, expression-aware
// reading of linked-service properties. Pure functions over the estate model.
import { isGuid, sameId } from '../azure/ids.js';
import type { Availability, Estate, RoleAssignment, SnapshotError, SynapseLinkedService, SynapseRoleAssignment, SynapseWorkspace } from '../estate/model.js';
import { assignmentsOf } from '../estate/roles.js';
import type { IntegrationSpec, SpecPath } from '../spec/types.js';
import type { Check } from './types.js';

/** Message templates every rule includes for its `unknown` outcomes. */
export const COMMON_MESSAGES = {
  unknown: 'Could not evaluate: {{what}} could not be read ({{reason}}).',
} as const;

type Extra = Omit<Check, 'outcome' | 'messageId'>;

export const pass = (messageId: string, extra: Extra = {}): Check => ({ outcome: 'pass', messageId, ...extra });
export const fail = (messageId: string, extra: Extra = {}): Check => ({ outcome: 'fail', messageId, ...extra });
export const notApplicable = (messageId: string, extra: Extra = {}): Check => ({ outcome: 'not-applicable', messageId, ...extra });

/** An `unknown` outcome carrying the read error; `what` says in words which data was missing. */
export function unknown(error: SnapshotError, what: string, extra: Extra = {}): Check {
  const status = error.status !== undefined ? `HTTP ${error.status}${error.code ? ` ${error.code}` : ''}: ` : error.code ? `${error.code}: ` : '';
  const missing = error.missing ? `; missing: ${error.missing}` : '';
  return {
    outcome: 'unknown',
    messageId: 'unknown',
    ...extra,
    data: { what, reason: `${status}${error.message}${missing}`, ...(extra.data ?? {}) },
    error,
  };
}

/** Name of an AzureML linked service type in Synapse. */
export const AZURE_ML_LINKED_SERVICE_TYPE = 'AzureMLService';

/** The linked service the integration declares, by name (case-insensitive), among the workspace's linked services. */
export function findDeclaredLinkedService(
  linkedServices: readonly SynapseLinkedService[],
  integration: IntegrationSpec,
): SynapseLinkedService | undefined {
  const name = integration.linkedService?.name.toLowerCase();
  return name === undefined ? undefined : linkedServices.find((ls) => ls.name.toLowerCase() === name);
}

/** AzureMLService linked services that point at the integration's AML workspace, plus the declared one by name. */
export function amlLinkedServicesOf(
  linkedServices: readonly SynapseLinkedService[],
  integration: IntegrationSpec,
): SynapseLinkedService[] {
  const declared = findDeclaredLinkedService(linkedServices, integration);
  return linkedServices.filter(
    (ls) => ls === declared || (ls.type.toLowerCase() === AZURE_ML_LINKED_SERVICE_TYPE.toLowerCase() && pointsAt(ls, integration.machineLearning.workspaceId)),
  );
}

/** A typeProperties value: a literal string, an ARM/ADF expression object we cannot evaluate, or absent. */
export type PropertyValue =
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; text: string }
  | { kind: 'missing' };

/** Reads a linked-service property that may be a string, an `{type: 'Expression', value}` object, or absent. */
export function readProperty(typeProperties: Record<string, unknown>, key: string): PropertyValue {
  const value = typeProperties[key];
  if (value === undefined || value === null || value === '') return { kind: 'missing' };
  if (typeof value === 'string') {
    return value.startsWith('@') && !value.startsWith('@@') ? { kind: 'expression', text: value } : { kind: 'literal', value };
  }
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'literal', value: String(value) };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const inner = (value as Record<string, unknown>)['value'];
    return { kind: 'expression', text: typeof inner === 'string' ? inner : JSON.stringify(value) };
  }
  return { kind: 'expression', text: JSON.stringify(value) };
}

/** Does the AzureML linked service's subscriptionId / resourceGroupName / mlWorkspaceName name this AML workspace? */
export function pointsAt(ls: SynapseLinkedService, amlWorkspaceId: string): boolean {
  const parts = amlWorkspaceId.split('/');
  const sub = readProperty(ls.typeProperties, 'subscriptionId');
  const rg = readProperty(ls.typeProperties, 'resourceGroupName');
  const ws = readProperty(ls.typeProperties, 'mlWorkspaceName');
  if (sub.kind !== 'literal' || rg.kind !== 'literal' || ws.kind !== 'literal') return false;
  return sameId(`/subscriptions/${sub.value}/resourceGroups/${rg.value}/providers/Microsoft.MachineLearningServices/workspaces/${ws.value}`, parts.join('/'));
}

/** Live authentication of an AzureMLService linked service: MSI when `authentication` is MSI or there is no servicePrincipalId. */
export function liveAuthentication(ls: SynapseLinkedService): 'managedIdentity' | 'servicePrincipal' {
  const auth = readProperty(ls.typeProperties, 'authentication');
  if (auth.kind === 'literal' && auth.value.toLowerCase() === 'msi') return 'managedIdentity';
  return readProperty(ls.typeProperties, 'servicePrincipalId').kind === 'missing' ? 'managedIdentity' : 'servicePrincipal';
}

/** The identity the linked service authenticates as, for role checks. */
export type LinkedServiceIdentity =
  | { kind: 'managedIdentity'; principalId?: string; describe: string }
  | { kind: 'servicePrincipal'; principalId?: string; clientId?: string; describe: string };

/**
 * Resolves the principal (object ID) the AML linked service uses: the Synapse workspace's managed identity, or the
 * declared service principal's object ID. Live authentication wins over the declared one when the linked service was read.
 */
export function linkedServiceIdentity(
  integration: IntegrationSpec,
  workspace: SynapseWorkspace,
  live: SynapseLinkedService | undefined,
): LinkedServiceIdentity {
  const mode = live ? liveAuthentication(live) : integration.linkedService?.authentication ?? 'managedIdentity';
  if (mode === 'managedIdentity') {
    return { kind: 'managedIdentity', principalId: workspace.principalId, describe: `the managed identity of Synapse workspace ${workspace.name}` };
  }
  const sp = integration.linkedService?.servicePrincipal;
  const liveClient = live ? readProperty(live.typeProperties, 'servicePrincipalId') : { kind: 'missing' as const };
  const clientId = liveClient.kind === 'literal' ? liveClient.value : sp?.clientId;
  return {
    kind: 'servicePrincipal',
    principalId: sp?.objectId,
    clientId,
    describe: `service principal ${clientId ?? '(unknown client ID)'}`,
  };
}

/** Azure RBAC assignments of `principalId` with any of `roleGuids` that apply to `resourceId` (inherited ones count). */
export function azureRoleAssignments(
  estate: Estate,
  resourceId: string,
  principalId: string,
  roleGuids: readonly string[],
): Availability<RoleAssignment[]> {
  const covering = estate.roleAssignmentsCovering(resourceId);
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
  const atWorkspace = all.value.filter((a) => a.scope.replace(/\/+$/, '').toLowerCase() === wsScope);
  return { ok: true, value: assignmentsOf(atWorkspace, principalId, roleGuids) };
}

/** A path inside the integration, for finding locations. */
export function specPath(...segments: Array<string | number>): SpecPath {
  return segments;
}

export { isGuid, sameId };
