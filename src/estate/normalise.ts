// Turns a snapshot's raw payloads (ARG rows, ARM bodies, Synapse data-plane bodies) into the Estate the rules read.
// Payloads are untrusted JSON: every field is read defensively, and a missing collection is `unavailable`, not empty.
import { lastSegment, managementGroupOf, normaliseId, parentResourceId, scopeCovers, subscriptionOf } from '../azure/ids.js';
import type {
  AmlLinkedService,
  AmlWorkspace,
  Availability,
  Estate,
  IntegrationRuntime,
  ManagedPrivateEndpoint,
  PrivateEndpoint,
  PrivateEndpointConnection,
  PrivateLinkTarget,
  RoleAssignment,
  RoleDefinition,
  SparkPool,
  SynapseLinkedService,
  SynapseRoleAssignment,
  SynapseWorkspace,
} from './model.js';
import { roleGuidOf } from './roles.js';
import { RESOURCE_TYPES } from '../azure/resource-types.js';
import type { DataSource, Snapshot, SnapshotError } from './snapshot.js';

export { RESOURCE_TYPES };

const PRIVATE_LINK_TARGET_TYPES: ReadonlySet<string> = new Set([
  RESOURCE_TYPES.storageAccount,
  RESOURCE_TYPES.keyVault,
  RESOURCE_TYPES.containerRegistry,
]);

// ---- defensive readers for untrusted JSON --------------------------------------------------------------------

function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: unknown): string[] {
  return arr(value).filter((v): v is string => typeof v === 'string');
}

function props(row: unknown): Record<string, unknown> {
  return obj(obj(row)?.['properties']) ?? {};
}

// ---- payload -> model ----------------------------------------------------------------------------------------

function toConnection(raw: unknown): PrivateEndpointConnection {
  const p = props(raw);
  return {
    id: str(obj(raw)?.['id']),
    name: str(obj(raw)?.['name']),
    privateEndpointId: str(obj(p['privateEndpoint'])?.['id']),
    status: str(obj(p['privateLinkServiceConnectionState'])?.['status']),
  };
}

function storageAccountNameFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const match = /^(?:https?:\/\/)?([^./]+)\./i.exec(url.trim());
  return match?.[1]?.toLowerCase();
}

function toSynapseWorkspace(row: Record<string, unknown>, id: string): SynapseWorkspace {
  const p = props(row);
  const storage = obj(p['defaultDataLakeStorage']);
  const accountUrl = str(storage?.['accountUrl']);
  return {
    id,
    name: str(row['name']) ?? lastSegment(id),
    subscriptionId: str(row['subscriptionId']) ?? subscriptionOf(id) ?? '',
    resourceGroup: str(row['resourceGroup']) ?? '',
    location: str(row['location']),
    principalId: str(obj(row['identity'])?.['principalId']),
    managedVirtualNetwork: str(p['managedVirtualNetwork'])?.toLowerCase() === 'default',
    preventDataExfiltration: obj(p['managedVirtualNetworkSettings'])?.['preventDataExfiltration'] === true,
    publicNetworkAccess: str(p['publicNetworkAccess']),
    defaultStorage: storage
      ? {
          accountUrl,
          filesystem: str(storage['filesystem']),
          accountName: storageAccountNameFromUrl(accountUrl),
          resourceId: str(storage['resourceId']),
        }
      : undefined,
    devEndpoint: str(obj(p['connectivityEndpoints'])?.['dev']),
  };
}

function toAmlWorkspace(row: Record<string, unknown>, id: string): AmlWorkspace {
  const p = props(row);
  return {
    id,
    name: str(row['name']) ?? lastSegment(id),
    subscriptionId: str(row['subscriptionId']) ?? subscriptionOf(id) ?? '',
    resourceGroup: str(row['resourceGroup']) ?? '',
    location: str(row['location']),
    principalId: str(obj(row['identity'])?.['principalId']),
    publicNetworkAccess: str(p['publicNetworkAccess']),
    storageAccount: str(p['storageAccount']),
    keyVault: str(p['keyVault']),
    containerRegistry: str(p['containerRegistry']),
    privateEndpointConnections: arr(p['privateEndpointConnections']).map(toConnection),
  };
}

function toPrivateEndpoint(row: Record<string, unknown>, id: string): PrivateEndpoint {
  const p = props(row);
  const connections = [...arr(p['privateLinkServiceConnections']), ...arr(p['manualPrivateLinkServiceConnections'])];
  return {
    id,
    connections: connections.flatMap((c) => {
      const cp = props(c);
      const target = str(cp['privateLinkServiceId']);
      if (!target) return [];
      return [
        {
          privateLinkServiceId: target,
          groupIds: strings(cp['groupIds']),
          status: str(obj(cp['privateLinkServiceConnectionState'])?.['status']),
        },
      ];
    }),
  };
}

function toRoleAssignment(row: Record<string, unknown>, id: string): RoleAssignment | undefined {
  const p = props(row);
  const roleDefinitionId = str(p['roleDefinitionId']);
  const principalId = str(p['principalId']);
  if (!roleDefinitionId || !principalId) return undefined;
  const marker = '/providers/microsoft.authorization/roleassignments/';
  const lower = id.toLowerCase();
  const derivedScope = lower.includes(marker) ? lower.slice(0, lower.indexOf(marker)) || '/' : undefined;
  const scope = str(p['scope']) ?? derivedScope;
  if (!scope) return undefined;
  return {
    id,
    scope: normaliseId(scope),
    roleDefinitionGuid: roleGuidOf(roleDefinitionId),
    principalId: principalId.toLowerCase(),
    principalType: str(p['principalType']),
  };
}

function toRoleDefinition(row: Record<string, unknown>, id: string): RoleDefinition {
  const p = props(row);
  const permissions = arr(p['permissions']).map((x) => obj(x) ?? {});
  // Resource Graph has been seen returning `Actions`/`DataActions` beside `notActions`: read keys case-insensitively.
  const collect = (key: string) =>
    permissions.flatMap((perm) =>
      Object.entries(perm).flatMap(([k, v]) => (k.toLowerCase() === key.toLowerCase() ? strings(v) : [])),
    );
  return {
    guid: roleGuidOf(str(row['name']) ?? id),
    roleName: str(p['roleName']) ?? str(row['name']) ?? lastSegment(id),
    roleType: str(p['type']),
    actions: collect('actions'),
    notActions: collect('notActions'),
    dataActions: collect('dataActions'),
    notDataActions: collect('notDataActions'),
  };
}

function toIntegrationRuntime(body: unknown): IntegrationRuntime | undefined {
  const name = str(obj(body)?.['name']);
  if (!name) return undefined;
  return { name, type: str(props(body)['type']) ?? 'Unknown' };
}

function toSynapseLinkedService(body: unknown): SynapseLinkedService | undefined {
  const name = str(obj(body)?.['name']);
  if (!name) return undefined;
  const p = props(body);
  return {
    name,
    type: str(p['type']) ?? 'Unknown',
    connectVia: str(obj(p['connectVia'])?.['referenceName']),
    typeProperties: obj(p['typeProperties']) ?? {},
  };
}

function toManagedPrivateEndpoint(body: unknown): ManagedPrivateEndpoint | undefined {
  const name = str(obj(body)?.['name']);
  if (!name) return undefined;
  const p = props(body);
  return {
    name,
    privateLinkResourceId: str(p['privateLinkResourceId']),
    groupId: str(p['groupId']),
    status: str(obj(p['connectionState'])?.['status']),
    provisioningState: str(p['provisioningState']),
    privateEndpointId: str(p['resourceId']),
  };
}

function toSynapseRoleAssignment(body: unknown): SynapseRoleAssignment | undefined {
  const o = obj(body);
  const roleDefinitionId = str(o?.['roleDefinitionId']);
  const principalId = str(o?.['principalId']);
  if (!o || !roleDefinitionId || !principalId) return undefined;
  return {
    id: str(o['id']) ?? '',
    roleDefinitionId,
    principalId,
    scope: str(o['scope']) ?? '',
    principalType: str(o['principalType']),
  };
}

function toAmlLinkedService(body: unknown, amlWorkspaceId: string): AmlLinkedService | undefined {
  const o = obj(body);
  const id = str(o?.['id']);
  const name = str(o?.['name']) ?? (id ? lastSegment(id) : undefined);
  if (!o || !name) return undefined;
  return {
    id: id ?? `${amlWorkspaceId}/linkedServices/${name}`,
    name,
    amlWorkspaceId,
    linkedServiceResourceId: str(props(o)['linkedServiceResourceId']),
    principalId: str(obj(o['identity'])?.['principalId']),
  };
}

// ---- the estate ------------------------------------------------------------------------------------------------

const ok = <T>(value: T): Availability<T> => ({ ok: true, value });

class SnapshotEstate implements Estate {
  readonly capturedAt?: string;
  readonly errors: readonly SnapshotError[];
  private readonly synapse = new Map<string, SynapseWorkspace>();
  private readonly pools = new Map<string, SparkPool[]>();
  private readonly aml = new Map<string, AmlWorkspace>();
  private readonly targets = new Map<string, PrivateLinkTarget>();
  private readonly storageByName = new Map<string, PrivateLinkTarget>();
  private readonly endpointsByTarget = new Map<string, PrivateEndpoint[]>();
  private readonly assignments: RoleAssignment[] = [];
  private readonly definitions = new Map<string, RoleDefinition>();
  /** Lower-case subscription ID -> lower-case management group names above it, when known. */
  private readonly ancestors = new Map<string, Set<string>>();
  private readonly snapshot: Snapshot;

  constructor(snapshot: Snapshot) {
    this.snapshot = snapshot;
    this.capturedAt = snapshot.capturedAt;
    this.errors = arr(snapshot.errors).filter((e): e is SnapshotError => obj(e) !== undefined);
    for (const row of arr(snapshot.resourceGraph?.resources)) this.addResource(row);
    for (const row of arr(snapshot.resourceGraph?.authorizationresources)) this.addAuthorization(row);
    for (const row of arr(snapshot.resourceGraph?.resourcecontainers)) this.addContainer(row);
  }

  private addResource(raw: unknown): void {
    const row = obj(raw);
    const id = str(row?.['id']);
    const type = str(row?.['type'])?.toLowerCase();
    if (!row || !id || !type) return;
    const key = normaliseId(id);
    if (type === RESOURCE_TYPES.synapseWorkspace) {
      this.synapse.set(key, toSynapseWorkspace(row, id));
    } else if (type === RESOURCE_TYPES.sparkPool) {
      const parent = parentResourceId(id);
      if (!parent) return;
      const workspaceId = normaliseId(parent);
      const pool: SparkPool = { id, name: lastSegment(id), workspaceId, sparkVersion: str(props(row)['sparkVersion']) };
      this.pools.set(workspaceId, [...(this.pools.get(workspaceId) ?? []), pool]);
    } else if (type === RESOURCE_TYPES.amlWorkspace) {
      this.aml.set(key, toAmlWorkspace(row, id));
    } else if (type === RESOURCE_TYPES.privateEndpoint) {
      const endpoint = toPrivateEndpoint(row, id);
      for (const target of new Set(endpoint.connections.map((c) => normaliseId(c.privateLinkServiceId)))) {
        this.endpointsByTarget.set(target, [...(this.endpointsByTarget.get(target) ?? []), endpoint]);
      }
    } else if (PRIVATE_LINK_TARGET_TYPES.has(type)) {
      const target: PrivateLinkTarget = {
        id,
        type,
        privateEndpointConnections: arr(props(row)['privateEndpointConnections']).map(toConnection),
      };
      this.targets.set(key, target);
      if (type === RESOURCE_TYPES.storageAccount) this.storageByName.set(lastSegment(id).toLowerCase(), target);
    }
  }

  private addAuthorization(raw: unknown): void {
    const row = obj(raw);
    const id = str(row?.['id']);
    const type = str(row?.['type'])?.toLowerCase();
    if (!row || !id) return;
    if (type === RESOURCE_TYPES.roleAssignment) {
      const assignment = toRoleAssignment(row, id);
      if (assignment) this.assignments.push(assignment);
    } else if (type === RESOURCE_TYPES.roleDefinition) {
      const definition = toRoleDefinition(row, id);
      this.definitions.set(definition.guid, definition);
    }
  }

  private addContainer(raw: unknown): void {
    const row = obj(raw);
    if (str(row?.['type'])?.toLowerCase() !== RESOURCE_TYPES.subscription) return;
    const subscriptionId = (str(row?.['subscriptionId']) ?? subscriptionOf(str(row?.['id']) ?? ''))?.toLowerCase();
    if (!subscriptionId) return;
    const chain = arr(props(row)['managementGroupAncestorsChain']).flatMap((mg) => {
      const name = str(obj(mg)?.['name']);
      return name ? [name.toLowerCase()] : [];
    });
    this.ancestors.set(subscriptionId, new Set(chain));
  }

  /** Does `scope` (an ARM path, `/`, or a management group) contain `resourceId`? */
  private covers(scope: string, resourceId: string): boolean {
    const mg = managementGroupOf(scope);
    if (mg === undefined) return scopeCovers(scope, resourceId);
    const subscription = subscriptionOf(resourceId);
    const chain = subscription ? this.ancestors.get(subscription) : undefined;
    // Without the subscription's ancestry, trust the collector: it asked Resource Graph only for assignments that
    // apply above the audited subscriptions (authorizationScopeFilter AtScopeAndAbove).
    return chain === undefined ? true : chain.has(mg);
  }

  private errorFor(source: DataSource, resourceId: string): SnapshotError | undefined {
    return this.errors.find((e) => e.source === source && typeof e.scope === 'string' && this.covers(e.scope, resourceId));
  }

  private lookup<T>(source: DataSource, id: string, found: T | undefined): Availability<T | undefined> {
    if (found !== undefined) return ok(found);
    const error = this.errorFor(source, id);
    return error ? { ok: false, error } : ok(undefined);
  }

  private collected<T>(
    source: DataSource,
    scopeId: string,
    raw: unknown,
    convert: (body: unknown) => T | undefined,
  ): Availability<T[]> {
    const error = this.errorFor(source, scopeId);
    if (error) return { ok: false, error };
    if (!Array.isArray(raw)) {
      return {
        ok: false,
        error: { source, scope: scopeId, code: 'NotCollected', message: `the snapshot holds no ${source} for this scope` },
      };
    }
    return ok(raw.flatMap((body) => {
      const value = convert(body);
      return value === undefined ? [] : [value];
    }));
  }

  synapseWorkspace(id: string) {
    return this.lookup('resourceGraph.resources', id, this.synapse.get(normaliseId(id)));
  }

  sparkPools(workspaceId: string): Availability<SparkPool[]> {
    const error = this.errorFor('resourceGraph.resources', workspaceId);
    if (error) return { ok: false, error };
    return ok(this.pools.get(normaliseId(workspaceId)) ?? []);
  }

  amlWorkspace(id: string) {
    return this.lookup('resourceGraph.resources', id, this.aml.get(normaliseId(id)));
  }

  privateLinkTarget(id: string) {
    return this.lookup('resourceGraph.resources', id, this.targets.get(normaliseId(id)));
  }

  storageAccountByName(name: string): Availability<PrivateLinkTarget | undefined> {
    const found = this.storageByName.get(name.toLowerCase());
    if (found) return ok(found);
    const error = this.errors.find((e) => e.source === 'resourceGraph.resources');
    return error ? { ok: false, error } : ok(undefined);
  }

  privateEndpointsTo(targetId: string): Availability<PrivateEndpoint[]> {
    const error = this.errorFor('resourceGraph.resources', targetId);
    if (error) return { ok: false, error };
    return ok(this.endpointsByTarget.get(normaliseId(targetId)) ?? []);
  }

  integrationRuntimes(synapseWorkspaceId: string) {
    const raw = this.snapshot.arm?.[normaliseId(synapseWorkspaceId)]?.integrationRuntimes;
    return this.collected('arm.integrationRuntimes', synapseWorkspaceId, raw, toIntegrationRuntime);
  }

  synapseLinkedServices(synapseWorkspaceId: string) {
    const raw = this.snapshot.synapse?.[normaliseId(synapseWorkspaceId)]?.linkedServices;
    return this.collected('synapse.linkedServices', synapseWorkspaceId, raw, toSynapseLinkedService);
  }

  managedPrivateEndpoints(synapseWorkspaceId: string) {
    const raw = this.snapshot.synapse?.[normaliseId(synapseWorkspaceId)]?.managedPrivateEndpoints;
    return this.collected('synapse.managedPrivateEndpoints', synapseWorkspaceId, raw, toManagedPrivateEndpoint);
  }

  synapseRoleAssignments(synapseWorkspaceId: string) {
    const raw = this.snapshot.synapse?.[normaliseId(synapseWorkspaceId)]?.roleAssignments;
    return this.collected('synapse.roleAssignments', synapseWorkspaceId, raw, toSynapseRoleAssignment);
  }

  amlLinkedServices(amlWorkspaceId: string) {
    const key = normaliseId(amlWorkspaceId);
    const raw = this.snapshot.arm?.[key]?.linkedServices;
    return this.collected('arm.linkedServices', amlWorkspaceId, raw, (body) => toAmlLinkedService(body, key));
  }

  roleAssignmentsCovering(resourceId: string): Availability<RoleAssignment[]> {
    const error = this.errorFor('resourceGraph.authorizationresources', resourceId);
    if (error) return { ok: false, error };
    return ok(this.assignments.filter((a) => this.covers(a.scope, resourceId)));
  }

  roleDefinition(guid: string): RoleDefinition | undefined {
    return this.definitions.get(guid.toLowerCase());
  }

  allSynapseWorkspaces(): SynapseWorkspace[] {
    return [...this.synapse.values()];
  }
}

/** Builds the estate model from a snapshot. Pure: no I/O. */
export function normaliseSnapshot(snapshot: Snapshot): Estate {
  return new SnapshotEstate(snapshot);
}
