// The integration's AzureMLService linked services: finding them, reading their (possibly expression) properties, the
// identity they authenticate as, and the AML-side (SDK v1) links. Pure functions over the estate model.
import { sameId, withoutTrailingSlashes } from '../azure/ids.js';
import type { AmlLinkedService, Availability, Estate, SnapshotError, SynapseLinkedService, SynapseWorkspace } from '../estate/model.js';
import type { IntegrationSpec, SpecPath } from '../spec/types.js';
import { notApplicable, unknown } from './outcomes.js';
import type { Check } from './types.js';
import { rememberLast } from '../memo.js';

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

/**
 * AzureMLService linked services that point at the integration's AML workspace, plus the declared one by name.
 * Several rules ask it in turn for the same list and integration: the last answer is kept for the next.
 */
export const amlLinkedServicesOf = rememberLast(computeAmlLinkedServicesOf);

function computeAmlLinkedServicesOf(linkedServices: readonly SynapseLinkedService[], integration: IntegrationSpec): SynapseLinkedService[] {
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


/** ID of a Synapse linked service, as the data plane returns it (`<workspace ID>/linkedservices/<name>`). */
export function synapseLinkedServiceId(synapseWorkspaceId: string, name: string): string {
  return `${withoutTrailingSlashes(synapseWorkspaceId)}/linkedservices/${name}`;
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
  readError?: SnapshotError;
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
export function amlSideLinksTo(estate: Estate, amlWorkspaceId: string, synapseWorkspaceId: string): Availability<AmlLinkedService[]> {
  const links = estate.amlLinkedServices(amlWorkspaceId);
  if (!links.ok) return links;
  return { ok: true, value: links.value.filter((l) => sameId(l.linkedServiceResourceId, synapseWorkspaceId)) };
}
