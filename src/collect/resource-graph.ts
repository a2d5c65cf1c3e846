// Azure Resource Graph: the resources, role assignments, role definitions and subscriptions the rules read,
// filtered server-side (queries.ts), paged with $skipToken, at most 1000 subscriptions a request. A read that fails
// becomes a per-subscription error, never silently fewer rows: a truncated result or a $skipToken that repeats is
// an error too.
import type { QueryResponse } from '@azure/arm-resourcegraph';
import { normaliseId, parseArmId, subscriptionOf, withoutTrailingSlashes } from '../azure/ids.js';
import { TABLE_NOT_AVAILABLE, type RawPayload, type SnapshotError } from '../estate/snapshot.js';
import type { CollectContext } from './context.js';
import {
  dependencyQueries,
  policyAssignmentQueries,
  policyDefinitionQueries,
  policyExemptionQueries,
  privateEndpointQueries,
  resourceChangeQueries,
  keepChangesOf,
  roleAssignmentQueries,
  roleDefinitionQueries,
  subscriptionQueries,
  workspaceAndPoolQueries,
  type ArgQuery,
} from './queries.js';
import { ReadError, toSnapshotError } from './read-errors.js';
import { RESOURCE_TYPES } from '../azure/resource-types.js';
import { isCataloguedPolicy } from '../azure/policy-catalogue.js';
import { restErrorCode } from './resilience.js';

/** Resource Graph's limits: rows per page and subscriptions per request. */
export const PAGE_SIZE = 1000;
export const MAX_SUBSCRIPTIONS_PER_REQUEST = 1000;
/** A guard against a service that pages forever (1,000,000 rows at 1000 a page). */
const MAX_PAGES = 1000;

/** Called with each page's rows as it arrives (before the query's other pages). */
type OnPage = (rows: RawPayload[]) => void;

interface QueryResult {
  rows: RawPayload[];
  errors: SnapshotError[];
}

/**
 * Strings that repeat across rows (types, role definition IDs, scopes, subscription IDs, principal types) kept once
 * per collection: a large tenant's 60,000 role assignments hold a handful of distinct role definition IDs, and JSON
 * gives each row its own copy. The rows are unchanged as values; only duplicate strings are shared.
 */
const stringPools = new WeakMap<CollectContext, Map<string, string>>();

function compactRow(ctx: CollectContext, row: RawPayload): RawPayload {
  let pool = stringPools.get(ctx);
  if (!pool) stringPools.set(ctx, (pool = new Map()));
  const shared = pool;
  // `id` and `name` are unique per row: pooling them would only cost the pool's memory.
  const visit = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      if (value.length > 256 || key === 'id' || key === 'name') return value;
      const known = shared.get(value);
      if (known !== undefined) return known;
      shared.set(value, value);
      return value;
    }
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = visit(value[i]);
    } else {
      const record = value as Record<string, unknown>;
      for (const k of Object.keys(record)) record[k] = visit(record[k], k);
    }
    return value;
  };
  return visit(row) as RawPayload;
}

function isRow(value: unknown): value is RawPayload {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as RawPayload)['id'] === 'string';
}

/** Where a query looks: a batch of subscriptions, management groups, or (neither) every subscription the identity can read. */
interface QueryScope {
  subscriptions?: string[];
  managementGroups?: string[];
}

/** Every page of one query over one scope (a batch of subscriptions, usually). */
async function fetchAllPages(ctx: CollectContext, query: ArgQuery, scope: QueryScope, onPage?: OnPage): Promise<RawPayload[]> {
  const rows: RawPayload[] = [];
  const seenTokens = new Set<string>();
  let skipToken: string | undefined;
  let totalRecords: number | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new ReadError(`Resource Graph kept paging past ${MAX_PAGES} pages`, 'TooManyPages');
    const response: QueryResponse = await ctx.transport.resourceGraph.resources(
      {
        ...(scope.subscriptions ? { subscriptions: scope.subscriptions } : {}),
        ...(scope.managementGroups ? { managementGroups: scope.managementGroups } : {}),
        query: query.kql,
        options: {
          top: PAGE_SIZE,
          ...(skipToken !== undefined ? { skipToken } : {}),
          // Role assignments at the audited scopes and below, and inherited from management groups and the root; policy
          // rows as each query asks (queries.ts).
          ...(query.scopeFilter !== undefined
            ? { authorizationScopeFilter: query.scopeFilter }
            : query.table === 'authorizationresources'
              ? { authorizationScopeFilter: 'AtScopeAboveAndBelow' as const }
              : {}),
        },
      },
      { abortSignal: ctx.deadline.signal },
    );
    const data: unknown = (response as Partial<QueryResponse> | undefined)?.data;
    if (!Array.isArray(data)) {
      throw new ReadError('the answer is not a Resource Graph result (no "data" array of rows)', 'MalformedResponse');
    }
    if (String(response.resultTruncated).toLowerCase() === 'true') {
      throw new ReadError(
        `Resource Graph truncated the result (resultTruncated: "true") after ${rows.length + data.length} rows: synaml will not use a partial result`,
        'ResultTruncated',
      );
    }
    if (typeof response.totalRecords === 'number') totalRecords ??= response.totalRecords;
    const pageRows: RawPayload[] = [];
    for (const row of data) if (isRow(row)) pageRows.push(compactRow(ctx, row));
    for (const row of pageRows) rows.push(row);
    onPage?.(pageRows);
    const next = typeof response.skipToken === 'string' && response.skipToken !== '' ? response.skipToken : undefined;
    if (next === undefined) break;
    if (seenTokens.has(next) || next === skipToken) {
      throw new ReadError('Resource Graph returned a $skipToken it had already returned: paging would never end', 'RepeatedSkipToken');
    }
    seenTokens.add(next);
    skipToken = next;
  }
  if (totalRecords !== undefined && rows.length < totalRecords) {
    throw new ReadError(`Resource Graph announced ${totalRecords} rows but returned ${rows.length}`, 'IncompleteResult');
  }
  return rows;
}

/**
 * One batch of subscriptions. A 403 on several subscriptions is split in halves until the subscriptions that are
 * forbidden are isolated (O(k log n) requests for k forbidden of n), so the others are still read. (`allowPartialScopes`
 * would not help: it is about management groups with more subscriptions than one request may hold, not permissions.)
 */
async function runBatch(ctx: CollectContext, query: ArgQuery, subscriptions: string[], onPage?: OnPage): Promise<QueryResult> {
  try {
    return { rows: await ctx.queryLimit(() => fetchAllPages(ctx, query, { subscriptions }, onPage)), errors: [] };
  } catch (error) {
    const status = restErrorCode(error).status;
    if (isTableUnavailable(error, query.table)) {
      return { rows: [], errors: subscriptions.map((s) => tableNotAvailable(query, `/subscriptions/${s}`)) };
    }
    // Refused for its size (Resource Graph documents no limit on a query's length): ask in halves.
    if ((status === 400 || status === 413 || status === 414) && query.split && !ctx.deadline.exceeded) {
      const parts = await Promise.all(query.split().map((half) => runBatch(ctx, half, subscriptions, onPage)));
      return { rows: parts.flatMap((p) => p.rows), errors: parts.flatMap((p) => p.errors) };
    }
    if (status === 403 && subscriptions.length > 1 && !ctx.deadline.exceeded) {
      const middle = Math.ceil(subscriptions.length / 2);
      const parts = await Promise.all([runBatch(ctx, query, subscriptions.slice(0, middle), onPage), runBatch(ctx, query, subscriptions.slice(middle), onPage)]);
      return { rows: parts.flatMap((p) => p.rows), errors: parts.flatMap((p) => p.errors) };
    }
    const endpoint = `${ctx.armEndpoint}/providers/Microsoft.ResourceGraph/resources`;
    return {
      rows: [],
      errors: subscriptions.map((s) =>
        withPurpose(toSnapshotError(error, { source: query.source, scope: `/subscriptions/${s}`, endpoint }), query.purpose),
      ),
    };
  }
}

/**
 * True when Resource Graph refused a query because its table does not exist here (a sovereign cloud without
 * `policyresources` or `resourcechanges`): a 400 whose code or text names the table as unknown or unsupported.
 */
function isTableUnavailable(error: unknown, table: string): boolean {
  if (table === 'resources' || restErrorCode(error).status !== 400) return false;
  if (restErrorCode(error).code === TABLE_NOT_AVAILABLE) return true;
  const e = error as { code?: unknown; message?: unknown; details?: unknown };
  let text = `${String(e.message ?? '')} ${String(e.code ?? '')}`;
  try {
    text += ` ${JSON.stringify(e.details ?? '')}`;
  } catch {
    // details that cannot be serialised say nothing about the table
  }
  const lower = text.toLowerCase();
  return lower.includes(table) && /(not available|not supported|unsupported|unknown table|invalid|not found|does not exist|failed to resolve)/.test(lower);
}

function tableNotAvailable(query: ArgQuery, scope: string): SnapshotError {
  return {
    source: query.source,
    scope,
    status: 400,
    code: TABLE_NOT_AVAILABLE,
    message: `Resource Graph in this cloud has no ${query.table} table: ${query.purpose} are not available`,
  };
}

function withPurpose(error: SnapshotError, purpose: string): SnapshotError {
  return { ...error, message: `${purpose}: ${error.message}` };
}

/** Runs one query over the subscriptions, 1000 a request; failures are recorded per subscription. */
export async function runQuery(ctx: CollectContext, query: ArgQuery, subscriptions: string[], onPage?: OnPage): Promise<RawPayload[]> {
  const subs = [...new Set(subscriptions.map((s) => s.toLowerCase()))].sort();
  if (subs.length === 0) return [];
  const batches: string[][] = [];
  for (let i = 0; i < subs.length; i += MAX_SUBSCRIPTIONS_PER_REQUEST) batches.push(subs.slice(i, i + MAX_SUBSCRIPTIONS_PER_REQUEST));
  const results = await Promise.all(batches.map((batch) => runBatch(ctx, query, batch, onPage)));
  ctx.progress.step('resourceGraph', query.purpose);
  for (const r of results) ctx.errors.push(...r.errors);
  return results.flatMap((r) => r.rows);
}

/** A management group ID (a bare name or `/providers/Microsoft.Management/managementGroups/<name>`) as Resource Graph takes it. */
function managementGroupName(id: string): string {
  const trimmed = withoutTrailingSlashes(id.trim());
  const match = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/i.exec(trimmed);
  return match ? match[1]! : trimmed;
}

/** Management group IDs as Resource Graph takes them: names, distinct, sorted. */
export function managementGroupNames(ids: readonly string[]): string[] {
  return [...new Set(ids.map(managementGroupName).filter((g) => g !== ''))].sort();
}

/**
 * One query over a discovery scope: the subscriptions (batched as `runQuery` does, failures per subscription), each
 * management group on its own (a failure is recorded at the group), or, when neither is given, every subscription the
 * identity can read (a failure is recorded at the tenant root `/`). Rows are deduplicated by ID. The management groups
 * are names, as `managementGroupNames` gives them.
 */
export async function runScopedQuery(ctx: CollectContext, query: ArgQuery, scope: { subscriptions: string[]; managementGroups: string[] }): Promise<RawPayload[]> {
  const endpoint = `${ctx.armEndpoint}/providers/Microsoft.ResourceGraph/resources`;
  const groups = scope.managementGroups;
  const scoped = async (target: QueryScope, errorScope: string): Promise<RawPayload[]> => {
    try {
      return await ctx.queryLimit(() => fetchAllPages(ctx, query, target));
    } catch (error) {
      ctx.errors.push(withPurpose(toSnapshotError(error, { source: query.source, scope: errorScope, endpoint }), query.purpose));
      return [];
    } finally {
      ctx.progress.step('resourceGraph', query.purpose);
    }
  };
  const parts: Array<Promise<RawPayload[]>> = [];
  if (scope.subscriptions.length > 0) parts.push(runQuery(ctx, query, scope.subscriptions));
  for (const group of groups) parts.push(scoped({ managementGroups: [group] }, `/providers/Microsoft.Management/managementGroups/${group}`));
  if (scope.subscriptions.length === 0 && groups.length === 0) parts.push(scoped({}, '/'));
  ctx.progress.plan('resourceGraph', groups.length + (scope.subscriptions.length > 0 || groups.length === 0 ? 1 : 0));
  return [...byId((await Promise.all(parts)).flat()).values()];
}

async function runAll(ctx: CollectContext, queries: Array<{ query: ArgQuery; subscriptions: string[] }>, onPage?: OnPage): Promise<RawPayload[]> {
  ctx.progress.plan('resourceGraph', queries.length);
  const parts = await Promise.all(queries.map(({ query, subscriptions }) => runQuery(ctx, query, subscriptions, onPage)));
  return parts.flat();
}

// ---- row readers -------------------------------------------------------------------------------------------------

function props(row: RawPayload | undefined): Record<string, unknown> {
  const p = row?.['properties'];
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function typeOf(row: RawPayload): string {
  return String(row['type'] ?? '').toLowerCase();
}

/** Private endpoint IDs named by a row's `properties.privateEndpointConnections[].properties.privateEndpoint.id`. */
function connectedEndpointIds(row: RawPayload): string[] {
  const connections = props(row)['privateEndpointConnections'];
  if (!Array.isArray(connections)) return [];
  return connections.flatMap((c) => {
    const pe = (props(c as RawPayload)['privateEndpoint'] ?? {}) as Record<string, unknown>;
    const id = str(pe['id']);
    return id ? [id] : [];
  });
}

function storageAccountNameFromUrl(url: string | undefined): string | undefined {
  const match = url ? /^(?:https?:\/\/)?([^./]+)\./i.exec(url.trim()) : null;
  return match?.[1]?.toLowerCase();
}

/** A resource ID and every ARM scope above it: parent resources, resource group, subscription. */
export function scopeChain(id: string): string[] {
  const parsed = parseArmId(id);
  if (!parsed?.subscriptionId) return [];
  const out = [`/subscriptions/${parsed.subscriptionId}`];
  if (parsed.resourceGroup) out.push(`${out[0]}/resourceGroups/${parsed.resourceGroup}`);
  if (parsed.resourceGroup && parsed.provider && parsed.type) {
    const types = parsed.type.split('/').slice(1);
    let path = `${out[1]}/providers/${parsed.provider}`;
    types.forEach((type, i) => {
      path += `/${type}/${parsed.names[i]}`;
      out.push(path);
    });
  }
  return out.map(normaliseId);
}

function subscriptionsOf(ids: Iterable<string>): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const s = subscriptionOf(id);
    if (s) out.push(s);
  }
  return out;
}

function byId(rows: RawPayload[]): Map<string, RawPayload> {
  const map = new Map<string, RawPayload>();
  for (const row of rows) {
    const key = normaliseId(String(row['id']));
    if (!map.has(key)) map.set(key, row);
  }
  return map;
}

/** True when an error already recorded for `source` covers `id` (its scope is the ID or an ancestor of it). */
export function errorCovers(errors: readonly SnapshotError[], source: SnapshotError['source'], id: string): boolean {
  const target = normaliseId(id);
  return errors.some((e) => {
    if (e.source !== source) return false;
    const scope = normaliseId(e.scope);
    return scope === '/' || target === scope || target.startsWith(`${scope}/`);
  });
}

// ---- the collection ---------------------------------------------------------------------------------------------

export interface ResourceGraphInput {
  synapseIds: string[];
  amlIds: string[];
  /** Subscriptions every query covers: the spec's plus `--subscription`s. */
  subscriptions: string[];
  /** ARM IDs named as `access.required[].scope`. */
  accessScopes: string[];
}

export interface ResourceGraphData {
  resources: RawPayload[];
  authorizationresources: RawPayload[];
  resourcecontainers: RawPayload[];
  policyresources: RawPayload[];
  resourcechanges: RawPayload[];
  /** Lower-case ID -> row, for the ARM and data-plane collectors. */
  resourceRows: Map<string, RawPayload>;
  /** Role definition IDs referenced by assignments whose definition Resource Graph did not return. */
  missingRoleDefinitions: Map<string, { roleDefinitionId: string; scope: string }>;
}

/** The first round's answer: what the ARM and data-plane reads need (existence, data-plane endpoints, managed VNets). */
export interface FirstRound {
  /** Lower-case ID -> row, for the declared workspaces Resource Graph returned. */
  resourceRows: Map<string, RawPayload>;
}

export interface ResourceGraphRead {
  /** Resolves once the declared workspaces and their pools are read: the other collectors can start then. */
  firstRound: Promise<FirstRound>;
  /** Every round. */
  done: Promise<ResourceGraphData>;
}

/**
 * Reads Resource Graph in dependent rounds, each round in as few queries as their length allows (queries.ts):
 * (1) the declared workspaces and their Spark pools; (2) what the workspaces point at (AML storage / key vault /
 * registry by ID, Synapse default storage by account name); (3) the private endpoints the dependencies' connections
 * name, the role assignments at every audited scope and above, and the subscriptions' management-group ancestry;
 * (4) the role definitions the assignments reference. `onFirstRoundRows` sees round 1's rows page by page and
 * `firstRound` resolves after round 1, so the ARM and data-plane reads run while rounds 2 to 4 wait for the quota.
 */
export function readResourceGraph(ctx: CollectContext, input: ResourceGraphInput, onFirstRoundRows?: OnPage): ResourceGraphRead {
  let first!: (value: FirstRound) => void;
  const firstRound = new Promise<FirstRound>((resolve) => (first = resolve));
  const done = collectRounds(ctx, input, (rows) => first({ resourceRows: byId(rows) }), onFirstRoundRows).then(
    (data) => {
      first({ resourceRows: data.resourceRows });
      return data;
    },
    (error: unknown) => {
      first({ resourceRows: new Map() });
      throw error;
    },
  );
  return { firstRound, done };
}

/** All four rounds at once (tests and callers that need nothing early). */
export async function collectResourceGraph(ctx: CollectContext, input: ResourceGraphInput): Promise<ResourceGraphData> {
  return readResourceGraph(ctx, input).done;
}

async function collectRounds(
  ctx: CollectContext,
  input: ResourceGraphInput,
  onFirstRound: (rows: RawPayload[]) => void,
  onFirstRoundRows?: OnPage,
): Promise<ResourceGraphData> {
  const base = input.subscriptions;
  const withSubs = (ids: Iterable<string>) => [...base, ...subscriptionsOf(ids)];

  // Azure Policy needs only the workspaces' IDs: it is read beside the rounds below.
  const workspaceIds = [...input.synapseIds, ...input.amlIds];
  const policy = quietly(collectPolicy(ctx, workspaceIds, withSubs(workspaceIds)));

  // Round 1: the declared workspaces and their pools.
  const round1 = await runAll(
    ctx,
    workspaceAndPoolQueries(input.synapseIds, input.amlIds).map((query) => ({ query, subscriptions: withSubs([...input.synapseIds, ...input.amlIds]) })),
    onFirstRoundRows,
  );
  onFirstRound(round1);
  const rows1 = byId(round1);
  // Who changed the workspaces and pools (and when) is read beside rounds 2 to 4 as well.
  const changedIds = [...new Set([...workspaceIds.map(normaliseId), ...rows1.keys()])];
  // Asked by resource group and type (one query for a large estate), kept to the workspaces' and pools' own records.
  const changes = quietly(
    runAll(ctx, resourceChangeQueries(changedIds).map((query) => ({ query, subscriptions: withSubs(changedIds) }))).then((rows) => keepChangesOf(rows, changedIds)),
  );
  const synapseRows = input.synapseIds.map((id) => rows1.get(normaliseId(id))).filter((r): r is RawPayload => r !== undefined);
  const amlRows = input.amlIds.map((id) => rows1.get(normaliseId(id))).filter((r): r is RawPayload => r !== undefined);

  // Round 2: what the workspaces depend on.
  const targetIds = amlRows.flatMap((row) => ['storageAccount', 'keyVault', 'containerRegistry'].flatMap((k) => str(props(row)[k]) ?? []));
  const storageNames: string[] = [];
  const storageIds: string[] = [];
  for (const row of synapseRows) {
    const storage = (props(row)['defaultDataLakeStorage'] ?? {}) as Record<string, unknown>;
    const name = storageAccountNameFromUrl(str(storage['accountUrl']));
    if (name) storageNames.push(name);
    const id = str(storage['resourceId']);
    if (id) storageIds.push(id);
  }
  const round2 = await runAll(
    ctx,
    dependencyQueries(targetIds, storageNames).map((query) => ({ query, subscriptions: withSubs([...targetIds, ...storageIds]) })),
  );
  const rows2 = byId(round2);

  // Round 3: private endpoints, role assignments, subscriptions. Only the dependencies' private endpoints are read:
  // the rules look at the AML workspace's own connections (SA008, SA009) but never at the endpoints behind them.
  const endpointIds = [...rows2.values()].flatMap(connectedEndpointIds);
  const storageNameSet = new Set(storageNames);
  const defaultStorageIds = [
    ...storageIds,
    ...[...rows2.values()].filter((r) => typeOf(r) === 'microsoft.storage/storageaccounts' && storageNameSet.has(String(r['name']).toLowerCase())).map((r) => String(r['id'])),
  ];
  const audited = [...input.synapseIds, ...input.amlIds, ...defaultStorageIds, ...input.accessScopes];
  const scopes = audited.flatMap(scopeChain);
  const auditedSubs = withSubs([...audited, ...targetIds]);
  const round3 = await Promise.all([
    runAll(ctx, privateEndpointQueries(endpointIds).map((query) => ({ query, subscriptions: withSubs(endpointIds) }))),
    runAll(ctx, roleAssignmentQueries(scopes).map((query) => ({ query, subscriptions: withSubs(scopes) }))),
    runAll(ctx, subscriptionQueries(auditedSubs).map((query) => ({ query, subscriptions: auditedSubs }))),
  ]);
  const [endpointRows, assignmentRows, containerRows] = round3;

  // Round 4: the role definitions the assignments reference.
  const referenced = new Map<string, { roleDefinitionId: string; scope: string }>();
  for (const row of assignmentRows) {
    if (typeOf(row) !== 'microsoft.authorization/roleassignments') continue;
    const roleDefinitionId = str(props(row)['roleDefinitionId']);
    if (!roleDefinitionId) continue;
    const guid = withoutTrailingSlashes(roleDefinitionId).split('/').pop()!.toLowerCase();
    if (!referenced.has(guid)) referenced.set(guid, { roleDefinitionId, scope: str(props(row)['scope']) ?? '/' });
  }
  const definitionIds = [...referenced.values()].map((r) => r.roleDefinitionId);
  const definitionRows = await runAll(
    ctx,
    roleDefinitionQueries(referenced.keys()).map((query) => ({ query, subscriptions: withSubs([...definitionIds, ...scopes]) })),
  );
  // Built-in definitions can come back once per subscription: keep one per GUID.
  const definitions = new Map<string, RawPayload>();
  for (const row of [...definitionRows].sort(compareRows)) {
    const guid = String(row['name'] ?? '').toLowerCase();
    if (guid && !definitions.has(guid)) definitions.set(guid, row);
  }
  const missingRoleDefinitions = new Map([...referenced].filter(([guid]) => !definitions.has(guid)));

  const resources = [...byId([...round1, ...round2, ...endpointRows]).values()];
  return {
    resources: sortRows(resources),
    authorizationresources: sortRows([...byId(assignmentRows).values(), ...definitions.values()]),
    resourcecontainers: sortRows([...byId(containerRows).values()]),
    policyresources: await policy,
    resourcechanges: sortRows([...byId(await changes).values()]),
    resourceRows: byId(resources),
    missingRoleDefinitions,
  };
}

/** The promise, marked handled until it is awaited (the rounds in between may throw first). */
function quietly<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Azure Policy for the audited resources, in three dependent reads: the assignments that can apply to them; then the
 * initiatives and catalogued definitions those assignments name, and the assignments' exemptions; then the catalogued
 * members of those initiatives (src/azure/policy-catalogue.ts: only built-ins that can contradict the integration are
 * read, not every member of a 200-policy initiative).
 */
async function collectPolicy(ctx: CollectContext, resourceIds: string[], subscriptions: string[]): Promise<RawPayload[]> {
  const scopes = resourceIds.flatMap(scopeChain);
  const on = (queries: ArgQuery[]) => queries.map((query) => ({ query, subscriptions }));
  const assignments = (await runAll(ctx, on(policyAssignmentQueries(scopes)))).filter((r) => typeOf(r) === RESOURCE_TYPES.policyAssignment);
  const wanted = (id: string) => /\/policysetdefinitions\//i.test(id) || isCataloguedPolicy(id);
  const named = assignments.flatMap((r) => str(props(r)['policyDefinitionId']) ?? []).filter(wanted);
  const [definitions, exemptions] = await Promise.all([
    runAll(ctx, on(policyDefinitionQueries(named))),
    runAll(ctx, on(policyExemptionQueries(assignments.map((r) => String(r['id']))))),
  ]);
  const have = new Set(definitions.map((r) => normaliseId(String(r['id']))));
  const members = definitions
    .filter((r) => typeOf(r) === RESOURCE_TYPES.policySetDefinition)
    .flatMap((r) => (Array.isArray(props(r)['policyDefinitions']) ? (props(r)['policyDefinitions'] as unknown[]) : []))
    .flatMap((m) => str((m as Record<string, unknown> | null)?.['policyDefinitionId']) ?? [])
    .filter((id) => isCataloguedPolicy(id) && !have.has(normaliseId(id)));
  const memberRows = await runAll(ctx, on(policyDefinitionQueries(members)));
  return sortRows([...byId([...assignments, ...definitions, ...exemptions, ...memberRows]).values()]);
}

function compareRows(a: RawPayload, b: RawPayload): number {
  const x = String(a['id']).toLowerCase();
  const y = String(b['id']).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rows in id order (case-insensitive), so a snapshot is byte-stable whatever order pages arrived in. */
export function sortRows(rows: RawPayload[]): RawPayload[] {
  return [...rows].sort(compareRows);
}
