// Resource Manager reads that Resource Graph does not cover: Synapse integration runtimes, AML-side (SDK v1) linked
// services, AML computes (attached Synapse Spark pools), and custom role definitions that Resource Graph did not return.
// Each failure is recorded for its scope.
import type { FullOperationResponse } from '@azure/core-client';
import { subscriptionOf, withoutTrailingSlashes } from '../azure/ids.js';
import { AZURE_ROLES } from '../estate/roles.js';
import type { RawPayload, SnapshotError } from '../estate/snapshot.js';
import type { CollectContext } from './context.js';
import { ReadError, toSnapshotError } from './read-errors.js';
import { restErrorCode } from './resilience.js';
import { maskSecrets } from './secrets.js';
import type { JsonReader } from './transport.js';

export const API_VERSIONS = {
  integrationRuntimes: '2021-06-01',
  amlLinkedServices: '2020-09-01-preview',
  /** The newest stable Microsoft.MachineLearningServices version (specification/machinelearningservices, stable/2025-12-01). */
  amlComputes: '2025-12-01',
  synapseWorkspace: '2021-06-01',
  amlWorkspace: '2024-10-01',
  permissions: '2022-04-01',
} as const;

/** A guard against a list whose nextLink never ends. */
const MAX_PAGES = 1000;

function isObject(value: unknown): value is RawPayload {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads every page of an ARM-style list (`{value, nextLink}`). A nextLink must stay on the origin of the first
 * request (a token is never sent elsewhere) and must not repeat.
 */
export async function readPagedList(reader: JsonReader, firstUrl: string): Promise<RawPayload[]> {
  const origin = new URL(firstUrl).origin;
  const items: RawPayload[] = [];
  const seen = new Set<string>();
  let url: string | undefined = firstUrl;
  for (let page = 0; url !== undefined; page++) {
    if (page >= MAX_PAGES) throw new ReadError(`the list kept paging past ${MAX_PAGES} pages`, 'TooManyPages');
    seen.add(url);
    const { body } = await reader.get(url);
    const value = body['value'];
    if (!Array.isArray(value)) throw new ReadError('the answer is not a list (no "value" array)', 'MalformedResponse');
    items.push(...value.filter(isObject));
    const next = typeof body['nextLink'] === 'string' && body['nextLink'].trim() !== '' ? body['nextLink'].trim() : undefined;
    if (next === undefined) break;
    let nextUrl: URL;
    try {
      nextUrl = new URL(next, url);
    } catch {
      throw new ReadError('the nextLink is not a URL', 'MalformedResponse');
    }
    if (nextUrl.origin !== origin) throw new ReadError(`the nextLink points to another host (${nextUrl.origin}); synaml does not follow it`, 'UntrustedNextLink');
    if (seen.has(nextUrl.href)) throw new ReadError('the nextLink repeats a page already read: paging would never end', 'RepeatedNextLink');
    url = nextUrl.href;
  }
  return items;
}

/** Items sorted by name (then id), so a snapshot is byte-stable. */
export function sortByName(items: RawPayload[]): RawPayload[] {
  const key = (i: RawPayload) => `${String(i['name'] ?? '').toLowerCase()}\u0000${String(i['id'] ?? '').toLowerCase()}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function armUrl(ctx: CollectContext, id: string, suffix: string, apiVersion: string): string {
  const path = `${withoutTrailingSlashes(id)}${suffix}`.split('/').map(encodeURIComponent).join('/');
  return `${ctx.armEndpoint}${path}?api-version=${apiVersion}`;
}

/** `GET {workspace}/integrationRuntimes`: every page. */
export async function collectIntegrationRuntimes(ctx: CollectContext, synapseId: string): Promise<RawPayload[] | SnapshotError> {
  const url = armUrl(ctx, synapseId, '/integrationRuntimes', API_VERSIONS.integrationRuntimes);
  try {
    const items = await ctx.limit(() => readPagedList(ctx.transport.arm, url));
    return sortByName(items.map(maskSecrets));
  } catch (error) {
    return toSnapshotError(error, { source: 'arm.integrationRuntimes', scope: synapseId, endpoint: ctx.armEndpoint });
  }
}

/** The `properties.computeType` of an attached Synapse Spark pool (swagger definition `SynapseSpark`). */
export const SYNAPSE_SPARK_COMPUTE_TYPE = 'SynapseSpark';

const isSynapseSpark = (compute: RawPayload): boolean => {
  const properties = compute['properties'];
  return isObject(properties) && typeof properties['computeType'] === 'string' && properties['computeType'].toLowerCase() === SYNAPSE_SPARK_COMPUTE_TYPE.toLowerCase();
};

/**
 * `GET {aml workspace}/computes`: every page, following each nextLink verbatim (the service's own example answers with a
 * nextLink of another api-version). Computes are not in Resource Graph. Only the attached Synapse Spark pools are kept:
 * the other compute types are not synaml's business, and some carry credentials (VM admin accounts, Databricks tokens).
 */
export async function collectAmlComputes(ctx: CollectContext, amlId: string): Promise<RawPayload[] | SnapshotError> {
  const url = armUrl(ctx, amlId, '/computes', API_VERSIONS.amlComputes);
  try {
    const items = await ctx.limit(() => readPagedList(ctx.transport.arm, url));
    return sortByName(items.filter(isSynapseSpark).map(maskSecrets));
  } catch (error) {
    return toSnapshotError(error, { source: 'arm.computes', scope: amlId, endpoint: ctx.armEndpoint });
  }
}

/** Answers meaning "this deprecated preview API is not there": an empty list, not an error. */
const API_GONE_CODES = new Set([
  'noregisteredproviderfound',
  'invalidapiversionparameter',
  'invalidresourcetype',
  'unsupportedapiversion',
  'apiversionnotsupported',
  'resourcetypenotsupported',
  'notsupported',
]);

/**
 * `GET {aml workspace}/linkedServices` (api 2020-09-01-preview). The API is deprecated: a 404 or an answer that the
 * API or version is not there means no SDK v1 link can exist, which is recorded as an empty list.
 */
export async function collectAmlLinkedServices(ctx: CollectContext, amlId: string): Promise<RawPayload[] | SnapshotError> {
  const url = armUrl(ctx, amlId, '/linkedServices', API_VERSIONS.amlLinkedServices);
  try {
    const items = await ctx.limit(() => readPagedList(ctx.transport.arm, url));
    return sortByName(items.map(maskSecrets));
  } catch (error) {
    const { status, code } = error instanceof ReadError ? { status: error.status, code: error.code } : restErrorCode(error);
    if (status === 404 || (status !== undefined && status >= 400 && status < 500 && code && API_GONE_CODES.has(code.toLowerCase()))) return [];
    return toSnapshotError(error, { source: 'arm.linkedServices', scope: amlId, endpoint: ctx.armEndpoint });
  }
}

const KNOWN_BUILT_IN: ReadonlySet<string> = new Set(Object.values(AZURE_ROLES).map((r) => r.guid));

/**
 * Role definitions referenced by assignments that Resource Graph did not return (custom roles), read with
 * @azure/arm-authorization and stored as Resource Graph rows (`type` lower-cased). Built-in roles synaml knows by
 * GUID are not fetched. A definition that no longer exists (404) is skipped; any other failure is recorded against
 * the assignment's scope, because without the definition its permissions are unknown.
 */
export async function collectCustomRoleDefinitions(
  ctx: CollectContext,
  missing: Map<string, { roleDefinitionId: string; scope: string }>,
  fallbackSubscription: string | undefined,
): Promise<{ rows: RawPayload[]; errors: SnapshotError[] }> {
  const wanted = [...missing].filter(([guid]) => !KNOWN_BUILT_IN.has(guid));
  ctx.progress.plan('arm', wanted.length);
  const results = await Promise.all(
    wanted.map(async ([guid, ref]) => {
      const marker = ref.roleDefinitionId.toLowerCase().indexOf('/providers/microsoft.authorization/');
      let scope = marker > 0 ? ref.roleDefinitionId.slice(0, marker) : '';
      if (scope === '') {
        const sub = subscriptionOf(ref.scope) ?? fallbackSubscription;
        scope = sub ? `/subscriptions/${sub}` : '';
      }
      const subscription = subscriptionOf(scope) ?? fallbackSubscription;
      try {
        if (!subscription && scope === '') throw new ReadError('no subscription to read the role definition in', 'NoScope');
        let raw: unknown;
        await ctx.limit(() =>
          ctx.transport.authorization(subscription ?? '00000000-0000-0000-0000-000000000000').roleDefinitions.get(scope.replace(/^\/+/, ''), guid, {
            abortSignal: ctx.deadline.signal,
            onResponse: (response: FullOperationResponse) => {
              try {
                raw = response.bodyAsText ? JSON.parse(response.bodyAsText) : response.parsedBody;
              } catch {
                raw = undefined;
              }
            },
          }),
        );
        if (!isObject(raw) || typeof raw['id'] !== 'string') throw new ReadError('the role definition answer is not a JSON object with an id', 'MalformedResponse');
        const row: RawPayload = {
          id: raw['id'],
          name: typeof raw['name'] === 'string' ? raw['name'] : guid,
          type: String(raw['type'] ?? 'microsoft.authorization/roledefinitions').toLowerCase(),
          properties: isObject(raw['properties']) ? raw['properties'] : {},
        };
        return { row };
      } catch (error) {
        if (restErrorCode(error).status === 404) return {};
        const recorded = toSnapshotError(error, { source: 'resourceGraph.authorizationresources', scope: withoutTrailingSlashes(ref.scope) || '/', endpoint: ctx.armEndpoint });
        return { error: { ...recorded, message: `role definition ${guid}: ${recorded.message}` } };
      } finally {
        ctx.progress.step('arm', `role definition ${guid}`);
      }
    }),
  );
  return {
    rows: results.flatMap((r) => (r.row ? [r.row] : [])),
    errors: results.flatMap((r) => (r.error ? [r.error] : [])),
  };
}

/** `missing` (Resource Manager answered 404), or why the workspace's existence cannot be settled. */
export type Existence = 'missing' | SnapshotError;

/**
 * Resource Graph returns only what the identity can read, so a declared workspace it did not return may exist
 * after all. Resource Manager decides: 404 means missing; a 403 or any other failure is recorded (unknown), and a
 * workspace Resource Manager has but Resource Graph lacks (indexing lag) is recorded too, so no rule reports it
 * as missing on incomplete data.
 */
export async function confirmMissing(ctx: CollectContext, id: string, kind: 'synapse' | 'aml'): Promise<Existence> {
  const url = armUrl(ctx, id, '', kind === 'synapse' ? API_VERSIONS.synapseWorkspace : API_VERSIONS.amlWorkspace);
  try {
    await ctx.limit(() => ctx.transport.arm.get(url));
    return {
      source: 'resourceGraph.resources',
      scope: id,
      code: 'NotInResourceGraph',
      message: 'Resource Manager has this workspace but Resource Graph did not return it (created or moved in the last minutes?); run again later',
    };
  } catch (error) {
    const { status } = error instanceof ReadError ? { status: error.status } : restErrorCode(error);
    if (status === 404) return 'missing';
    return toSnapshotError(error, { source: 'resourceGraph.resources', scope: id, endpoint: ctx.armEndpoint });
  }
}
