// The fake Resource Graph: request validation, subscription / management-group scoping, $skipToken paging.
//
// Scoping (request `subscriptions` S and `managementGroups` M; neither = the whole tenant, as in ARG):
// - A row inside a subscription is in scope when S holds it, or when it sits under a group of M. Ancestry comes
//   from `resourcecontainers` subscription rows (`properties.managementGroupAncestorsChain`); when the snapshot has
//   none at all, every subscription counts as under every group (the fake cannot tell, so it is inclusive); when it
//   has some, a subscription it does not list is under none.
// - `authorizationresources` additionally honours `options.authorizationScopeFilter`, relating each row's scope
//   (`properties.scope`, else its ID prefix) to the requested scopes:
//     exact  = at a requested subscription / management group itself
//     below  = inside a requested subscription (resource group, resource), or under a requested management group
//     above  = the tenant root `/`, or a management group above a requested scope (same ancestry rule)
//   AtScopeAndBelow (ARG's default) = exact + below; AtScopeAndAbove = exact + above;
//   AtScopeAboveAndBelow = all three; AtScopeExact = exact only.
//   Built-in role definitions (no subscription or management group in their ID) are tenant-wide and always returned;
//   custom ones follow their ID's scope with any of the three relations.
// - `policyresources` honours the filter the same way, each row's scope read from its ID (the part before
//   `/providers/Microsoft.Authorization/`); definitions at the tenant root (built-ins) are always returned, like
//   built-in role definitions.
// - The filter does not apply to the other tables (`resourcechanges` rows are scoped by their subscription).
import type { RawPayload } from '../../src/estate/snapshot.js';
import { type FakeResponse, azureError, decodeToken, encodeToken, json } from './http.js';
import { KqlError, type KqlQuery, type Predicate, type TableName, type ValueExpr, columnValue, filterKql, parseKql, projectKql } from './kql.js';
import {
  type FakeEstate,
  type ScopeRef,
  ROLE_DEFINITION_TYPE,
  SYNAPSE_WORKSPACE_TYPE,
  authorizationRowScope,
  lower,
  parseScope,
} from './estate.js';

export const ARG_API_VERSIONS = ['2024-04-01'] as const;
export const MAX_SUBSCRIPTIONS = 1000;
export const MAX_TOP = 1000;

const SCOPE_FILTERS = ['AtScopeAndBelow', 'AtScopeAndAbove', 'AtScopeExact', 'AtScopeAboveAndBelow'] as const;
type ScopeFilter = (typeof SCOPE_FILTERS)[number];

const REQUEST_KEYS = new Set(['subscriptions', 'managementGroups', 'query', 'options']);
const OPTION_KEYS = new Set(['$top', '$skip', '$skipToken', 'resultFormat', 'authorizationScopeFilter', 'allowPartialScopes']);

export interface ArgRequest {
  queryText: string;
  kql: KqlQuery;
  subscriptions: string[];
  managementGroups: string[];
  top?: number;
  skip?: number;
  skipToken?: string;
  scopeFilter: ScopeFilter;
}

const bad = (message: string) => azureError(400, 'BadRequest', message);

/** The subscriptions a request body names, read leniently: fault matching needs them even for a bad request. */
export function requestedSubscriptions(body: unknown): string[] {
  const subs = (body as Record<string, unknown> | undefined)?.subscriptions;
  return Array.isArray(subs) ? subs.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase()) : [];
}

// Parsed queries by text (a page of a long query repeats its text): parsing an 800 KB query takes a while.
const parsedQueries = new Map<string, KqlQuery>();

function parseKqlCached(text: string): KqlQuery {
  const cached = parsedQueries.get(text);
  if (cached) return cached;
  const parsed = parseKql(text);
  if (parsedQueries.size >= 32) parsedQueries.delete(parsedQueries.keys().next().value!);
  parsedQueries.set(text, parsed);
  return parsed;
}

/** The table a request body's query reads, when it can be told. */
export function requestedTable(body: unknown): TableName | undefined {
  const q = (body as Record<string, unknown> | undefined)?.query;
  if (typeof q !== 'string') return undefined;
  try {
    return parseKqlCached(q).table;
  } catch {
    return undefined;
  }
}

/** Validates an ARG request body strictly; anything the fake does not model is a 400, not silently ignored. */
export function parseArgRequest(body: unknown): { request: ArgRequest } | { error: FakeResponse } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { error: azureError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: a JSON object is required.') };
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!REQUEST_KEYS.has(key) && b[key] !== null) return { error: bad(`fake-azure: unsupported request property '${key}'`) };
  }
  if (typeof b.query !== 'string' || b.query.trim() === '') return { error: bad('The query is missing or empty.') };

  const list = (key: 'subscriptions' | 'managementGroups'): string[] | FakeResponse => {
    const v = b[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s === '')) return bad(`'${key}' must be an array of non-empty strings.`);
    return (v as string[]).map((s) => s.toLowerCase());
  };
  const subscriptions = list('subscriptions');
  if (!Array.isArray(subscriptions)) return { error: subscriptions };
  const managementGroups = list('managementGroups');
  if (!Array.isArray(managementGroups)) return { error: managementGroups };
  if (subscriptions.length > MAX_SUBSCRIPTIONS) {
    return { error: bad(`The request has ${subscriptions.length} subscriptions; at most ${MAX_SUBSCRIPTIONS} are allowed per request.`) };
  }
  if (subscriptions.length > 0 && managementGroups.length > 0) {
    return { error: bad('fake-azure: a request names subscriptions or managementGroups, not both.') };
  }

  const options = (b.options ?? {}) as Record<string, unknown>;
  if (typeof options !== 'object' || Array.isArray(options)) return { error: bad("'options' must be an object.") };
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key) && options[key] !== null) return { error: bad(`fake-azure: unsupported option '${key}'`) };
  }
  const int = (key: string, min: number, max: number): number | undefined | FakeResponse => {
    const v = options[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return bad(`options.${key} must be an integer from ${min} to ${max}.`);
    return v;
  };
  const top = int('$top', 1, MAX_TOP);
  if (typeof top === 'object') return { error: top };
  const skip = int('$skip', 0, Number.MAX_SAFE_INTEGER);
  if (typeof skip === 'object') return { error: skip };
  const skipToken = options.$skipToken ?? undefined;
  if (skipToken !== undefined && typeof skipToken !== 'string') return { error: bad('options.$skipToken must be a string.') };
  const format = options.resultFormat ?? 'objectArray';
  if (format !== 'objectArray') return { error: bad(`fake-azure: resultFormat '${String(format)}' (only objectArray)`) };
  const filter = options.authorizationScopeFilter ?? 'AtScopeAndBelow';
  if (!SCOPE_FILTERS.includes(filter as ScopeFilter)) {
    return { error: bad(`options.authorizationScopeFilter must be one of ${SCOPE_FILTERS.join(', ')}.`) };
  }
  if (options.allowPartialScopes !== undefined && options.allowPartialScopes !== null && typeof options.allowPartialScopes !== 'boolean') {
    return { error: bad('options.allowPartialScopes must be a boolean.') };
  }

  let kql: KqlQuery;
  try {
    kql = parseKqlCached(b.query);
  } catch (e) {
    if (e instanceof KqlError) {
      return { error: { status: 400, headers: {}, body: { error: { code: 'BadRequest', message: e.message, details: [{ code: 'InvalidQuery', message: e.message }] } } } };
    }
    throw e;
  }
  return {
    request: {
      queryText: b.query,
      kql,
      subscriptions,
      managementGroups,
      ...(top !== undefined ? { top } : {}),
      ...(skip !== undefined ? { skip } : {}),
      ...(skipToken !== undefined ? { skipToken } : {}),
      scopeFilter: filter as ScopeFilter,
    },
  };
}

type Relation = 'exact' | 'below' | 'above' | 'none';

/** A request's subscriptions and management groups as sets (computed once per request, not once per row). */
interface RequestScopes {
  S: ReadonlySet<string>;
  M: ReadonlySet<string>;
}

const requestScopes = new WeakMap<ArgRequest, RequestScopes>();

function scopesOf(req: ArgRequest): RequestScopes {
  let scopes = requestScopes.get(req);
  if (!scopes) requestScopes.set(req, (scopes = { S: new Set(req.subscriptions), M: new Set(req.managementGroups) }));
  return scopes;
}

function relate(scope: ScopeRef, req: ArgRequest, estate: FakeEstate): Relation {
  const { S, M } = scopesOf(req);
  switch (scope.level) {
    case 'root':
      return 'above';
    case 'subscription': {
      if (S.has(scope.subscription)) return scope.atSubscription ? 'exact' : 'below';
      if ([...M].some((mg) => estate.isUnder(scope.subscription, mg))) return 'below';
      return 'none';
    }
    case 'managementGroup': {
      const mg = scope.managementGroup;
      if (M.has(mg)) return 'exact';
      if ([...S].some((sub) => estate.isUnder(sub, mg))) return 'above';
      // Between management groups, the only hierarchy the fake knows is the subscriptions' ancestry chains
      // (nearest group first); without one, an unrelated group is just unrelated.
      for (const requested of M) {
        for (const sub of allKnownSubscriptions(estate)) {
          const chain = estate.ancestorsOf(sub) ?? [];
          const i = chain.indexOf(mg);
          const j = chain.indexOf(requested);
          if (i >= 0 && j >= 0) return i > j ? 'above' : 'below';
        }
      }
      return 'none';
    }
  }
}

function allKnownSubscriptions(estate: FakeEstate): string[] {
  return estate
    .table('resourcecontainers')
    .filter((r) => lower(r.type) === 'microsoft.resources/subscriptions')
    .map((r) => lower(columnValue(r, 'subscriptionId')));
}

const FILTER_RELATIONS: Record<ScopeFilter, ReadonlySet<Relation>> = {
  AtScopeAndBelow: new Set(['exact', 'below']),
  AtScopeAndAbove: new Set(['exact', 'above']),
  AtScopeAboveAndBelow: new Set(['exact', 'above', 'below']),
  AtScopeExact: new Set(['exact']),
};

function inScope(row: RawPayload, table: TableName, req: ArgRequest, estate: FakeEstate): boolean {
  if (req.subscriptions.length === 0 && req.managementGroups.length === 0) return true; // tenant scope
  if (table === 'authorizationresources') {
    const scope = authorizationRowScope(row);
    if (lower(row.type) === ROLE_DEFINITION_TYPE) {
      const idScope = parseScope(String(row.id ?? '').replace(/\/providers\/microsoft\.authorization\/.*$/i, '') || '/');
      if (idScope.level === 'root') return true;
      return relate(idScope, req, estate) !== 'none';
    }
    return FILTER_RELATIONS[req.scopeFilter].has(relate(scope, req, estate));
  }
  if (table === 'policyresources') {
    const scope = parseScope(String(row.id ?? '').replace(/\/providers\/microsoft\.authorization\/.*$/i, '') || '/');
    if (scope.level === 'root' && /definitions$/i.test(lower(row.type))) return true;
    return FILTER_RELATIONS[req.scopeFilter].has(relate(scope, req, estate));
  }
  const sub = lower(columnValue(row, 'subscriptionId'));
  if (sub) return relate({ level: 'subscription', subscription: sub, atSubscription: true }, req, estate) !== 'none';
  // Rows outside any subscription (management groups in resourcecontainers) only for their own group.
  return req.managementGroups.includes(lower(row.name));
}

export interface ArgAnswerOptions {
  pageSize: number;
  /** The `connectivityEndpoints.dev` value to advertise for a Synapse workspace. */
  devEndpoint(name: string, id: string): string;
  truncate: boolean;
  repeatSkipToken: boolean;
}

/** Rewrites a Synapse workspace row's data-plane endpoint so its data-plane calls come to the fake. */
function rewriteDevEndpoint(row: RawPayload, o: ArgAnswerOptions): RawPayload {
  if (lower(row.type) !== SYNAPSE_WORKSPACE_TYPE || typeof row.id !== 'string') return row;
  const props = row.properties;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return row;
  const name = typeof row.name === 'string' && row.name ? row.name : row.id.split('/').pop()!;
  const copy = structuredClone(row);
  const p = copy.properties as Record<string, unknown>;
  const endpoints = (p.connectivityEndpoints && typeof p.connectivityEndpoints === 'object' ? p.connectivityEndpoints : {}) as Record<string, unknown>;
  p.connectivityEndpoints = { ...endpoints, dev: o.devEndpoint(name, row.id) };
  return copy;
}

/** True when a predicate reads the whole `properties` bag or its `connectivityEndpoints`, which the fake rewrites. */
function readsRewrittenValue(p: Predicate): boolean {
  const value = (v: ValueExpr): boolean =>
    v.kind === 'column' ? v.column === 'properties' && (v.path.length === 0 || v.path[0]!.toLowerCase() === 'connectivityendpoints') : value(v.arg);
  switch (p.kind) {
    case 'and':
    case 'or':
      return readsRewrittenValue(p.left) || readsRewrittenValue(p.right);
    case 'not':
      return readsRewrittenValue(p.expr);
    case 'isnotempty':
      return value(p.arg);
    default:
      return value(p.left);
  }
}

// The kept rows of recent queries, for their follow-up pages (a page of a long query over 60,000 rows need not run
// the query again). Only a `$skipToken` request uses it; the first page always reads the estate afresh.
const keptByList = new Map<string, RawPayload[]>();

function keptRows(req: ArgRequest, estate: FakeEstate, o: ArgAnswerOptions, listKey: string): { kept: RawPayload[]; rewritten: boolean } {
  const table = req.kql.table;
  const inScopeRows = () => estate.table(table).filter((row) => inScope(row, table, req, estate));
  // A query that filters on what the fake rewrites is evaluated on the rewritten rows, as before.
  if (table === 'resources' && req.kql.where.some(readsRewrittenValue)) {
    return { kept: filterKql(req.kql, inScopeRows().map((row) => rewriteDevEndpoint(row, o))), rewritten: true };
  }
  const cached = req.skipToken !== undefined ? keptByList.get(listKey) : undefined;
  if (cached) return { kept: cached, rewritten: false };
  const kept = filterKql(req.kql, inScopeRows());
  if (keptByList.size >= 8) keptByList.delete(keptByList.keys().next().value!);
  keptByList.set(listKey, kept);
  return { kept, rewritten: false };
}

export function answerArgQuery(req: ArgRequest, estate: FakeEstate, o: ArgAnswerOptions): FakeResponse {
  // A $skipToken is only valid for the query and scopes it came from ($top may change between pages).
  const listKey = JSON.stringify([req.queryText, [...req.subscriptions].sort(), [...req.managementGroups].sort(), req.scopeFilter]);
  let offset = req.skip ?? 0;
  if (req.skipToken !== undefined) {
    const decoded = decodeToken(req.skipToken, listKey);
    if (decoded === undefined) {
      return bad('fake-azure: $skipToken is malformed or belongs to another query (send it with the same query, subscriptions and options).');
    }
    offset = decoded;
  }
  const { kept: all, rewritten } = keptRows(req, estate, o, listKey);
  const top = Math.min(req.top ?? MAX_TOP, o.pageSize);
  const page = all.slice(offset, offset + top);
  // The answer is serialised at once (server.ts `send`), so its rows may share the estate's values: no copies.
  const data = projectKql(req.kql, rewritten || req.kql.table !== 'resources' ? page : page.map((row) => rewriteDevEndpoint(row, o)), { copy: false });
  const more = offset + data.length < all.length;
  const idProjected = !req.kql.project || req.kql.project.includes('id');

  let skipToken: string | undefined;
  let truncated = false;
  if (o.repeatSkipToken) {
    skipToken = req.skipToken ?? encodeToken(listKey, offset + top);
  } else if (o.truncate) {
    truncated = true;
  } else if (more && !idProjected) {
    // ARG only pages a result that projects `id`; without it the answer is cut and flagged.
    truncated = true;
  } else if (more) {
    skipToken = encodeToken(listKey, offset + data.length);
  }
  return json({
    totalRecords: all.length,
    count: data.length,
    resultTruncated: truncated ? 'true' : 'false',
    facets: [],
    ...(skipToken !== undefined ? { $skipToken: skipToken } : {}),
    data,
  });
}
