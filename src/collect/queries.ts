// Every KQL query synaml sends to Azure Resource Graph, built in one place so a test can parse them all with
// Microsoft's Kusto parser. Queries filter server-side to what the rules read (see estate/normalise.ts), project
// the row shape the snapshot stores, and order by id so `$skipToken` paging is stable. Only a plain subset of KQL
// is used (where / in~ / =~ / startswith / project / order by): no limit, take, top, summarize, join or mv-expand,
// which would cap or reshape the rows.
import type { DataSource } from '../estate/snapshot.js';
import { RESOURCE_TYPES } from '../azure/resource-types.js';

export type ArgTable = 'resources' | 'authorizationresources' | 'resourcecontainers';

export interface ArgQuery {
  table: ArgTable;
  /** The snapshot error source a failure of this query is recorded under. */
  source: DataSource;
  /** What the query is for, in words (progress and error messages). */
  purpose: string;
  kql: string;
}

/** Values per `in~ (...)` list: keeps each query far below Resource Graph's request size limits. */
export const MAX_VALUES_PER_QUERY = 200;

export const RESOURCE_COLUMNS = ['id', 'name', 'type', 'subscriptionId', 'resourceGroup', 'location', 'identity', 'properties'] as const;
export const AUTHORIZATION_COLUMNS = ['id', 'name', 'type', 'subscriptionId', 'properties'] as const;
export const CONTAINER_COLUMNS = ['id', 'name', 'type', 'subscriptionId', 'properties'] as const;

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

function chunks<T>(values: readonly T[], size = MAX_VALUES_PER_QUERY): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

function query(table: ArgTable, where: string[], columns: readonly string[]): string {
  return [table, ...where.map((w) => `| where ${w}`), `| project ${columns.join(', ')}`, '| order by id asc'].join('\n');
}

/** Synapse and AML workspaces, by ID. */
export function workspaceQueries(synapseIds: Iterable<string>, amlIds: Iterable<string>): ArgQuery[] {
  const ids = distinct([...synapseIds, ...amlIds]);
  return chunks(ids).map((part) => ({
    table: 'resources',
    source: 'resourceGraph.resources',
    purpose: 'Synapse and Azure Machine Learning workspaces',
    kql: query('resources', [`type in~ ${list([TYPES.synapseWorkspace, TYPES.amlWorkspace])}`, `id in~ ${list(part)}`], RESOURCE_COLUMNS),
  }));
}

/** Spark pools under the given Synapse workspaces (by ID prefix: Resource Graph names a pool by its last segment only). */
export function sparkPoolQueries(synapseIds: Iterable<string>): ArgQuery[] {
  const prefixes = distinct(synapseIds).map((id) => `${id}/bigdatapools/`);
  return chunks(prefixes).map((part) => ({
    table: 'resources',
    source: 'resourceGraph.resources',
    purpose: 'Spark pools',
    kql: query(
      'resources',
      [`type =~ ${kqlString(TYPES.sparkPool)}`, part.map((p) => `tolower(id) startswith ${kqlString(p)}`).join(' or ')],
      RESOURCE_COLUMNS,
    ),
  }));
}

/** The AML workspaces' storage accounts, key vaults and registries (by ID) and Synapse default storage accounts (by name). */
export function dependencyQueries(targetIds: Iterable<string>, storageAccountNames: Iterable<string>): ArgQuery[] {
  const out: ArgQuery[] = [];
  for (const part of chunks(distinct(targetIds))) {
    out.push({
      table: 'resources',
      source: 'resourceGraph.resources',
      purpose: 'storage accounts, key vaults and container registries',
      kql: query(
        'resources',
        [`type in~ ${list([TYPES.storageAccount, TYPES.keyVault, TYPES.containerRegistry])}`, `id in~ ${list(part)}`],
        RESOURCE_COLUMNS,
      ),
    });
  }
  for (const part of chunks(distinct(storageAccountNames))) {
    out.push({
      table: 'resources',
      source: 'resourceGraph.resources',
      purpose: 'Synapse default storage accounts',
      kql: query('resources', [`type =~ ${kqlString(TYPES.storageAccount)}`, `name in~ ${list(part)}`], RESOURCE_COLUMNS),
    });
  }
  return out;
}

/** Private endpoints, by ID (the IDs named by the private endpoint connections of the AML workspaces and their dependencies). */
export function privateEndpointQueries(ids: Iterable<string>): ArgQuery[] {
  return chunks(distinct(ids)).map((part) => ({
    table: 'resources',
    source: 'resourceGraph.resources',
    purpose: 'private endpoints',
    kql: query('resources', [`type =~ ${kqlString(TYPES.privateEndpoint)}`, `id in~ ${list(part)}`], RESOURCE_COLUMNS),
  }));
}

/**
 * Role assignments that apply to the audited resources: those at any of `scopes` (each resource and its ancestors:
 * parent resources, resource group, subscription), plus every assignment at a management group or the root, which
 * Resource Graph returns only for the management groups above the requested subscriptions
 * (authorizationScopeFilter AtScopeAboveAndBelow).
 */
export function roleAssignmentQueries(scopes: Iterable<string>): ArgQuery[] {
  const type = `type =~ ${kqlString(TYPES.roleAssignment)}`;
  const inherited: ArgQuery = {
    table: 'authorizationresources',
    source: 'resourceGraph.authorizationresources',
    purpose: 'role assignments inherited from management groups and the root',
    kql: query(
      'authorizationresources',
      [type, `tostring(properties.scope) startswith ${kqlString('/providers/Microsoft.Management/managementGroups/')} or tostring(properties.scope) == ${kqlString('/')}`],
      AUTHORIZATION_COLUMNS,
    ),
  };
  const direct = chunks(distinct(scopes)).map<ArgQuery>((part) => ({
    table: 'authorizationresources',
    source: 'resourceGraph.authorizationresources',
    purpose: 'role assignments',
    kql: query('authorizationresources', [type, `tostring(properties.scope) in~ ${list(part)}`], AUTHORIZATION_COLUMNS),
  }));
  return direct.length === 0 ? [] : [...direct, inherited];
}

/** Role definitions by GUID (the `name` of a role definition row). */
export function roleDefinitionQueries(guids: Iterable<string>): ArgQuery[] {
  return chunks(distinct(guids)).map((part) => ({
    table: 'authorizationresources',
    source: 'resourceGraph.authorizationresources',
    purpose: 'role definitions',
    kql: query('authorizationresources', [`type =~ ${kqlString(TYPES.roleDefinition)}`, `name in~ ${list(part)}`], AUTHORIZATION_COLUMNS),
  }));
}

/** Subscription rows, for their management group ancestry (`properties.managementGroupAncestorsChain`). */
export function subscriptionQueries(subscriptionIds: Iterable<string>): ArgQuery[] {
  return chunks(distinct(subscriptionIds)).map((part) => ({
    table: 'resourcecontainers',
    source: 'resourceGraph.resourcecontainers',
    purpose: 'subscriptions and their management groups',
    kql: query('resourcecontainers', [`type =~ ${kqlString(TYPES.subscription)}`, `subscriptionId in~ ${list(part)}`], CONTAINER_COLUMNS),
  }));
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
}

/** Every query the collectors can emit for the given inputs (tests parse each with the Kusto parser). */
export function listQueries(inputs: QueryInputs): ArgQuery[] {
  return [
    ...workspaceQueries(inputs.synapseIds, inputs.amlIds),
    ...sparkPoolQueries(inputs.synapseIds),
    ...dependencyQueries(inputs.dependencyIds, inputs.storageAccountNames),
    ...privateEndpointQueries(inputs.privateEndpointIds),
    ...roleAssignmentQueries(inputs.roleAssignmentScopes),
    ...roleDefinitionQueries(inputs.roleDefinitionGuids),
    ...subscriptionQueries(inputs.subscriptionIds),
  ];
}
