// The live collectors: read the estate a spec declares from Azure (Resource Graph, Resource Manager, the Synapse
// data plane) into a snapshot of raw payloads plus per-scope errors. Read-only: only GETs and the Resource Graph
// query POST are ever sent. Everything that could not be read — permissions, network, throttling past retries,
// the deadline — is an entry in `errors`, which the rules report as `unknown`.
import type { TokenCredential } from '@azure/core-auth';
import { normaliseId, subscriptionIds, subscriptionOf } from '../azure/ids.js';
import { UsageError } from '../errors.js';
import type { ArmScopeData, RawPayload, Snapshot, SnapshotError, SynapseDataPlaneData } from '../estate/snapshot.js';
import type { Spec } from '../spec/types.js';
import { collectAmlComputes, collectAmlLinkedServices, collectCustomRoleDefinitions, collectIntegrationRuntimes, confirmMissing } from './arm.js';
import { CLOUDS, checkHttpsEndpoint, synapseSuffixOf } from './credentials.js';
import { Progress, type CollectContext, type ProgressEvent } from './context.js';
import { createLimiter } from './limiter.js';
import { distinctIds, runPreflight, type PreflightReport } from './preflight.js';
import { errorCovers, readResourceGraph, sortRows } from './resource-graph.js';
import { DEFAULT_RETRY, Deadline, formatMs, type RetrySettings } from './resilience.js';
import { collectDataPlane, type LinkedServicesRead } from './synapse-data-plane.js';
import { discover, type DiscoverScope, type Discovery } from './discover.js';
import { Transport } from './transport.js';

export { CLOUDS, NO_CREDENTIAL_HELP, StaticTokenCredential, checkHttpsEndpoint, ensureCredentials, resolveCredentials } from './credentials.js';
export type { CloudEndpoints, CloudName, ResolveCredentialsOptions, ResolvedCredentials } from './credentials.js';
export { listQueries, type ArgQuery, type QueryInputs } from './queries.js';
export type { PreflightCheck, PreflightReport } from './preflight.js';
export type { ProgressEvent } from './context.js';
export type { DiscoverScope, Discovery } from './discover.js';
export { MASK, maskSecrets } from './secrets.js';

export { useLeanHeap, LEAN_HEAP_GROWING_PERCENT } from './lean-heap.js';

export interface CollectOptions {
  credentials: { arm: TokenCredential; synapse: TokenCredential };
  /** Resource Manager / Resource Graph endpoint (default https://management.azure.com); https only. */
  armEndpoint?: string;
  /** Token scope of the Synapse data plane (default https://dev.azuresynapse.net/.default). */
  synapseScope?: string;
  /** Extra subscriptions to scope role and resource queries; default: those in the spec's IDs. */
  subscriptions?: string[];
  /** Bounded concurrency for ARM and data-plane calls and Resource Graph queries (default 8). */
  concurrency?: number;
  /** Per request attempt (default 30 s). */
  requestTimeoutMs?: number;
  /** Overall (default 10 min): what is not read by then is recorded as errors (unknown). */
  deadlineMs?: number;
  /** An extra trusted CA for tests (in-process); production uses the system store / NODE_EXTRA_CA_CERTS. */
  tls?: { ca?: string };
  onProgress?: (e: ProgressEvent) => void;
  now?: () => Date;
  /** Retry tuning (tests shorten the backoff); defaults: 5 retries, 0.8 s doubling, 30 s cap. */
  retry?: Partial<RetrySettings>;
  /** Recorded in `snapshot.scope.spec` (informational). */
  specFile?: string;
}

export const DEFAULTS = {
  concurrency: 8,
  requestTimeoutMs: 30_000,
  deadlineMs: 10 * 60_000,
} as const;

interface Setup {
  ctx: CollectContext;
  subscriptions: string[];
  dispose(): void;
}

function positive(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${what} must be a positive number, got ${value}`);
  return value;
}

function checkSynapseScope(scope: string): string {
  const url = checkHttpsEndpoint(scope, 'the Synapse token scope');
  if (!url.endsWith('/.default')) throw new UsageError(`the Synapse token scope must end with /.default, got "${scope}"`);
  return url;
}

/** The IDs a spec names: its workspaces and its `access.required` scopes (their subscriptions are queried). */
function specIds(spec: Spec): string[] {
  return spec.integrations.flatMap((i) => [
    i.synapse.workspaceId,
    i.machineLearning.workspaceId,
    ...(i.access?.required ?? []).map((r) => r.scope).filter((s) => s.startsWith('/')),
  ]);
}

function setUp(ids: readonly string[], options: CollectOptions): Setup {
  const armEndpoint = checkHttpsEndpoint(options.armEndpoint ?? CLOUDS.public.armEndpoint, '--arm-endpoint');
  const synapseScope = checkSynapseScope(options.synapseScope ?? CLOUDS.public.synapseScope);
  const deadline = new Deadline(positive(options.deadlineMs, DEFAULTS.deadlineMs, 'deadlineMs'));
  const progress = new Progress(options.onProgress);
  const transport = new Transport({
    armCredential: options.credentials.arm,
    synapseCredential: options.credentials.synapse,
    armEndpoint,
    synapseScope,
    deadline,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    requestTimeoutMs: positive(options.requestTimeoutMs, DEFAULTS.requestTimeoutMs, 'requestTimeoutMs'),
    ...(options.tls?.ca ? { extraCa: options.tls.ca } : {}),
    onThrottleWait: (ms) => progress.note('resourceGraph', `waiting ${formatMs(ms)} for the Resource Graph quota to reset`),
    onRetry: ({ url, attempt, waitMs, reason }) => {
      const phase = /\/providers\/microsoft\.resourcegraph\//i.test(url) ? 'resourceGraph' : new URL(url).host === new URL(armEndpoint).host ? 'arm' : 'synapse';
      progress.note(phase, `retry ${attempt} in ${formatMs(waitMs)} after ${reason}`);
    },
  });
  const concurrency = positive(options.concurrency, DEFAULTS.concurrency, 'concurrency');
  const ctx: CollectContext = {
    transport,
    deadline,
    limit: createLimiter(concurrency),
    queryLimit: createLimiter(concurrency),
    armEndpoint,
    synapseSuffix: synapseSuffixOf(synapseScope),
    errors: [],
    progress,
  };
  // `--subscription` takes a GUID or `/subscriptions/<GUID>`, as discovery does.
  const subscriptions = subscriptionIds([...ids.flatMap((id) => subscriptionOf(id) ?? []), ...(options.subscriptions ?? [])]);
  return {
    ctx,
    subscriptions,
    dispose: () => {
      deadline.dispose();
      transport.dispose();
    },
  };
}

function sortErrors(errors: SnapshotError[]): SnapshotError[] {
  const key = (e: SnapshotError) => [e.source, normaliseId(e.scope), e.code ?? '', e.message].join('\u0000');
  const unique = new Map<string, SnapshotError>();
  for (const e of errors) if (!unique.has(key(e))) unique.set(key(e), e);
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

function sortedRecord<T>(entries: Map<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of [...entries.keys()].sort()) out[key] = entries.get(key)!;
  return out;
}

/**
 * Reads the estate `spec` declares into a snapshot (DESIGN.md "Snapshot format"). Never throws for a read that
 * fails: it becomes an entry in `errors`. Throws UsageError for invalid options (e.g. an http endpoint).
 */
export async function collectSnapshot(spec: Spec, options: CollectOptions): Promise<Snapshot> {
  const { ctx, subscriptions, dispose } = setUp(specIds(spec), options);
  try {
    return await collectScope(ctx, options, {
      synapseIds: distinctIds(spec.integrations.map((i) => i.synapse.workspaceId)),
      amlIds: distinctIds(spec.integrations.map((i) => i.machineLearning.workspaceId)),
      accessScopes: distinctIds(spec.integrations.flatMap((i) => (i.access?.required ?? []).map((r) => r.scope).filter((s) => s.startsWith('/')))),
      subscriptions,
    });
  } finally {
    dispose();
  }
}

/** What one collection reads: the workspaces, the `access.required` scopes, and the subscriptions every query covers. */
export interface CollectScope {
  synapseIds: string[];
  amlIds: string[];
  accessScopes: string[];
  subscriptions: string[];
  /** Linked services already read (by discovery), by lower-case Synapse workspace ID: not read again. */
  linkedServices?: Map<string, LinkedServicesRead>;
}

/** The collection itself, on a context set up by the caller (spec-driven audit, or discovery). */
export async function collectScope(ctx: CollectContext, options: CollectOptions, scope: CollectScope): Promise<Snapshot> {
  const { synapseIds, amlIds, accessScopes, subscriptions } = scope;

  // A declared workspace whose row arrives (round 1, page by page) exists: its ARM and data-plane reads start at
  // once, while the rest of Resource Graph is read.
  const declaredById = new Map<string, { id: string; kind: 'synapse' | 'aml' }>([
    ...synapseIds.map((id) => [normaliseId(id), { id, kind: 'synapse' as const }] as const),
    ...amlIds.map((id) => [normaliseId(id), { id, kind: 'aml' as const }] as const),
  ]);
  const early: Array<Promise<void>> = [];
  const started = new Set<string>();
  let startRead: ((id: string, kind: 'synapse' | 'aml', row: RawPayload) => Promise<void>) | undefined;
  const pending: Array<[string, 'synapse' | 'aml', RawPayload]> = [];
  const onRows = (rows: RawPayload[]) => {
    for (const row of rows) {
      const key = normaliseId(String(row['id']));
      const declared = declaredById.get(key);
      if (!declared || started.has(key)) continue;
      started.add(key);
      if (startRead) early.push(quiet(startRead(declared.id, declared.kind, row)));
      else pending.push([declared.id, declared.kind, row]);
    }
  };
  const rg = readResourceGraph(ctx, { synapseIds, amlIds, subscriptions, accessScopes }, onRows);

  ctx.progress.plan('arm', synapseIds.length + amlIds.length * 2);
  ctx.progress.plan('synapse', synapseIds.length * 3);
  const arm = new Map<string, ArmScopeData>();
  const synapse = new Map<string, SynapseDataPlaneData>();
  const missing = new Set<string>();

  /** One ARM list of a workspace into `arm[<id>][field]`: empty for a workspace confirmed missing; a failure is recorded. */
  const readArmList = async (
    id: string,
    field: keyof ArmScopeData,
    what: string,
    read: (ctx: CollectContext, id: string) => Promise<RawPayload[] | SnapshotError>,
  ) => {
    const key = normaliseId(id);
    const result = missing.has(key) ? [] : await read(ctx, id);
    if (Array.isArray(result)) arm.set(key, { ...arm.get(key), [field]: result });
    else ctx.errors.push(result);
    ctx.progress.step('arm', `${what} of ${id.split('/').pop()}`);
  };
  const readSynapse = async (id: string, row: RawPayload | undefined) => {
    const key = normaliseId(id);
    await Promise.all([
      readArmList(id, 'integrationRuntimes', 'integration runtimes', collectIntegrationRuntimes),
      (async () => {
        if (missing.has(key)) {
          synapse.set(key, { linkedServices: [], managedPrivateEndpoints: [], roleAssignments: [] });
          for (let i = 0; i < 3; i++) ctx.progress.step('synapse');
          return;
        }
        const prefetched = scope.linkedServices?.get(key);
        const { data, errors } = await collectDataPlane(ctx, { id, ...(row ? { row } : {}), ...(prefetched ? { linkedServices: prefetched } : {}) });
        synapse.set(key, data);
        ctx.errors.push(...errors);
      })(),
    ]);
  };
  const readAml = async (id: string) => {
    await Promise.all([
      readArmList(id, 'linkedServices', 'AML-side linked services', collectAmlLinkedServices),
      readArmList(id, 'computes', 'computes', collectAmlComputes),
    ]);
  };

  // Workspaces the first round found exist: their ARM and data-plane reads run while Resource Graph's later rounds
  // wait for the quota. The others are settled once every round is in (an error recorded for their scope means
  // unknown, not missing); Resource Manager decides whether they exist.
  const declared = [...synapseIds.map((id) => [id, 'synapse'] as const), ...amlIds.map((id) => [id, 'aml'] as const)];
  startRead = (id, kind, row) => (kind === 'synapse' ? readSynapse(id, row) : readAml(id));
  for (const [id, kind, row] of pending.splice(0)) early.push(quiet(startRead(id, kind, row)));
  const first = await rg.firstRound;
  onRows([...first.resourceRows.values()]);
  const [rgData] = await Promise.all([
    rg.done,
    ...early,
    (async () => {
      const data = await rg.done;
      const rest = declared.filter(([id]) => !started.has(normaliseId(id)));
      await Promise.all(
        rest
          .filter(([id]) => !data.resourceRows.has(normaliseId(id)) && !errorCovers(ctx.errors, 'resourceGraph.resources', id))
          .map(async ([id, kind]) => {
            const existence = await confirmMissing(ctx, id, kind);
            if (existence === 'missing') missing.add(normaliseId(id));
            else ctx.errors.push(existence);
          }),
      );
      await Promise.all(rest.map(([id, kind]) => (kind === 'synapse' ? readSynapse(id, data.resourceRows.get(normaliseId(id))) : readAml(id))));
    })(),
  ]);
  const customRoles = await collectCustomRoleDefinitions(ctx, rgData.missingRoleDefinitions, subscriptions[0]);
  ctx.errors.push(...customRoles.errors);

  return {
    synamlSnapshot: 1,
    capturedAt: (options.now?.() ?? new Date()).toISOString(),
    scope: { subscriptions, ...(options.specFile ? { spec: options.specFile } : {}) },
    resourceGraph: {
      resources: rgData.resources,
      authorizationresources: sortRows(dedupeRows([...rgData.authorizationresources, ...customRoles.rows])),
      resourcecontainers: rgData.resourcecontainers,
      policyresources: rgData.policyresources,
      resourcechanges: rgData.resourcechanges,
    },
    arm: sortedRecord(new Map([...arm].map(([key, data]) => [key, inKeyOrder(data)]))),
    synapse: sortedRecord(synapse),
    errors: sortErrors(ctx.errors),
  };
}

/** An ARM scope's lists in one key order, whichever read finished first: a snapshot is byte-stable. */
function inKeyOrder(data: ArmScopeData): ArmScopeData {
  const out: ArmScopeData = {};
  if (data.integrationRuntimes) out.integrationRuntimes = data.integrationRuntimes;
  if (data.linkedServices) out.linkedServices = data.linkedServices;
  if (data.computes) out.computes = data.computes;
  return out;
}

/** The same promise, marked handled: it is awaited later with the others, and must not count as unhandled meanwhile. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function dedupeRows(rows: RawPayload[]): RawPayload[] {
  const byId = new Map<string, RawPayload>();
  for (const row of rows) {
    const key = normaliseId(String(row['id']));
    if (!byId.has(key)) byId.set(key, row);
  }
  return [...byId.values()];
}

/**
 * `synaml init --from-live`: discovers the Synapse workspaces with an AzureMLService linked service in the scope (see
 * discover.ts) and collects what their integrations need. Never throws for a read that fails: it is in the snapshot's
 * `errors`, and a scope that could not be searched is also in `gaps`.
 */
export async function discoverSnapshot(scope: DiscoverScope, options: CollectOptions): Promise<Discovery> {
  const { ctx, dispose } = setUp([], { ...options, subscriptions: [] });
  try {
    return await discover(ctx, scope, (input) => collectScope(ctx, options, { ...input, accessScopes: [] }));
  } finally {
    dispose();
  }
}

/**
 * Checks, before collecting, that the identity can read every scope the spec declares: Azure RBAC actions through
 * Resource Manager's permissions API, and the Synapse data plane with one first-page read per list. Read-only.
 */
export async function preflight(spec: Spec, options: CollectOptions): Promise<PreflightReport> {
  const { ctx, subscriptions, dispose } = setUp(specIds(spec), options);
  try {
    return await runPreflight(ctx, spec, subscriptions);
  } finally {
    dispose();
  }
}
