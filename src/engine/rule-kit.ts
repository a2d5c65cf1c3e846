// Small building blocks the rules share: outcome constructors, identity resolution, role lookups, expression-aware
// reading of linked-service properties. Pure functions over the estate model.
import { isGuid, lastSegment, sameId, withoutTrailingSlashes } from '../azure/ids.js';
import type { Availability, Estate, RoleAssignment, SnapshotError, SynapseLinkedService, SynapseRoleAssignment, SynapseWorkspace } from '../estate/model.js';
import { assignmentsOf } from '../estate/roles.js';
import { readStatusPrefix } from '../estate/snapshot.js';
import type { IntegrationSpec, SpecPath } from '../spec/types.js';
import type { Check } from './types.js';

/** Message templates every rule includes for its `unknown` outcomes. */
export const COMMON_MESSAGES = {
  unknown: 'Could not evaluate: {{what}} could not be read ({{reason}}).',
} as const;

type Extra = Omit<Check, 'outcome' | 'messageId'>;

// On the rules' hot paths a spread comes last (`{ data, ...base }`, not `{ ...base, data }`) or not at all: in Node 20's
// V8 an object literal that spreads and then adds properties takes a slow path, about a microsecond each, against tens
// of nanoseconds the other way round, and the audit of a large estate builds tens of thousands of them.

export const pass = (messageId: string, extra: Extra = {}): Check => ({ outcome: 'pass', messageId, ...extra });
export const fail = (messageId: string, extra: Extra = {}): Check => ({ outcome: 'fail', messageId, ...extra });
export const notApplicable = (messageId: string, extra: Extra = {}): Check => ({ outcome: 'not-applicable', messageId, ...extra });

/** An `unknown` outcome carrying the read error; `what` says in words which data was missing. */
export function unknown(error: SnapshotError, what: string, extra: Extra = {}): Check {
  const status = readStatusPrefix(error);
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

/** The AML workspace an AzureMLService linked service names (subscriptionId, resourceGroupName, mlWorkspaceName), when all three are literals. */
export function amlWorkspaceIdOf(ls: Pick<SynapseLinkedService, 'typeProperties'>): string | undefined {
  const sub = readProperty(ls.typeProperties, 'subscriptionId');
  const rg = readProperty(ls.typeProperties, 'resourceGroupName');
  const ws = readProperty(ls.typeProperties, 'mlWorkspaceName');
  if (sub.kind !== 'literal' || rg.kind !== 'literal' || ws.kind !== 'literal') return undefined;
  return `/subscriptions/${sub.value}/resourceGroups/${rg.value}/providers/Microsoft.MachineLearningServices/workspaces/${ws.value}`;
}

/** Does the AzureML linked service's subscriptionId / resourceGroupName / mlWorkspaceName name this AML workspace? */
export function pointsAt(ls: SynapseLinkedService, amlWorkspaceId: string): boolean {
  const target = amlWorkspaceIdOf(ls);
  return target !== undefined && sameId(target, amlWorkspaceId);
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
  | {
      kind: 'servicePrincipal';
      principalId?: string;
      clientId?: string;
      describe: string;
      /** The live linked service names another client than the spec: the declared objectId is someone else's. */
      clientIdMismatch?: { live: string; declared: string };
    };

/**
 * Resolves the principal (object ID) the AML linked service uses: the Synapse workspace's managed identity, or the
 * declared service principal's object ID. Live authentication wins over the declared one when the linked service was read.
 * When the live client ID differs from the declared one, the declared object ID belongs to another principal: no
 * principalId is returned (a role check on it could pass for the wrong identity) and the mismatch is reported.
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
  const describe = `service principal ${clientId ?? '(unknown client ID)'}`;
  if (clientId && sp?.clientId && clientId.trim().toLowerCase() !== sp.clientId.trim().toLowerCase()) {
    return { kind: 'servicePrincipal', clientId, describe, clientIdMismatch: { live: clientId, declared: sp.clientId } };
  }
  return { kind: 'servicePrincipal', principalId: sp?.objectId, clientId, describe };
}

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

/** A path inside the integration, for finding locations. */
export function specPath(...segments: Array<string | number>): SpecPath {
  return segments;
}

export { isGuid, sameId };

// ==== Managed private endpoints and approval (added for SA008 / SA009 / SA010) ==================================
// Self-contained block (no new imports) so that concurrent additions by other rules cannot collide with it.

/** Is a private endpoint connection status `Approved` (case-insensitive)? Absent means not approved. */
export function isApprovedStatus(status: string | undefined): boolean {
  return status?.trim().toLowerCase() === 'approved';
}

/** ID of a Synapse managed private endpoint (data-plane type `Microsoft.Synapse/workspaces/managedVirtualNetworks/managedPrivateEndpoints`). */
export function managedPrivateEndpointResourceId(synapseWorkspaceId: string, name: string): string {
  return `${synapseWorkspaceId.replace(/\/+$/, '')}/managedVirtualNetworks/default/managedPrivateEndpoints/${name}`;
}

/**
 * The name prefix Synapse gives the private endpoint behind a managed private endpoint: `<workspace>.<managed private
 * endpoint>`, lower-case. `synapseWorkspace` may be the workspace's name or its ARM ID.
 */
export function managedPrivateEndpointPrefix(synapseWorkspace: string, managedPrivateEndpointName: string): string {
  return `${lastSegment(synapseWorkspace)}.${managedPrivateEndpointName}`.toLowerCase();
}

/**
 * The target-side private endpoint connections that belong to a Synapse managed private endpoint: the target's provider
 * chooses the connection's name, so match on the private endpoint's name (last segment of `privateEndpointId`) starting
 * with `<workspace>.<managed private endpoint>` (case-insensitive). An exact name match comes first.
 */
export function connectionsOfManagedPrivateEndpoint<C extends { privateEndpointId?: string }>(
  connections: readonly C[],
  synapseWorkspace: string,
  managedPrivateEndpointName: string,
  /** The MPE's own private endpoint ID (`properties.resourceId`), when known: an exact match beats the name prefix. */
  privateEndpointId?: string,
): C[] {
  const exact = privateEndpointId === undefined ? [] : connections.filter((c) => sameId(c.privateEndpointId, privateEndpointId));
  if (exact.length > 0) return exact;
  const prefix = managedPrivateEndpointPrefix(synapseWorkspace, managedPrivateEndpointName);
  const named: C[] = [];
  const prefixed: C[] = [];
  for (const c of connections) {
    if (c.privateEndpointId === undefined) continue;
    const endpointName = lastSegment(c.privateEndpointId).toLowerCase();
    if (endpointName === prefix) named.push(c);
    else if (endpointName.startsWith(prefix)) prefixed.push(c);
  }
  return [...named, ...prefixed];
}

// ==== The integration's AzureML linked services (added for SA002 / SA014 / SA015) ================================
// Self-contained block (no new imports) so that concurrent additions by other rules cannot collide with it.

/** ID of a Synapse linked service, as the data plane returns it (`<workspace ID>/linkedservices/<name>`). */
export function synapseLinkedServiceId(synapseWorkspaceId: string, name: string): string {
  return `${synapseWorkspaceId.replace(/\/+$/, '')}/linkedservices/${name}`;
}

/**
 * Path of a live linked service inside the integration: `['linkedService', ...field]` (the first of `field` that is
 * declared, else `['linkedService']`) when it is the declared one, else `['machineLearning', 'workspaceId']` (it is
 * there because it points at the integration's AML workspace).
 */
export function linkedServicePath(integration: IntegrationSpec, ls: SynapseLinkedService, field: SpecPath = []): SpecPath {
  const declared = integration.linkedService;
  if (!declared || declared.name.toLowerCase() !== ls.name.toLowerCase()) return ['machineLearning', 'workspaceId'];
  // Walk `field` only as far as the spec declares it, so the path points at an existing node.
  const path: Array<string | number> = ['linkedService'];
  let node: unknown = declared;
  for (const segment of field) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string | number, unknown>)[segment];
    if (node === undefined) break;
    path.push(segment);
  }
  return path;
}

export type AmlLinkedServicesRead =
  | { ok: true; workspace: SynapseWorkspace; linkedServices: SynapseLinkedService[] }
  | { ok: false; checks: Check[] };

/**
 * Reads the integration's Synapse workspace and its AzureMLService linked services (`amlLinkedServicesOf`). When the
 * workspace or its linked services cannot be read, returns an `unknown` check; when the workspace does not exist, a
 * `not-applicable` check with messageId `workspace-missing` and data `{ workspace }` (the rule must define that
 * message). An empty list is ok: the caller decides what "no AzureML linked service" means.
 */
export function readAmlLinkedServices(integration: IntegrationSpec, estate: Estate): AmlLinkedServicesRead {
  const id = integration.synapse.workspaceId;
  const ws = estate.synapseWorkspace(id);
  if (!ws.ok) return { ok: false, checks: [unknown(ws.error, 'the Synapse workspace', { resourceId: id, path: ['synapse', 'workspaceId'] })] };
  if (!ws.value) {
    return { ok: false, checks: [notApplicable('workspace-missing', { resourceId: id, data: { workspace: id }, path: ['synapse', 'workspaceId'] })] };
  }
  const all = estate.synapseLinkedServices(ws.value.id);
  if (!all.ok) {
    return {
      ok: false,
      checks: [unknown(all.error, `the linked services of Synapse workspace ${ws.value.name}`, { resourceId: ws.value.id, path: integration.linkedService ? ['linkedService'] : ['synapse', 'workspaceId'] })],
    };
  }
  return { ok: true, workspace: ws.value, linkedServices: amlLinkedServicesOf(all.value, integration) };
}

// ==== Roles and access (added for SA004 / SA005 / SA006 / SA007 / SA101 / SA102) ==================================
// Namespace imports with block-specific names, so that other blocks' imports cannot collide with them.
import * as accessIds from '../azure/ids.js';
import type * as accessModel from '../estate/model.js';
import * as accessRoles from '../estate/roles.js';

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
export function amlWorkspaceRoleCoverage(definition: Pick<accessModel.RoleDefinition, 'actions' | 'notActions'>): AmlWorkspaceRoleCoverage {
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
  const admin = accessRoles.SYNAPSE_ROLES.administrator.guid;
  return wanted === admin ? [admin] : [wanted, admin];
}

/**
 * Azure built-in role GUIDs that satisfy a required Azure role: the role itself and the built-in roles whose
 * permissions contain it (Owner ⊇ Contributor ⊇ Reader; Owner ⊇ User Access Administrator ⊇ Reader; Storage Blob Data
 * Owner ⊇ Storage Blob Data Contributor ⊇ Storage Blob Data Reader). Owner and Contributor grant no data actions, so
 * they do not satisfy the Storage Blob Data roles. Any other GUID (a custom role) is satisfied only by itself.
 */
export function azureRoleGuidsSatisfying(roleGuid: string): string[] {
  const R = accessRoles.AZURE_ROLES;
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
export function roleDisplayName(estate: accessModel.Estate, roleGuid: string): string {
  return accessRoles.roleNameOf(roleGuid) ?? estate.roleDefinition(roleGuid)?.roleName ?? roleGuid.toLowerCase();
}

/**
 * Where a role assignment that applies to `resourceId` was made, in words: `on <what> itself`, `inherited from
 * resource group rg`, `inherited from subscription s`, `inherited from management group mg`, `inherited from the root
 * scope (/)`, `inherited from parent resource <id>`, or `at <scope>` for a scope below the resource.
 */
export function describeAssignmentScope(scope: string, resourceId: string, what = 'the resource'): string {
  const s = accessIds.normaliseId(scope);
  const r = accessIds.normaliseId(resourceId);
  if (s === r) return `on ${what} itself`;
  if (s === '/') return 'inherited from the root scope (/)';
  const parsed = accessIds.parseArmId(s);
  // As managementGroupOf(s), from the same parse.
  const mg = parsed?.managementGroup?.toLowerCase();
  if (mg !== undefined) return `inherited from management group ${mg}`;
  if (parsed && parsed.provider === undefined) {
    if (parsed.resourceGroup !== undefined) return `inherited from resource group ${parsed.resourceGroup}`;
    if (parsed.subscriptionId !== undefined) return `inherited from subscription ${parsed.subscriptionId}`;
  }
  if (r.startsWith(`${s}/`)) return `inherited from parent resource ${s}`;
  return `at ${s}`;
}

/** One AzureML linked service the integration uses, with the identity it authenticates as. */
export interface LinkedServiceUse {
  /** The declared name, or the live linked service's name. */
  name?: string;
  /** The live linked service, when the linked services were read and it was found. */
  live?: SynapseLinkedService;
  /** True when it is the spec's `linkedService`. */
  declared: boolean;
  /** Its identity. For a service principal whose live client ID differs from the declared one, `principalId` is dropped. */
  identity: LinkedServiceIdentity;
  /** Set when the live linked service's servicePrincipalId differs from the declared clientId (the declared objectId is then not its object ID). */
  clientIdMismatch?: { live: string; declared: string };
}

export interface LinkedServiceUses {
  uses: LinkedServiceUse[];
  /** Set when the Synapse linked services could not be read (then only the declared linked service is used, as declared). */
  readError?: accessModel.SnapshotError;
}

/**
 * The AzureML linked services whose identity needs access: the declared one (live when it was read and found, else as
 * declared), or — when none is declared — every live AzureMLService linked service pointing at the AML workspace.
 */
export function linkedServiceUses(integration: IntegrationSpec, estate: Estate, workspace: SynapseWorkspace): LinkedServiceUses {
  const read = estate.synapseLinkedServices(workspace.id);
  const declared = integration.linkedService;
  const use = (live: SynapseLinkedService | undefined, isDeclared: boolean): LinkedServiceUse => {
    const identity = linkedServiceIdentity(integration, workspace, live);
    const out: LinkedServiceUse = { name: live?.name ?? declared?.name, declared: isDeclared, identity };
    if (live) out.live = live;
    if (identity.kind === 'servicePrincipal' && identity.clientIdMismatch) out.clientIdMismatch = identity.clientIdMismatch;
    return out;
  };
  if (!read.ok) return { uses: declared ? [use(undefined, true)] : [], readError: read.error };
  if (declared) return { uses: [use(findDeclaredLinkedService(read.value, integration), true)] };
  return { uses: amlLinkedServicesOf(read.value, integration).map((ls) => use(ls, false)) };
}

/** AML-side (SDK v1) linked services of `amlWorkspaceId` whose `linkedServiceResourceId` is `synapseWorkspaceId`. */
export function amlSideLinksTo(estate: Estate, amlWorkspaceId: string, synapseWorkspaceId: string): Availability<accessModel.AmlLinkedService[]> {
  const links = estate.amlLinkedServices(amlWorkspaceId);
  if (!links.ok) return links;
  return { ok: true, value: links.value.filter((l) => sameId(l.linkedServiceResourceId, synapseWorkspaceId)) };
}

/** Is an `access.required` entry the one SA007 evaluates (Storage Blob Data Contributor on `synapse.defaultStorage`)? */
export function isDefaultStorageBlobContributorEntry(entry: { role: string; scope: string }): boolean {
  return (
    entry.scope.trim() === 'synapse.defaultStorage' &&
    accessRoles.resolveRole(entry.role)?.guid === accessRoles.AZURE_ROLES.storageBlobDataContributor.guid
  );
}

/** The Synapse workspace's default ADLS Gen2 storage account, as resolved from the estate. */
export interface DefaultStorage {
  /** The account, when it is in the estate. */
  account?: accessModel.PrivateLinkTarget;
  /** How the workspace names it (its resource ID or account name), for messages. */
  describe: string;
  /** The default filesystem (container) name. */
  filesystem?: string;
}

/**
 * Resolves the workspace's default storage account: `defaultDataLakeStorage.resourceId` when Azure returned it, else
 * the account named in `accountUrl` (storage account names are globally unique).
 */
export function defaultStorageOf(estate: Estate, workspace: SynapseWorkspace): Availability<DefaultStorage> {
  const ds = workspace.defaultStorage;
  const storage = (describe: string, account?: accessModel.PrivateLinkTarget): DefaultStorage => {
    const value: DefaultStorage = { describe };
    if (ds?.filesystem !== undefined) value.filesystem = ds.filesystem;
    if (account) value.account = account;
    return value;
  };
  if (ds?.resourceId) {
    const found = estate.privateLinkTarget(ds.resourceId);
    if (!found.ok) return found;
    return { ok: true, value: storage(ds.resourceId, found.value) };
  }
  if (ds?.accountName) {
    const found = estate.storageAccountByName(ds.accountName);
    if (!found.ok) return found;
    return { ok: true, value: storage(ds.accountName, found.value) };
  }
  return { ok: true, value: storage('(no defaultDataLakeStorage in the workspace properties)') };
}

/** ARM ID of a blob container (an ADLS Gen2 filesystem) in a storage account: a role assignment scope. */
export function blobContainerId(storageAccountId: string, container: string): string {
  return `${storageAccountId.replace(/\/+$/, '')}/blobServices/default/containers/${container}`;
}
