// What a live audit of a generated estate must read at least, computed from the estate and the spec alone (not from
// what synaml's collector happens to send): the Resource Graph rows the rules need, per dependent round and table; the
// minimum number of requests for them; the ARM and Synapse data-plane lists; and what a naive collector (one ARM GET
// per resource) would send for the same data. The scale benchmark prints these next to the measured figures.
import { normaliseId, parentResourceId, subscriptionOf } from '../../src/azure/ids.js';
import { isCataloguedPolicy } from '../../src/azure/policy-catalogue.js';
import { scopeChain } from '../../src/collect/resource-graph.js';
import type { RawPayload, Snapshot } from '../../src/estate/snapshot.js';
import type { Spec } from '../../src/spec/types.js';

/** Resource Graph: rows per page. */
export const ARG_PAGE = 1000;

export interface ArgRound {
  round: string;
  table: 'resources' | 'authorizationresources' | 'resourcecontainers' | 'policyresources' | 'resourcechanges';
  what: string;
  rows: number;
  /** Whether the round has anything to ask (IDs or scopes to filter on), even if no row answers it. */
  asks: boolean;
  /** ceil(rows / 1000), at least one request when the round has anything to ask; 0 when it has nothing to ask. */
  minRequests: number;
}

export interface RequiredReads {
  arg: ArgRound[];
  argRows: number;
  argMinRequests: number;
  /** The minimum requests per table (the rounds' minimums added up), to set beside what the collector sent. */
  argMinByTable: Record<ArgRound['table'], number>;
  /** Every rows the Resource Graph tables hold (what an unfiltered read would return). */
  argTotalRows: number;
  /** ARM: integration runtime lists, AML-side linked service lists, existence checks of missing workspaces. */
  arm: { integrationRuntimes: number; amlLinkedServices: number; amlComputes: number; existenceChecks: number; total: number };
  /** Synapse data plane: linked services, managed private endpoints (managed VNet only), role assignments. */
  dataPlane: { linkedServices: number; managedPrivateEndpoints: number; roleAssignments: number; total: number };
  /** A naive collector: one ARM GET per resource the rules read, plus the same lists. */
  naive: { perResourceGets: number; byKind: Record<string, number>; lists: number; total: number };
}

function props(row: RawPayload | undefined): Record<string, unknown> {
  const p = row?.['properties'];
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

const pages = (items: number, pageSize: number) => Math.max(1, Math.ceil(items / pageSize));

/** `listPageSize`: items per page of the ARM and data-plane lists (the fake's default is 50). */
export function requiredReads(snapshot: Snapshot, spec: Spec, listPageSize = 50): RequiredReads {
  const resources = snapshot.resourceGraph.resources;
  const byId = new Map<string, RawPayload>(resources.map((r) => [normaliseId(String(r['id'])), r]));
  const type = (r: RawPayload) => String(r['type']).toLowerCase();
  const synapseIds = [...new Set(spec.integrations.map((i) => normaliseId(i.synapse.workspaceId)))];
  const amlIds = [...new Set(spec.integrations.map((i) => normaliseId(i.machineLearning.workspaceId)))];
  const accessScopes = spec.integrations.flatMap((i) => (i.access?.required ?? []).map((r) => r.scope).filter((s) => s.startsWith('/')));

  // Round 1: the declared workspaces and their Spark pools.
  const found = (id: string): RawPayload[] => { const row = byId.get(id); return row ? [row] : []; };
  const synapseRows = synapseIds.flatMap(found);
  const amlRows = amlIds.flatMap(found);
  const declaredSynapse = new Set(synapseIds);
  const pools = resources.filter((r) => type(r) === 'microsoft.synapse/workspaces/bigdatapools' && declaredSynapse.has(normaliseId(parentResourceId(String(r['id'])) ?? '')));

  // Round 2: the AML workspaces' storage, key vault, registry; the Synapse default storage accounts.
  const round2 = new Map<string, RawPayload>();
  for (const aml of amlRows) {
    for (const key of ['storageAccount', 'keyVault', 'containerRegistry']) {
      const id = str(props(aml)[key]);
      const row = id ? byId.get(normaliseId(id)) : undefined;
      if (row) round2.set(normaliseId(id!), row);
    }
  }
  const storageByName = new Map<string, RawPayload>(resources.filter((r) => type(r) === 'microsoft.storage/storageaccounts').map((r) => [String(r['name']).toLowerCase(), r]));
  const defaultStorage: RawPayload[] = [];
  for (const ws of synapseRows) {
    const storage = props(ws)['defaultDataLakeStorage'] as Record<string, unknown> | undefined;
    const name = /^(?:https?:\/\/)?([^./]+)\./i.exec(str(storage?.['accountUrl']) ?? '')?.[1]?.toLowerCase();
    const row = name ? storageByName.get(name) : undefined;
    if (row) {
      defaultStorage.push(row);
      round2.set(normaliseId(String(row['id'])), row);
    }
  }

  // Round 3: the private endpoints the dependencies' connections name (only SA010 reads private endpoints, those of
  // the AML workspace's dependencies), the role assignments that apply, the subscriptions.
  const endpoints = new Set<string>();
  for (const row of round2.values()) {
    const connections = props(row)['privateEndpointConnections'];
    if (!Array.isArray(connections)) continue;
    for (const c of connections) {
      const id = str((props(c as RawPayload)['privateEndpoint'] as Record<string, unknown> | undefined)?.['id']);
      if (id && byId.has(normaliseId(id))) endpoints.add(normaliseId(id));
    }
  }
  const audited = [...synapseRows, ...amlRows, ...defaultStorage].map((r) => String(r['id'])).concat(accessScopes);
  const scopes = new Set(audited.flatMap(scopeChain));
  const subscriptions = new Set(audited.flatMap((id) => subscriptionOf(id) ?? []));
  const groupsAbove = new Set<string>();
  const containers = (snapshot.resourceGraph.resourcecontainers ?? []).filter((r) => subscriptions.has(String(r['subscriptionId'] ?? '').toLowerCase()));
  for (const row of containers) {
    const chain = props(row)['managementGroupAncestorsChain'];
    if (Array.isArray(chain)) for (const mg of chain) groupsAbove.add(`/providers/microsoft.management/managementgroups/${String((mg as Record<string, unknown>)['name']).toLowerCase()}`);
  }
  const authorization = snapshot.resourceGraph.authorizationresources;
  const assignments = authorization.filter((r) => {
    if (type(r) !== 'microsoft.authorization/roleassignments') return false;
    const scope = normaliseId(String(props(r)['scope'] ?? '/'));
    return scope === '/' || scopes.has(scope) || groupsAbove.has(scope);
  });
  const referenced = new Set(assignments.map((r) => String(props(r)['roleDefinitionId']).split('/').pop()!.toLowerCase()));
  const definitions = new Set(
    authorization.filter((r) => type(r) === 'microsoft.authorization/roledefinitions' && referenced.has(String(r['name']).toLowerCase())).map((r) => String(r['name']).toLowerCase()),
  );

  // Azure Policy (SA103), beside the rounds above, in its own dependent rounds: (1) the assignments made at a declared
  // workspace's scope chain (the workspace, its resource group, its subscription), at a management group above the
  // audited subscriptions, or at the root; (2) the definitions and initiatives they name that matter (initiatives, and catalogued definitions), and the
  // exemptions of those assignments; (3) the catalogued members of those initiatives not read in (2). Round 1 always
  // has something to ask when a workspace is declared, so it needs one request even if no assignment answers it.
  const policyRows = snapshot.resourceGraph.policyresources ?? [];
  const policyById = new Map<string, RawPayload>(policyRows.map((r) => [normaliseId(String(r['id'])), r]));
  const workspaceIds = [...synapseIds, ...amlIds];
  const policyScopes = new Set(workspaceIds.flatMap(scopeChain));
  const assignmentScope = (id: string) => normaliseId(id.replace(/\/providers\/microsoft\.authorization\/policyassignments\/[^/]+$/i, ''));
  const policyAssignments = policyRows.filter((r) => {
    if (type(r) !== 'microsoft.authorization/policyassignments') return false;
    const id = normaliseId(String(r['id']));
    const scope = assignmentScope(id);
    return scope === '' || scope === '/' || groupsAbove.has(scope) || policyScopes.has(scope);
  });
  const isSet = (id: string) => /\/policysetdefinitions\//i.test(id);
  const named = new Set(policyAssignments.flatMap((r) => str(props(r)['policyDefinitionId']) ?? []).filter((id) => isSet(id) || isCataloguedPolicy(id)).map(normaliseId));
  const policyDefinitions = [...named].filter((id) => policyById.has(id));
  const assignmentIds = new Set(policyAssignments.map((r) => normaliseId(String(r['id']))));
  const exemptions = policyRows.filter((r) => type(r) === 'microsoft.authorization/policyexemptions' && assignmentIds.has(normaliseId(str(props(r)['policyAssignmentId']) ?? '')));
  const readInRound2 = new Set(policyDefinitions);
  const memberIds = new Set(
    policyDefinitions
      .map((id) => policyById.get(id)!)
      .filter((r) => type(r) === 'microsoft.authorization/policysetdefinitions')
      .flatMap((r) => (Array.isArray(props(r)['policyDefinitions']) ? (props(r)['policyDefinitions'] as unknown[]) : []))
      .flatMap((m) => str((m as Record<string, unknown> | null)?.['policyDefinitionId']) ?? [])
      .filter((id) => isCataloguedPolicy(id))
      .map(normaliseId)
      .filter((id) => !readInRound2.has(id)),
  );
  const members = [...memberIds].filter((id) => policyById.has(id));

  // Change records (lastChange) of the declared workspaces and their Spark pools, asked once round 1 has named the pools.
  const changedIds = new Set([...workspaceIds, ...synapseRows.map((r) => String(r['id'])), ...amlRows.map((r) => String(r['id'])), ...pools.map((r) => String(r['id']))].map(normaliseId));
  const changeRows = (snapshot.resourceGraph.resourcechanges ?? []).filter((r) => changedIds.has(normaliseId(str(props(r)['targetResourceId']) ?? '')));

  const round = (roundName: string, table: ArgRound['table'], what: string, rows: number, asks = rows > 0): ArgRound => ({
    round: roundName,
    table,
    what,
    rows,
    asks,
    minRequests: asks ? pages(rows, ARG_PAGE) : 0,
  });
  const arg = [
    round('1', 'resources', 'Synapse and AML workspaces, Spark pools', synapseRows.length + amlRows.length + pools.length),
    round('2', 'resources', 'AML storage / key vault / registry, Synapse default storage', round2.size),
    round('3', 'resources', 'private endpoints', endpoints.size),
    round('3', 'authorizationresources', 'role assignments (audited scopes and above)', assignments.length),
    round('3', 'resourcecontainers', 'subscriptions (management-group ancestry)', containers.length),
    round('4', 'authorizationresources', 'role definitions referenced', definitions.size),
    round('policy 1', 'policyresources', 'policy assignments (workspace scope chains and above)', policyAssignments.length, policyScopes.size > 0),
    round('policy 2', 'policyresources', 'policy definitions and initiatives the assignments name', policyDefinitions.length, named.size > 0),
    round('policy 2', 'policyresources', 'policy exemptions of those assignments', exemptions.length, assignmentIds.size > 0),
    round('policy 3', 'policyresources', 'catalogued members of those initiatives', members.length, memberIds.size > 0),
    round('changes', 'resourcechanges', 'change records of the workspaces and Spark pools (14 days)', changeRows.length, changedIds.size > 0),
  ];
  const argMinByTable: Record<ArgRound['table'], number> = { resources: 0, authorizationresources: 0, resourcecontainers: 0, policyresources: 0, resourcechanges: 0 };
  for (const r of arg) argMinByTable[r.table] += r.minRequests;

  // ARM and the data plane: one list per workspace, in pages.
  const existingSynapse = synapseIds.filter((id) => byId.has(id));
  const existingAml = amlIds.filter((id) => byId.has(id));
  const integrationRuntimes = existingSynapse.reduce((n, id) => n + pages(snapshot.arm?.[id]?.integrationRuntimes?.length ?? 0, listPageSize), 0);
  const amlLinkedServices = existingAml.length;
  const amlComputes = existingAml.reduce((n, id) => n + pages(snapshot.arm?.[id]?.computes?.length ?? 0, listPageSize), 0);
  const existenceChecks = synapseIds.length - existingSynapse.length + amlIds.length - existingAml.length;
  const data = (id: string) => snapshot.synapse?.[id];
  const managedVnet = (id: string) => String(props(byId.get(id))['managedVirtualNetwork'] ?? '').toLowerCase() === 'default';
  const linkedServices = existingSynapse.reduce((n, id) => n + pages(data(id)?.linkedServices?.length ?? 0, listPageSize), 0);
  const managedPrivateEndpoints = existingSynapse.filter(managedVnet).reduce((n, id) => n + pages(data(id)?.managedPrivateEndpoints?.length ?? 0, listPageSize), 0);
  const roleAssignments = existingSynapse.reduce((n, id) => n + pages(data(id)?.roleAssignments?.length ?? 0, listPageSize), 0);

  const argRows = arg.reduce((n, r) => n + r.rows, 0);
  const byKind = {
    'Synapse and AML workspaces': synapseRows.length + amlRows.length,
    'Spark pools': pools.length,
    'storage accounts, key vaults, registries': round2.size,
    'private endpoints': endpoints.size,
    'role assignments': assignments.length,
    'role definitions': definitions.size,
    subscriptions: containers.length,
    'policy assignments, definitions, exemptions': policyAssignments.length + policyDefinitions.length + exemptions.length + members.length,
    'change records': changeRows.length,
  };
  const armTotal = integrationRuntimes + amlLinkedServices + amlComputes + existenceChecks;
  const dataPlaneTotal = linkedServices + managedPrivateEndpoints + roleAssignments;
  return {
    arg,
    argRows,
    argMinRequests: arg.reduce((n, r) => n + r.minRequests, 0),
    argMinByTable,
    argTotalRows:
      resources.length + authorization.length + (snapshot.resourceGraph.resourcecontainers?.length ?? 0) + policyRows.length + (snapshot.resourceGraph.resourcechanges?.length ?? 0),
    arm: { integrationRuntimes, amlLinkedServices, amlComputes, existenceChecks, total: armTotal },
    dataPlane: { linkedServices, managedPrivateEndpoints, roleAssignments, total: dataPlaneTotal },
    naive: { perResourceGets: argRows, byKind, lists: armTotal + dataPlaneTotal, total: argRows + armTotal + dataPlaneTotal },
  };
}
