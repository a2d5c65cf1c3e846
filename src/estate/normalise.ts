// Turns a snapshot's raw payloads (ARG rows, ARM bodies, Synapse data-plane bodies) into the Estate the rules read.
// Payloads are untrusted JSON: every field is read defensively, and a missing collection is `unavailable`, not empty.
import { lastSegment, managementGroupOf, normaliseId, parentResourceId, scopeCovers, subscriptionOf } from '../azure/ids.js';
import type {
  AmlLinkedService,
  AmlManagedNetwork,
  AmlWorkspace,
  AttachedSparkPool,
  ComputeIdentity,
  Availability,
  Estate,
  IntegrationRuntime,
  ManagedPrivateEndpoint,
  PrivateEndpoint,
  PrivateEndpointConnection,
  PrivateLinkTarget,
  PolicyAssignment,
  PolicyDefinition,
  PolicyExemption,
  PolicyRead,
  PolicySetDefinition,
  ResourceChange,
  RoleAssignment,
  RoleAssignmentFilter,
  RoleDefinition,
  SparkPool,
  SynapseLinkedService,
  SynapseRoleAssignment,
  SynapseWorkspace,
} from './model.js';
import { roleGuidOf } from './roles.js';
import { RESOURCE_TYPES } from '../azure/resource-types.js';
import { rememberLast } from '../memo.js';
import { isNotAvailable, type DataSource, type Snapshot, type SnapshotError } from './snapshot.js';

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
    managedNetwork: toManagedNetwork(p['managedNetwork']),
  };
}

/** `properties.managedNetwork` of an AML workspace; `outboundRules` is a map by rule name (Workspaces_Get example). */
function toManagedNetwork(raw: unknown): AmlManagedNetwork | undefined {
  const network = obj(raw);
  if (!network) return undefined;
  const status = obj(network['status']);
  const sparkReady = status?.['sparkReady'];
  return {
    isolationMode: str(network['isolationMode']),
    ...(typeof sparkReady === 'boolean' ? { sparkReady } : {}),
    status: str(status?.['status']),
    outboundRules: Object.entries(obj(network['outboundRules']) ?? {}).map(([name, rule]) => {
      const r = obj(rule);
      const destination = obj(r?.['destination']);
      const sparkEnabled = destination?.['sparkEnabled'];
      return {
        name,
        type: str(r?.['type']),
        serviceResourceId: str(destination?.['serviceResourceId']),
        subresourceTarget: str(destination?.['subresourceTarget']),
        ...(typeof sparkEnabled === 'boolean' ? { sparkEnabled } : {}),
      };
    }),
  };
}

/** ARM's `ManagedServiceIdentity` (common-types): `type` may list both kinds, comma-separated; `userAssignedIdentities` is a map. */
function toComputeIdentity(raw: unknown): ComputeIdentity {
  const identity = obj(raw);
  const types = (str(identity?.['type']) ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '' && t !== 'none');
  return {
    types,
    principalId: str(identity?.['principalId']),
    userAssigned: Object.entries(obj(identity?.['userAssignedIdentities']) ?? {}).map(([resourceId, value]) => ({
      resourceId,
      principalId: str(obj(value)?.['principalId']),
      clientId: str(obj(value)?.['clientId']),
    })),
  };
}

/** An AML compute of type SynapseSpark (swagger `SynapseSpark` over `Compute`); undefined for other types. */
export function toAttachedSparkPool(body: unknown, amlWorkspaceId: string): AttachedSparkPool | undefined {
  const o = obj(body);
  const id = str(o?.['id']);
  const name = str(o?.['name']) ?? (id ? lastSegment(id) : undefined);
  if (!o || !name) return undefined;
  const p = props(o);
  if (str(p['computeType'])?.toLowerCase() !== 'synapsespark') return undefined;
  return {
    id: id ?? `${amlWorkspaceId}/computes/${name}`,
    name,
    amlWorkspaceId,
    poolResourceId: str(p['resourceId']),
    provisioningState: str(p['provisioningState']),
    identity: toComputeIdentity(o['identity']),
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

/** The scope an Azure Policy row sits at: the part of its ID before `/providers/Microsoft.Authorization/`, lower-case. */
function policyRowScope(id: string): string {
  const lower = id.toLowerCase();
  const at = lower.indexOf('/providers/microsoft.authorization/');
  return normaliseId(at > 0 ? lower.slice(0, at) : '/');
}

/** `{name: {value}}` -> `{name: value}`. */
function parameterValues(raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(obj(raw) ?? {})) {
    const e = obj(entry);
    if (e && 'value' in e) out[name] = e['value'];
  }
  return out;
}

function parameterDeclarations(raw: unknown): Record<string, { defaultValue?: unknown; allowedValues?: unknown[] }> {
  const out: Record<string, { defaultValue?: unknown; allowedValues?: unknown[] }> = {};
  for (const [name, entry] of Object.entries(obj(raw) ?? {})) {
    const e = obj(entry) ?? {};
    out[name] = {
      ...('defaultValue' in e ? { defaultValue: e['defaultValue'] } : {}),
      ...(Array.isArray(e['allowedValues']) ? { allowedValues: e['allowedValues'] as unknown[] } : {}),
    };
  }
  return out;
}

function toPolicyAssignment(row: Record<string, unknown>, id: string): PolicyAssignment | undefined {
  const p = props(row);
  const policyDefinitionId = str(p['policyDefinitionId']);
  if (!policyDefinitionId) return undefined;
  const scope = str(p['scope']);
  return {
    id,
    name: str(row['name']) ?? lastSegment(id),
    displayName: str(p['displayName']),
    scope: scope ? normaliseId(scope) : policyRowScope(id),
    policyDefinitionId,
    parameters: parameterValues(p['parameters']),
    enforcementMode: str(p['enforcementMode']) ?? 'Default',
    notScopes: strings(p['notScopes']).map(normaliseId),
    overrides: arr(p['overrides']),
    resourceSelectors: arr(p['resourceSelectors']),
    assignedBy: str(obj(p['metadata'])?.['assignedBy']),
  };
}

function toPolicyDefinition(row: Record<string, unknown>, id: string): PolicyDefinition {
  const p = props(row);
  const effect = obj(obj(p['policyRule'])?.['then'])?.['effect'];
  return { id, displayName: str(p['displayName']), parameters: parameterDeclarations(p['parameters']), effect: str(effect) };
}

function toPolicySetDefinition(row: Record<string, unknown>, id: string): PolicySetDefinition {
  const p = props(row);
  return {
    id,
    displayName: str(p['displayName']),
    parameters: parameterDeclarations(p['parameters']),
    members: arr(p['policyDefinitions']).flatMap((m) => {
      const o = obj(m);
      const definitionId = str(o?.['policyDefinitionId']);
      if (!o || !definitionId) return [];
      return [{ policyDefinitionId: definitionId, referenceId: str(o['policyDefinitionReferenceId']), parameters: parameterValues(o['parameters']) }];
    }),
  };
}

function toPolicyExemption(row: Record<string, unknown>, id: string): PolicyExemption | undefined {
  const p = props(row);
  const policyAssignmentId = str(p['policyAssignmentId']);
  if (!policyAssignmentId) return undefined;
  return {
    id,
    name: str(row['name']) ?? lastSegment(id),
    displayName: str(p['displayName']),
    scope: policyRowScope(id),
    policyAssignmentId,
    category: str(p['exemptionCategory']),
    expiresOn: str(p['expiresOn']),
    policyDefinitionReferenceIds: strings(p['policyDefinitionReferenceIds']),
  };
}

/** A `resourcechanges` row: its target resource and the change, or undefined when it names neither a target nor a time. */
function toResourceChange(row: Record<string, unknown>, id: string): { target: string; change: ResourceChange } | undefined {
  const p = props(row);
  const target = str(p['targetResourceId']);
  const attributes = obj(p['changeAttributes']) ?? {};
  const timestamp = str(attributes['timestamp']);
  if (!target || !timestamp) return undefined;
  const changes: ResourceChange['changes'] = {};
  for (const [path, value] of Object.entries(obj(p['changes']) ?? {})) {
    const v = obj(value) ?? {};
    const text = (x: unknown) => (x === null || x === undefined ? undefined : typeof x === 'string' ? x : JSON.stringify(x));
    changes[path] = { previousValue: text(v['previousValue']), newValue: text(v['newValue']) };
  }
  return {
    target,
    change: {
      id,
      timestamp,
      changeType: str(p['changeType']) ?? 'Update',
      changedBy: str(attributes['changedBy']),
      changedByType: str(attributes['changedByType']),
      clientType: str(attributes['clientType']),
      operation: str(attributes['operation']),
      changes,
    },
  };
}

function toIntegrationRuntime(body: unknown): IntegrationRuntime | undefined {
  const name = str(obj(body)?.['name']);
  if (!name) return undefined;
  return { name, type: str(props(body)['type']) ?? 'Unknown' };
}

/** A Synapse linked service as the rules read it, from its data-plane payload (undefined without a name). */
export function toSynapseLinkedService(body: unknown): SynapseLinkedService | undefined {
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

/**
 * Role assignments in the index: their positions in the snapshot, ascending, and, to narrow them without touching the
 * assignment objects (scattered over the heap), the numbers of their principals and roles (`numberOf`).
 */
interface AssignmentList {
  positions: number[];
  principals: number[];
  roles: number[];
  /**
   * Principal number -> the indexes (into the arrays above) of its assignments, ascending; built on the first
   * question for one principal. A subscription's list holds hundreds of assignments, and most questions name one.
   */
  byPrincipal?: Map<number, number[]>;
  /** Role number -> the same, for questions that name roles only (who holds Owner here?). */
  byRole?: Map<number, number[]>;
}

/** A scope in the role-assignment index: the assignments made at it, and the scopes below it by path segment. */
interface ScopeNode extends AssignmentList {
  children: Map<string, ScopeNode>;
}

// The indexes are declared from the start, so every list has the one shape (adding them later would make several).
const emptyList = (): AssignmentList => ({ positions: [], principals: [], roles: [], byPrincipal: undefined, byRole: undefined });

function append(list: AssignmentList, at: number, principal: number, role: number): void {
  list.positions.push(at);
  list.principals.push(principal);
  list.roles.push(role);
}

/** Where a resource sits among the role assignments. */
interface AssignmentScope {
  /** The non-empty lists of the scopes that cover it: `/`, its ARM path prefixes, itself, the management groups above it. */
  lists: AssignmentList[];
  /** Its lower-case subscription ID (`subscriptionOf`). */
  subscription: string | undefined;
}

/** Key -> the indexes of `keys` holding it, ascending. */
function indexesByKey(keys: readonly number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const at = out.get(keys[i]!);
    if (at) at.push(i);
    else out.set(keys[i]!, [i]);
  }
  return out;
}

const NONE: readonly number[] = [];

/** The positions in `list` of assignments of `principal` (when given) with one of `roles` (when given). */
function narrowed(list: AssignmentList, principal: number | undefined, roles: readonly number[] | undefined): readonly number[] {
  if (principal === undefined) {
    if (roles === undefined) return list.positions;
    list.byRole ??= indexesByKey(list.roles);
    const out: number[] = [];
    for (const role of roles) for (const i of list.byRole.get(role) ?? NONE) out.push(list.positions[i]!);
    // Each role's positions are ascending; several roles' together are sorted (`roles` holds each role once).
    return roles.length > 1 ? out.sort((a, b) => a - b) : out;
  }
  list.byPrincipal ??= indexesByKey(list.principals);
  const indexes = list.byPrincipal.get(principal);
  if (indexes === undefined) return NONE;
  const out: number[] = [];
  for (const i of indexes) if (roles === undefined || roles.includes(list.roles[i]!)) out.push(list.positions[i]!);
  return out;
}

/** The number of a principal ID or role GUID, in any case, when an assignment has it. */
function numberOfKnown(numbers: ReadonlyMap<string, number>, id: string): number | undefined {
  // IDs mostly come lower-case already: looked up as they are first, without a lower-case copy.
  return numbers.get(id) ?? numbers.get(id.toLowerCase());
}

/** The number of a principal ID or role GUID (lower-case) among the assignments' (numbered from 0 in order of first use). */
function numberOf(numbers: Map<string, number>, key: string): number {
  let n = numbers.get(key);
  if (n === undefined) {
    n = numbers.size;
    numbers.set(key, n);
  }
  return n;
}

/** Merges ascending lists of positions, none in two, into one ascending list. */
function mergePositions(lists: ReadonlyArray<readonly number[]>): number[] {
  if (lists.length === 1) return [...lists[0]!];
  const out: number[] = [];
  const next = lists.map(() => 0);
  for (;;) {
    let earliest = Infinity;
    let from = -1;
    for (let k = 0; k < lists.length; k++) {
      const candidate = lists[k]![next[k]!];
      if (candidate !== undefined && candidate < earliest) {
        earliest = candidate;
        from = k;
      }
    }
    if (from < 0) return out;
    out.push(earliest);
    next[from]! += 1;
  }
}

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
  /**
   * The assignments indexed for `roleAssignmentsCovering` (built with the estate): ARM-path scopes (which cover a
   * resource when they are the resource or an ancestor of it) in a tree of their path segments, `/` at the root; the
   * management-group ones by group (they cover it through its subscription's ancestry).
   */
  private readonly scopeTree: ScopeNode = { ...emptyList(), children: new Map() };
  private readonly byManagementGroup = new Map<string, AssignmentList>();
  /**
   * Lower-case principal IDs and role GUIDs of the assignments, numbered (apart: the roles are a handful, looked up
   * for nearly every question, and a small map of them stays in the processor's cache; the principals are thousands).
   */
  private readonly principalNumbers = new Map<string, number>();
  private readonly roleNumbers = new Map<string, number>();
  /** The assignment scopes asked for so far, by the resource ID as it was asked (the rules ask a few per integration). */
  private readonly resourceScopes = new Map<string, AssignmentScope>();
  /** A rule asks about one resource several times in a row (an entry or identity at a time): the last one is kept. */
  private readonly lastResourceScope = rememberLast((resourceId: string) => {
    let scope = this.resourceScopes.get(resourceId);
    if (!scope) {
      scope = this.assignmentScope(resourceId);
      this.resourceScopes.set(resourceId, scope);
    }
    return scope;
  });
  private readonly definitions = new Map<string, RoleDefinition>();
  /** Lower-case subscription ID -> lower-case management group names above it, when known. */
  private readonly ancestors = new Map<string, Set<string>>();
  /**
   * The ARM and Synapse data-plane lists, converted once: source -> snapshot key -> the models. A list the snapshot
   * does not hold (not an array) has no entry. The estate keeps no reference to the raw snapshot, so its payloads can
   * be freed once it is built.
   */
  private readonly lists = new Map<DataSource, Map<string, unknown[]>>();
  /** Whether the snapshot recorded Azure Policy (`resourceGraph.policyresources`) at all. */
  private readonly policyRecorded: boolean;
  private readonly policyAssignments: PolicyAssignment[] = [];
  private readonly policyExemptions: PolicyExemption[] = [];
  private readonly policyDefinitions = new Map<string, PolicyDefinition>();
  private readonly policySetDefinitions = new Map<string, PolicySetDefinition>();
  /** Lower-case resource ID -> its change records, newest first. */
  private readonly changes = new Map<string, ResourceChange[]>();
  /** normaliseId, memoised: the rules look the same IDs up many times. */
  private readonly normalised = new Map<string, string>();

  constructor(snapshot: Snapshot) {
    this.capturedAt = snapshot.capturedAt;
    this.errors = arr(snapshot.errors).filter((e): e is SnapshotError => obj(e) !== undefined);
    for (const row of arr(snapshot.resourceGraph?.resources)) this.addResource(row);
    for (const row of arr(snapshot.resourceGraph?.authorizationresources)) this.addAuthorization(row);
    for (const row of arr(snapshot.resourceGraph?.resourcecontainers)) this.addContainer(row);
    this.indexAssignments();
    this.policyRecorded = Array.isArray(snapshot.resourceGraph?.policyresources);
    for (const row of arr(snapshot.resourceGraph?.policyresources)) this.addPolicy(row);
    for (const row of arr(snapshot.resourceGraph?.resourcechanges)) this.addChange(row);
    for (const list of this.changes.values()) list.sort((a, b) => (a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0));
    for (const [key, value] of Object.entries(obj(snapshot.arm) ?? {})) {
      const data = obj(value);
      this.addList('arm.integrationRuntimes', key, data?.['integrationRuntimes'], toIntegrationRuntime);
      this.addList('arm.linkedServices', key, data?.['linkedServices'], (body) => toAmlLinkedService(body, key));
      this.addList('arm.computes', key, data?.['computes'], (body) => toAttachedSparkPool(body, key));
    }
    for (const [key, value] of Object.entries(obj(snapshot.synapse) ?? {})) {
      const data = obj(value);
      this.addList('synapse.linkedServices', key, data?.['linkedServices'], toSynapseLinkedService);
      this.addList('synapse.managedPrivateEndpoints', key, data?.['managedPrivateEndpoints'], toManagedPrivateEndpoint);
      this.addList('synapse.roleAssignments', key, data?.['roleAssignments'], toSynapseRoleAssignment);
    }
  }

  private addList<T>(source: DataSource, key: string, raw: unknown, convert: (body: unknown) => T | undefined): void {
    if (!Array.isArray(raw)) return;
    let bySource = this.lists.get(source);
    if (!bySource) {
      bySource = new Map();
      this.lists.set(source, bySource);
    }
    bySource.set(key, raw.flatMap((body) => {
      const value = convert(body);
      return value === undefined ? [] : [value];
    }));
  }

  private readonly strings = new Map<string, string>();

  private shared(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  private id(id: string): string {
    let key = this.normalised.get(id);
    if (key === undefined) {
      key = normaliseId(id);
      this.normalised.set(id, key);
    }
    return key;
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
      if (assignment) {
        // Tens of thousands of assignments share a few roles and principals: keep one copy of each string.
        // (`scope` comes from normaliseId, which hands out one string per distinct scope already.)
        assignment.roleDefinitionGuid = this.shared(assignment.roleDefinitionGuid);
        assignment.principalId = this.shared(assignment.principalId);
        this.assignments.push(assignment);
      }
    } else if (type === RESOURCE_TYPES.roleDefinition) {
      const definition = toRoleDefinition(row, id);
      this.definitions.set(definition.guid, definition);
    }
  }

  private addPolicy(raw: unknown): void {
    const row = obj(raw);
    const id = str(row?.['id']);
    const type = str(row?.['type'])?.toLowerCase();
    if (!row || !id) return;
    if (type === RESOURCE_TYPES.policyAssignment) {
      const assignment = toPolicyAssignment(row, id);
      if (assignment) this.policyAssignments.push(assignment);
    } else if (type === RESOURCE_TYPES.policyExemption) {
      const exemption = toPolicyExemption(row, id);
      if (exemption) this.policyExemptions.push(exemption);
    } else if (type === RESOURCE_TYPES.policyDefinition) {
      this.policyDefinitions.set(normaliseId(id), toPolicyDefinition(row, id));
    } else if (type === RESOURCE_TYPES.policySetDefinition) {
      this.policySetDefinitions.set(normaliseId(id), toPolicySetDefinition(row, id));
    }
  }

  private addChange(raw: unknown): void {
    const row = obj(raw);
    const id = str(row?.['id']);
    if (!row || !id) return;
    const read = toResourceChange(row, id);
    if (!read) return;
    const key = normaliseId(read.target);
    this.changes.set(key, [...(this.changes.get(key) ?? []), read.change]);
  }

  policyFor(resourceId: string): PolicyRead {
    const error = this.errorFor('resourceGraph.policyresources', resourceId);
    if (error) return isNotAvailable(error) ? { kind: 'not-available', message: error.message } : { kind: 'unreadable', error };
    if (!this.policyRecorded) return { kind: 'not-recorded' };
    return {
      kind: 'read',
      value: {
        assignments: this.policyAssignments.filter((a) => this.covers(a.scope, resourceId)),
        exemptions: this.policyExemptions.filter((e) => this.covers(e.scope, resourceId)),
        definition: (id) => this.policyDefinitions.get(normaliseId(id)),
        setDefinition: (id) => this.policySetDefinitions.get(normaliseId(id)),
      },
    };
  }

  resourceChanges(resourceId: string): ResourceChange[] {
    return this.changes.get(this.id(resourceId)) ?? [];
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

  private collected<T>(source: DataSource, scopeId: string): Availability<T[]> {
    const error = this.errorFor(source, scopeId);
    if (error) return { ok: false, error };
    const list = this.lists.get(source)?.get(this.id(scopeId)) as T[] | undefined;
    if (list === undefined) {
      return {
        ok: false,
        error: { source, scope: scopeId, code: 'NotCollected', message: `the snapshot holds no ${source} for this scope` },
      };
    }
    return ok(list);
  }

  // The lookups, each with its last answer: the rules of one integration ask the same ones in turn (its Synapse
  // workspace a dozen times, by the spec's ID or the workspace's own); the next integration's are worked out again.
  private readonly lastSynapseWorkspace = rememberLast((id: string) => this.lookup('resourceGraph.resources', id, this.synapse.get(this.id(id))));
  private readonly lastSparkPools = rememberLast((workspaceId: string): Availability<SparkPool[]> => {
    const error = this.errorFor('resourceGraph.resources', workspaceId);
    if (error) return { ok: false, error };
    return ok(this.pools.get(this.id(workspaceId)) ?? []);
  });
  private readonly lastAmlWorkspace = rememberLast((id: string) => this.lookup('resourceGraph.resources', id, this.aml.get(this.id(id))));
  private readonly lastPrivateLinkTarget = rememberLast((id: string) => this.lookup('resourceGraph.resources', id, this.targets.get(this.id(id))));
  private readonly lastPrivateEndpointsTo = rememberLast((targetId: string): Availability<PrivateEndpoint[]> => {
    const error = this.errorFor('resourceGraph.resources', targetId);
    if (error) return { ok: false, error };
    return ok(this.endpointsByTarget.get(this.id(targetId)) ?? []);
  });
  private readonly lastIntegrationRuntimes = rememberLast((id: string) => this.collected<IntegrationRuntime>('arm.integrationRuntimes', id));
  private readonly lastSynapseLinkedServices = rememberLast((id: string) => this.collected<SynapseLinkedService>('synapse.linkedServices', id));
  private readonly lastManagedPrivateEndpoints = rememberLast((id: string) => this.collected<ManagedPrivateEndpoint>('synapse.managedPrivateEndpoints', id));
  private readonly lastSynapseRoleAssignments = rememberLast((id: string) => this.collected<SynapseRoleAssignment>('synapse.roleAssignments', id));
  private readonly lastAmlLinkedServices = rememberLast((id: string) => this.collected<AmlLinkedService>('arm.linkedServices', id));
  private readonly lastAttachedSparkPools = rememberLast((id: string) => this.collected<AttachedSparkPool>('arm.computes', id));

  synapseWorkspace(id: string) {
    return this.lastSynapseWorkspace(id);
  }

  sparkPools(workspaceId: string) {
    return this.lastSparkPools(workspaceId);
  }

  amlWorkspace(id: string) {
    return this.lastAmlWorkspace(id);
  }

  privateLinkTarget(id: string) {
    return this.lastPrivateLinkTarget(id);
  }

  storageAccountByName(name: string): Availability<PrivateLinkTarget | undefined> {
    const found = this.storageByName.get(name.toLowerCase());
    if (found) return ok(found);
    const error = this.errors.find((e) => e.source === 'resourceGraph.resources');
    return error ? { ok: false, error } : ok(undefined);
  }

  privateEndpointsTo(targetId: string) {
    return this.lastPrivateEndpointsTo(targetId);
  }

  integrationRuntimes(synapseWorkspaceId: string) {
    return this.lastIntegrationRuntimes(synapseWorkspaceId);
  }

  synapseLinkedServices(synapseWorkspaceId: string) {
    return this.lastSynapseLinkedServices(synapseWorkspaceId);
  }

  managedPrivateEndpoints(synapseWorkspaceId: string) {
    return this.lastManagedPrivateEndpoints(synapseWorkspaceId);
  }

  synapseRoleAssignments(synapseWorkspaceId: string) {
    return this.lastSynapseRoleAssignments(synapseWorkspaceId);
  }

  amlLinkedServices(amlWorkspaceId: string) {
    return this.lastAmlLinkedServices(amlWorkspaceId);
  }

  attachedSparkPools(amlWorkspaceId: string) {
    return this.lastAttachedSparkPools(amlWorkspaceId);
  }

  roleAssignmentsCovering(resourceId: string, only: RoleAssignmentFilter = {}): Availability<RoleAssignment[]> {
    const scope = this.lastResourceScope(resourceId);
    const error = this.errorFor('resourceGraph.authorizationresources', resourceId) ?? this.ancestryError(resourceId, scope.subscription);
    if (error) return { ok: false, error };
    // A principal or role no assignment has: none.
    const principal = only.principalId === undefined ? undefined : numberOfKnown(this.principalNumbers, only.principalId);
    if (only.principalId !== undefined && principal === undefined) return ok([]);
    let roles: number[] | undefined;
    if (only.roleGuids !== undefined) {
      roles = [];
      for (const guid of only.roleGuids) {
        const role = numberOfKnown(this.roleNumbers, guid);
        if (role !== undefined && !roles.includes(role)) roles.push(role);
      }
      if (roles.length === 0) return ok([]);
    }
    // Mostly one scope holds them (or none): merged only when several do.
    let first: readonly number[] | undefined;
    let several: Array<readonly number[]> | undefined;
    for (const list of scope.lists) {
      const positions = narrowed(list, principal, roles);
      if (positions.length === 0) continue;
      if (first === undefined) first = positions;
      else (several ??= [first]).push(positions);
    }
    const positions = several ? mergePositions(several) : (first ?? NONE);
    const out = new Array<RoleAssignment>(positions.length);
    for (let i = 0; i < positions.length; i++) out[i] = this.assignments[positions[i]!]!;
    return ok(out);
  }

  /**
   * The assignment lists that cover `resourceId`. Same as `assignments.filter((a) => this.covers(a.scope, resourceId))`,
   * without a scan of every assignment: an ARM-path scope covers the resource when it is `/`, the resource itself, or a
   * prefix of it ending at a `/` — the nodes on the resource's path through the scope tree; a management group when the
   * subscription is under it (or its ancestry is unknown).
   */
  private assignmentScope(resourceId: string): AssignmentScope {
    const lists: AssignmentList[] = [this.scopeTree];
    const target = this.id(resourceId);
    if (target !== '/') {
      let node: ScopeNode | undefined = this.scopeTree;
      for (const segment of target.slice(1).split('/')) {
        node = node.children.get(segment);
        if (!node) break;
        lists.push(node);
      }
    }
    const subscription = subscriptionOf(resourceId);
    if (this.byManagementGroup.size > 0) {
      const chain = subscription ? this.ancestors.get(subscription) : undefined;
      if (chain === undefined) lists.push(...this.byManagementGroup.values());
      else {
        for (const group of chain) {
          const list = this.byManagementGroup.get(group);
          if (list) lists.push(list);
        }
      }
    }
    return { lists: lists.filter((list) => list.positions.length > 0), subscription };
  }

  /**
   * The read error that leaves management-group assignments undecided for `resourceId`: its subscription's ancestry
   * (resourcecontainers) could not be read, and there are management-group assignments it might or might not be under.
   * Counting them all would pass a required role on an assignment that may not apply; dropping them would hide one.
   */
  private ancestryError(resourceId: string, subscription: string | undefined): SnapshotError | undefined {
    if (this.byManagementGroup.size === 0) return undefined;
    if (subscription !== undefined && this.ancestors.has(subscription)) return undefined;
    return this.errorFor('resourceGraph.resourcecontainers', resourceId);
  }

  private indexAssignments(): void {
    // Many assignments share a scope: each scope's node is found once.
    const nodes = new Map<string, ScopeNode>();
    this.assignments.forEach((assignment, at) => {
      // Both are lower-case already (toRoleAssignment); lower-cased again, as `roleAssignmentsCovering` compares them.
      const principal = numberOf(this.principalNumbers, assignment.principalId.toLowerCase());
      const role = numberOf(this.roleNumbers, assignment.roleDefinitionGuid.toLowerCase());
      // Only a `/providers/...` scope can be a management group (the scope is normalised: lower-case).
      const group = assignment.scope.startsWith('/providers/') ? managementGroupOf(assignment.scope) : undefined;
      if (group !== undefined) {
        let list = this.byManagementGroup.get(group);
        if (!list) {
          list = emptyList();
          this.byManagementGroup.set(group, list);
        }
        append(list, at, principal, role);
        return;
      }
      // A normalised scope has one leading slash and no empty segment: `/` is the root, `/a/b` the path a, b.
      const scope = normaliseId(assignment.scope);
      let node = nodes.get(scope);
      if (!node) {
        node = this.scopeNode(scope);
        nodes.set(scope, node);
      }
      append(node, at, principal, role);
    });
  }

  /** The node of a normalised scope in the scope tree, made (with the nodes above it) when it is not there yet. */
  private scopeNode(scope: string): ScopeNode {
    let node = this.scopeTree;
    if (scope === '/') return node;
    for (const segment of scope.slice(1).split('/')) {
      let child = node.children.get(segment);
      if (!child) {
        child = { ...emptyList(), children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    return node;
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
