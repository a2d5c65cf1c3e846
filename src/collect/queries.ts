// Every KQL query synaml sends to Azure Resource Graph, built in one place so a test can parse them all with
// Microsoft's Kusto parser. Queries filter server-side to what the rules read (see estate/normalise.ts), project
// the row shape the snapshot stores, and order by id so `$skipToken` paging is stable. Only a plain subset of KQL
// is used (where / in~ / =~ / startswith / project / order by): no limit, take, top, summarize, join or mv-expand,
// which would cap or reshape the rows.
import type { DataSource } from '../estate/snapshot.js';
import { RESOURCE_TYPES } from '../azure/resource-types.js';
import { normaliseId, parseArmId, withoutTrailingSlashes } from '../azure/ids.js';

export type ArgTable = 'resources' | 'authorizationresources' | 'resourcecontainers' | 'policyresources' | 'resourcechanges';

/**
 * Resource Graph's `options.authorizationScopeFilter`: which rows of the authorization and policy tables a request over
 * subscriptions returns, relative to them (ARG's default is AtScopeAndBelow).
 */
export type ScopeFilter = 'AtScopeAndBelow' | 'AtScopeAndAbove' | 'AtScopeAboveAndBelow' | 'AtScopeExact';

export interface ArgQuery {
  table: ArgTable;
  /** The snapshot error source a failure of this query is recorded under. */
  source: DataSource;
  /** What the query is for, in words (progress and error messages). */
  purpose: string;
  kql: string;
  /** Sent as `options.authorizationScopeFilter`; unset: AtScopeAboveAndBelow for authorizationresources, else none. */
  scopeFilter?: ScopeFilter;
  /** The same query as two halves of its value list, when it has more than one value (for a query refused for its size). */
  split?: () => [ArgQuery, ArgQuery];
}

/**
 * Characters of KQL one query may carry. Resource Graph bills a query, not its length, and pages its answer by 1000
 * rows: a few long queries cost fewer requests than many short ones (each short one ends in a part-filled page). It
 * documents no limit on the length of a query; this one keeps a request body well under a megabyte. A query that is
 * refused for its size (400 / 413 / 414) is split in halves and retried (resource-graph.ts).
 */
export const MAX_QUERY_LENGTH = 800_000;

export const RESOURCE_COLUMNS = ['id', 'name', 'type', 'subscriptionId', 'resourceGroup', 'location', 'identity', 'properties'] as const;
export const AUTHORIZATION_COLUMNS = ['id', 'name', 'type', 'subscriptionId', 'properties'] as const;
export const CONTAINER_COLUMNS = ['id', 'name', 'type', 'subscriptionId', 'properties'] as const;
export const POLICY_COLUMNS = ['id', 'name', 'type', 'subscriptionId', 'properties'] as const;
export const CHANGE_COLUMNS = ['id', 'name', 'type', 'subscriptionId', 'resourceGroup', 'properties'] as const;

const TYPES = RESOURCE_TYPES;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when `value` can be written as a KQL string literal (no control characters: no ARM ID contains any). */
export function isQueryable(value: string): boolean {
  return !CONTROL.test(value);
}

/** A single-quoted KQL string literal: backslash, quote and line breaks escaped. */
export function kqlString(value: string): string {
  if (!isQueryable(value)) throw new Error('a control character cannot be written in a KQL string literal');
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

function list(values: readonly string[]): string {
  return `(${values.map(kqlString).join(', ')})`;
}

/** Distinct (case-insensitively), queryable, sorted: the same inputs always give the same queries. */
function distinct(values: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const v of values) {
    const trimmed = v.trim();
    if (trimmed === '' || !isQueryable(trimmed)) continue;
    const key = trimmed.toLowerCase();
    if (!byKey.has(key)) byKey.set(key, key);
  }
  return [...byKey.values()].sort();
}

/**
 * Splits `items` into runs whose rendered size (`fixed` + the sum of `cost`) stays within MAX_QUERY_LENGTH, each
 * run holding at least one item. Greedy, in order: the same inputs always give the same runs.
 */
function pack<T>(items: readonly T[], cost: (item: T) => number, fixed: number, limit = MAX_QUERY_LENGTH): T[][] {
  const out: T[][] = [];
  let run: T[] = [];
  let size = fixed;
  for (const item of items) {
    const c = cost(item);
    if (run.length > 0 && size + c > limit) {
      out.push(run);
      run = [];
      size = fixed;
    }
    run.push(item);
    size += c;
  }
  if (run.length > 0) out.push(run);
  return out;
}

function query(table: ArgTable, where: string[], columns: readonly string[]): string {
  return [table, ...where.map((w) => `| where ${w}`), `| project ${columns.join(', ')}`, '| order by id asc'].join('\n');
}

/**
 * `a or b or c ...` as a balanced tree of parenthesised pairs: Kusto refuses a long flat chain of `or` ("query syntax
 * depth exceeds maximum safe limit" from about 500 terms); a balanced tree is only log2(n) deep.
 */
function anyOf(terms: readonly string[]): string {
  if (terms.length === 1) return terms[0]!;
  const middle = Math.ceil(terms.length / 2);
  const side = (part: readonly string[]) => (part.length === 1 ? part[0]! : `(${anyOf(part)})`);
  return `${side(terms.slice(0, middle))} or ${side(terms.slice(middle))}`;
}

/** The fixed part of a query (everything but its value list), for packing. */
const HEADER = 400;

/** One value of an `in~ (...)` list: the literal and its separator. */
const listCost = (value: string) => kqlString(value).length + 2;

/**
 * A family of queries over one value list: packed by length, each able to split itself in halves when Resource Graph
 * refuses it for its size.
 */
function family<T>(items: readonly T[], cost: (item: T) => number, make: (part: T[]) => Omit<ArgQuery, 'split'>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  const build = (part: T[]): ArgQuery => {
    const q: ArgQuery = make(part);
    if (part.length > 1) {
      q.split = () => [build(part.slice(0, Math.ceil(part.length / 2))), build(part.slice(Math.ceil(part.length / 2)))];
    }
    return q;
  };
  return pack(items, cost, HEADER, limit).map(build);
}

/** Synapse and AML workspaces, by ID (preflight: their data-plane endpoints). */
export function workspaceQueries(synapseIds: Iterable<string>, amlIds: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  return family(distinct([...synapseIds, ...amlIds]), listCost, (part) => ({
    table: 'resources',
    source: 'resourceGraph.resources',
    purpose: 'Synapse and Azure Machine Learning workspaces',
    kql: query('resources', [`type in~ ${list([TYPES.synapseWorkspace, TYPES.amlWorkspace])}`, `id in~ ${list(part)}`], RESOURCE_COLUMNS),
  }), limit);
}

type WorkspaceTerm = { kind: 'id'; value: string } | { kind: 'pools'; prefix: string };

/**
 * The first round in as few queries as their length allows: Synapse and AML workspaces by ID, and the Spark pools under
 * the Synapse workspaces (by ID prefix: Resource Graph names a pool by its last segment only). The type filter keeps
 * the two apart: a workspace ID never starts with another workspace's `/bigdatapools/`, a pool ID is no workspace ID.
 */
export function workspaceAndPoolQueries(synapseIds: Iterable<string>, amlIds: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  const synapse = distinct(synapseIds);
  const terms: WorkspaceTerm[] = [
    ...distinct([...synapse, ...amlIds]).map((value): WorkspaceTerm => ({ kind: 'id', value })),
    ...synapse.map((id): WorkspaceTerm => ({ kind: 'pools', prefix: `${id}/bigdatapools/` })),
  ];
  const cost = (t: WorkspaceTerm) => (t.kind === 'id' ? listCost(t.value) : kqlString(t.prefix).length + 32);
  return family(terms, cost, (part) => {
    const ids = part.flatMap((t) => (t.kind === 'id' ? [t.value] : []));
    const prefixes = part.flatMap((t) => (t.kind === 'pools' ? [t.prefix] : []));
    const types = [...(ids.length ? [TYPES.synapseWorkspace, TYPES.amlWorkspace] : []), ...(prefixes.length ? [TYPES.sparkPool] : [])];
    const match = [...(ids.length ? [`id in~ ${list(ids)}`] : []), ...prefixes.map((p) => `tolower(id) startswith ${kqlString(p)}`)];
    return {
      table: 'resources',
      source: 'resourceGraph.resources',
      purpose: 'Synapse and Azure Machine Learning workspaces and Spark pools',
      kql: query('resources', [`type in~ ${list(types)}`, anyOf(match)], RESOURCE_COLUMNS),
    };
  }, limit);
}

type DependencyTerm = { kind: 'id'; value: string } | { kind: 'name'; value: string };

/**
 * The AML workspaces' storage accounts, key vaults and registries (by ID) and the Synapse default storage accounts (by
 * name), together: both are the second round.
 */
export function dependencyQueries(targetIds: Iterable<string>, storageAccountNames: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  const terms: DependencyTerm[] = [
    ...distinct(targetIds).map((value): DependencyTerm => ({ kind: 'id', value })),
    ...distinct(storageAccountNames).map((value): DependencyTerm => ({ kind: 'name', value })),
  ];
  return family(terms, (t) => listCost(t.value), (part) => {
    const ids = part.flatMap((t) => (t.kind === 'id' ? [t.value] : []));
    const names = part.flatMap((t) => (t.kind === 'name' ? [t.value] : []));
    const match = [
      ...(ids.length ? [`id in~ ${list(ids)}`] : []),
      ...(names.length ? [`(type =~ ${kqlString(TYPES.storageAccount)} and name in~ ${list(names)})`] : []),
    ];
    return {
      table: 'resources',
      source: 'resourceGraph.resources',
      purpose: 'storage accounts, key vaults and container registries',
      kql: query('resources', [`type in~ ${list([TYPES.storageAccount, TYPES.keyVault, TYPES.containerRegistry])}`, anyOf(match)], RESOURCE_COLUMNS),
    };
  }, limit);
}

/** Private endpoints, by ID (the IDs named by the private endpoint connections of the AML workspaces' dependencies). */
export function privateEndpointQueries(ids: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  return family(distinct(ids), listCost, (part) => ({
    table: 'resources',
    source: 'resourceGraph.resources',
    purpose: 'private endpoints',
    kql: query('resources', [`type =~ ${kqlString(TYPES.privateEndpoint)}`, `id in~ ${list(part)}`], RESOURCE_COLUMNS),
  }), limit);
}

/**
 * Role assignments that apply to the audited resources: those at any of `scopes` (each resource and its ancestors:
 * parent resources, resource group, subscription), plus every assignment at a management group or the root, which
 * Resource Graph returns only for the management groups above the requested subscriptions
 * (authorizationScopeFilter AtScopeAboveAndBelow). The inherited ones ride along in the first query: one query less,
 * and one part-filled page less.
 */
export function roleAssignmentQueries(scopes: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  const type = `type =~ ${kqlString(TYPES.roleAssignment)}`;
  const inherited = `(tostring(properties.scope) startswith ${kqlString('/providers/Microsoft.Management/managementGroups/')} or tostring(properties.scope) == ${kqlString('/')})`;
  const values = distinct(scopes);
  if (values.length === 0) return [];
  type Term = { kind: 'inherited' } | { kind: 'scope'; value: string };
  const terms: Term[] = [{ kind: 'inherited' }, ...values.map((value): Term => ({ kind: 'scope', value }))];
  return family(terms, (t) => (t.kind === 'scope' ? listCost(t.value) : inherited.length + 8), (part) => {
    const direct = part.flatMap((t) => (t.kind === 'scope' ? [t.value] : []));
    const match = [...(direct.length ? [`tostring(properties.scope) in~ ${list(direct)}`] : []), ...(part.some((t) => t.kind === 'inherited') ? [inherited] : [])];
    return {
      table: 'authorizationresources',
      source: 'resourceGraph.authorizationresources',
      purpose: 'role assignments',
      kql: query('authorizationresources', [type, anyOf(match)], AUTHORIZATION_COLUMNS),
    };
  }, limit);
}

/** Role definitions by GUID (the `name` of a role definition row). */
export function roleDefinitionQueries(guids: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  return family(distinct(guids), listCost, (part) => ({
    table: 'authorizationresources',
    source: 'resourceGraph.authorizationresources',
    purpose: 'role definitions',
    kql: query('authorizationresources', [`type =~ ${kqlString(TYPES.roleDefinition)}`, `name in~ ${list(part)}`], AUTHORIZATION_COLUMNS),
  }), limit);
}

/** Subscription rows, for their management group ancestry (`properties.managementGroupAncestorsChain`). */
export function subscriptionQueries(subscriptionIds: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  return family(distinct(subscriptionIds), listCost, (part) => ({
    table: 'resourcecontainers',
    source: 'resourceGraph.resourcecontainers',
    purpose: 'subscriptions and their management groups',
    kql: query('resourcecontainers', [`type =~ ${kqlString(TYPES.subscription)}`, `subscriptionId in~ ${list(part)}`], CONTAINER_COLUMNS),
  }), limit);
}

const MANAGEMENT_GROUPS = '/providers/microsoft.management/managementgroups/';
const ASSIGNMENTS = '/providers/microsoft.authorization/policyassignments/';

/**
 * Azure Policy assignments that can apply to the audited resources: those made at a scope in `scopes` (each resource
 * and its ancestors: resource group, subscription) and every one made at a management group or the root. Resource
 * Graph returns the management-group ones only to a request that asks for rows above its subscriptions
 * (authorizationScopeFilter AtScopeAndAbove); resource-group and resource assignments are below the subscription, so
 * the request asks AtScopeAboveAndBelow and the `where` keeps the audited scope chains only. The audited scopes are
 * matched on the assignment's `properties.scope` (Microsoft.Authorization/policyAssignments: the scope it was made at,
 * which its ID starts with), one list value each: about half the length of one ID prefix per scope, so 3,000
 * workspaces' scope chains fit one query. The inherited ones are matched on the ID, which every row has.
 */
export function policyAssignmentQueries(scopes: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  const values = distinct(scopes).map(withoutTrailingSlashes).filter((scope) => scope !== '');
  if (values.length === 0) return [];
  type Term = { kind: 'inherited' } | { kind: 'scope'; value: string };
  const inherited = `(tolower(id) startswith ${kqlString(MANAGEMENT_GROUPS)} or tolower(id) startswith ${kqlString(ASSIGNMENTS)})`;
  const terms: Term[] = [{ kind: 'inherited' }, ...values.map((value): Term => ({ kind: 'scope', value }))];
  return family(terms, (t) => (t.kind === 'scope' ? listCost(t.value) : inherited.length + 8), (part) => {
    const direct = part.flatMap((t) => (t.kind === 'scope' ? [t.value] : []));
    const match = [...(part.some((t) => t.kind === 'inherited') ? [inherited] : []), ...(direct.length ? [`tostring(properties.scope) in~ ${list(direct)}`] : [])];
    return {
      table: 'policyresources',
      source: 'resourceGraph.policyresources',
      purpose: 'Azure Policy assignments',
      scopeFilter: 'AtScopeAboveAndBelow',
      kql: query('policyresources', [`type =~ ${kqlString(TYPES.policyAssignment)}`, anyOf(match)], POLICY_COLUMNS),
    };
  }, limit);
}

/**
 * Policy definitions and set definitions (initiatives) by ID: the ones the assignments name, and the members of those
 * initiatives that synaml's catalogue knows. Definitions live at the tenant (built-ins), a management group or a
 * subscription: at or above the audited subscriptions (AtScopeAndAbove).
 */
export function policyDefinitionQueries(definitionIds: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  return family(distinct(definitionIds), listCost, (part) => ({
    table: 'policyresources',
    source: 'resourceGraph.policyresources',
    purpose: 'Azure Policy definitions and initiatives',
    scopeFilter: 'AtScopeAndAbove',
    kql: query('policyresources', [`type in~ ${list([TYPES.policyDefinition, TYPES.policySetDefinition])}`, `id in~ ${list(part)}`], POLICY_COLUMNS),
  }), limit);
}

/**
 * Policy exemptions of the given assignments. They usually sit below the subscription (a resource group, the workspace
 * itself), and may sit at a management group: AtScopeAboveAndBelow. Which resource an exemption covers is read from
 * its ID by the normaliser.
 */
export function policyExemptionQueries(assignmentIds: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  return family(distinct(assignmentIds), listCost, (part) => ({
    table: 'policyresources',
    source: 'resourceGraph.policyresources',
    purpose: 'Azure Policy exemptions',
    scopeFilter: 'AtScopeAboveAndBelow',
    kql: query('policyresources', [`type =~ ${kqlString(TYPES.policyExemption)}`, `tostring(properties.policyAssignmentId) in~ ${list(part)}`], POLICY_COLUMNS),
  }), limit);
}

/** An ARM resource ID's subscription, resource group and type (`namespace/type[/child type...]`), lower-case. */
function resourceParts(id: string): { subscription: string; resourceGroup: string; type: string } | undefined {
  const p = parseArmId(id);
  if (!p?.subscriptionId || !p.resourceGroup || !p.type || p.names.length === 0) return undefined;
  return { subscription: p.subscriptionId.toLowerCase(), resourceGroup: p.resourceGroup.toLowerCase(), type: p.type.toLowerCase() };
}

type ChangeTerm = { kind: 'group'; subscription: string; resourceGroup: string; first: boolean } | { kind: 'id'; value: string };

/**
 * Resource Graph's change records of the audited resources (`resourcechanges`, which keeps the last 14 days: no time
 * filter is needed). Resource Manager changes only: the Synapse data plane's linked services, managed private endpoints
 * and role assignments are not recorded.
 *
 * Asked by the resources' resource groups (the `subscriptionId` and `resourceGroup` columns of a change row are its
 * target's: "Get resource changes", Resource Graph docs) and their types (`properties.targetResourceType`), not by
 * 9,000 IDs: a resource group name is a fraction of an ID, so a large estate fits one query. Other resources of the
 * same types in the same groups come back too; the caller keeps only the records of `resourceIds`
 * (`keepChangesOf`). An ID without a resource group is asked for by itself.
 */
export function resourceChangeQueries(resourceIds: Iterable<string>, limit = MAX_QUERY_LENGTH): ArgQuery[] {
  const ids = distinct(resourceIds);
  const groups = new Map<string, { subscription: string; resourceGroup: string }>();
  const types = new Set<string>();
  const loose: string[] = [];
  for (const id of ids) {
    const parts = resourceParts(id);
    if (!parts) {
      loose.push(id);
      continue;
    }
    types.add(parts.type);
    groups.set(`${parts.subscription}/${parts.resourceGroup}`, parts);
  }
  const typeList = [...types].sort();
  const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  const terms: ChangeTerm[] = [
    ...sorted.map((g, i): ChangeTerm => ({ kind: 'group', ...g, first: i === 0 || sorted[i - 1]!.subscription !== g.subscription })),
    ...loose.map((value): ChangeTerm => ({ kind: 'id', value })),
  ];
  // A subscription's clause is charged to its first group; a run that starts inside a subscription repeats that clause
  // once, within the type list's share of the fixed HEADER (each type is one ARM type name; the audited are three).
  const clause = (subscription: string) => `(subscriptionId =~ ${kqlString(subscription)} and resourceGroup in~ ())`.length + 8;
  const typeCost = typeList.reduce((n, t) => n + listCost(t), 0);
  const cost = (t: ChangeTerm) => (t.kind === 'id' ? listCost(t.value) : listCost(t.resourceGroup) + (t.first ? clause(t.subscription) : 0));
  return family(terms, cost, (part) => {
    const groups = part.flatMap((t) => (t.kind === 'group' ? [t] : []));
    const direct = part.flatMap((t) => (t.kind === 'id' ? [t.value] : []));
    const grouped = [...Map.groupBy(groups, (g) => g.subscription)].map(
      ([sub, inSub]) => `(subscriptionId =~ ${kqlString(sub)} and resourceGroup in~ ${list(inSub.map((g) => g.resourceGroup))})`,
    );
    const match = [
      ...(grouped.length ? [grouped.length === 1 ? grouped[0]! : `(${anyOf(grouped)})`].map((g) => `(tostring(properties.targetResourceType) in~ ${list(typeList)} and ${g})`) : []),
      ...(direct.length ? [`tostring(properties.targetResourceId) in~ ${list(direct)}`] : []),
    ];
    return {
      table: 'resourcechanges',
      source: 'resourceGraph.resourcechanges',
      purpose: 'resource changes (last 14 days)',
      kql: query('resourcechanges', [anyOf(match)], CHANGE_COLUMNS),
    };
  }, limit - typeCost);
}

/**
 * The change records of `resourceIds` among `rows`: what resourceChangeQueries asked for by resource group and type,
 * narrowed to the resources themselves (by `properties.targetResourceId`, case-insensitively).
 */
export function keepChangesOf<T extends { properties?: unknown }>(rows: readonly T[], resourceIds: Iterable<string>): T[] {
  const wanted = new Set([...resourceIds].map(normaliseId));
  return rows.filter((row) => {
    const target = (row.properties as Record<string, unknown> | null | undefined)?.['targetResourceId'];
    return typeof target === 'string' && wanted.has(normaliseId(target));
  });
}

/** Inputs for every query family; `listQueries` gives the queries the collector would send for them. */
export interface QueryInputs {
  synapseIds: string[];
  amlIds: string[];
  dependencyIds: string[];
  storageAccountNames: string[];
  privateEndpointIds: string[];
  roleAssignmentScopes: string[];
  roleDefinitionGuids: string[];
  subscriptionIds: string[];
  /** Scopes whose policy assignments apply (each audited resource and its ancestors); optional. */
  policyScopes?: string[];
  policyDefinitionIds?: string[];
  policyAssignmentIds?: string[];
  changedResourceIds?: string[];
}

/**
 * `synaml init --from-live`: every Synapse workspace in the scope (subscriptions, management groups or the tenant),
 * with the columns the workspace query projects, so the rows serve the draft as they are.
 */
export function synapseDiscoveryQuery(): ArgQuery {
  return {
    table: 'resources',
    source: 'resourceGraph.resources',
    purpose: 'discover the Synapse workspaces',
    kql: query('resources', [`type =~ ${kqlString(TYPES.synapseWorkspace)}`], RESOURCE_COLUMNS),
  };
}

/** Every query the collectors can emit for the given inputs (tests parse each with the Kusto parser). */
export function listQueries(inputs: QueryInputs, maxQueryLength = MAX_QUERY_LENGTH): ArgQuery[] {
  const limit = maxQueryLength;
  return [
    synapseDiscoveryQuery(),
    ...workspaceQueries(inputs.synapseIds, inputs.amlIds, limit),
    ...workspaceAndPoolQueries(inputs.synapseIds, inputs.amlIds, limit),
    ...dependencyQueries(inputs.dependencyIds, inputs.storageAccountNames, limit),
    ...privateEndpointQueries(inputs.privateEndpointIds, limit),
    ...roleAssignmentQueries(inputs.roleAssignmentScopes, limit),
    ...roleDefinitionQueries(inputs.roleDefinitionGuids, limit),
    ...subscriptionQueries(inputs.subscriptionIds, limit),
    ...policyAssignmentQueries(inputs.policyScopes ?? [], limit),
    ...policyDefinitionQueries(inputs.policyDefinitionIds ?? [], limit),
    ...policyExemptionQueries(inputs.policyAssignmentIds ?? [], limit),
    ...resourceChangeQueries(inputs.changedResourceIds ?? [], limit),
  ];
}
