// Public types of the fake Azure: options, recorded requests and the fault-injection vocabulary.
import type { Snapshot } from '../../src/estate/snapshot.js';
import type { TableName } from './kql.js';

export type Route = 'arg' | 'arm' | 'dataplane' | 'unknown';

/** What a request asked for; faults can match on it. */
export type Operation =
  | 'query' // ARG POST /providers/Microsoft.ResourceGraph/resources
  | 'integrationRuntimes' // ARM: Synapse workspace integration runtimes
  | 'amlLinkedServices' // ARM: AML-side (SDK v1) linked services
  | 'amlComputes' // ARM: AML workspace computes (attached Synapse Spark pools among them)
  | 'roleDefinitions' // ARM: Microsoft.Authorization/roleDefinitions (get or list)
  | 'permissions' // ARM: Microsoft.Authorization/permissions
  | 'linkedServices' // data plane
  | 'managedPrivateEndpoints' // data plane
  | 'roleAssignments' // data plane (Synapse RBAC)
  | 'unknown';

/** Which token a request carried. Token values are never recorded. */
export type Audience = 'arm' | 'synapse' | 'unknown' | 'none';

export interface RecordedRequest {
  method: string;
  /** URL path as sent (not decoded, not lower-cased). */
  path: string;
  /** Query parameters (for a repeated parameter, the last value). */
  query: Record<string, string>;
  /** The Host header the client sent. */
  host: string | undefined;
  /** Request headers, lower-case names, without `authorization` and `cookie`. */
  headers: Record<string, string>;
  /** Parsed JSON for a JSON body, the raw text otherwise, undefined when there was no body. */
  body: unknown;
  route: Route;
  operation: Operation;
  audience: Audience;
  /** Status sent; 0 while unanswered and for connections a fault reset or hung. */
  status: number;
  /** The fault that shaped the answer, if any. */
  fault?: FaultAction['kind'];
  /** Epoch milliseconds when the request arrived. */
  time: number;
  /** Set when the fake itself failed while answering (a bug in the fake, answered 500). */
  error?: string;
  /** ARG queries answered 200: the rows in the page (the scale benchmark counts them). */
  rows?: number;
}

export interface Quota {
  perWindow: number;
  windowMs: number;
  /** Send `Retry-After` (seconds) on a 429. Default true; ARG sometimes omits it, so test both. */
  retryAfter?: boolean;
}

/** One `{actions, notActions, dataActions, notDataActions}` entry of the ARM permissions API. */
export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** Which requests a fault applies to. Every given field must match; an empty match matches everything. */
export interface FaultMatch {
  route?: 'arg' | 'arm' | 'dataplane';
  operation?: Operation;
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Case-insensitive substring of the request path. */
  pathIncludes?: string;
  /** Case-insensitive substring of the decoded query string (e.g. `$skip=` for the pages after the first). */
  queryIncludes?: string;
  /**
   * A Synapse or AML workspace, by name or full ARM ID (case-insensitive): the workspace of a data-plane request,
   * or the workspace in an ARM path. Never matches an ARG query (ARG requests are per subscription).
   */
  workspace?: string;
  /**
   * A subscription ID. ARG: the request's `subscriptions` include it. ARM: it is the subscription in the path.
   * Data plane: it is the subscription of the workspace.
   */
  subscription?: string;
  /** ARG only: the table the query reads. */
  table?: TableName;
}

export type FaultAction =
  /** Answer with this status and an Azure error body `{error: {code, message}}`. */
  | { kind: 'status'; status: number; code?: string; message?: string; headers?: Record<string, string> }
  /**
   * 429 with `x-ms-user-quota-remaining: 0`, `x-ms-user-quota-resets-after`, and `Retry-After` unless
   * `retryAfterSeconds` is null. Defaults: Retry-After 1 s, resets-after = Retry-After (or 1 s).
   */
  | { kind: 'throttle'; retryAfterSeconds?: number | null; resetsAfterSeconds?: number }
  /** Destroy the connection without an answer (the client sees ECONNRESET / socket hang up). */
  | { kind: 'reset' }
  /** Never answer; the connection stays open until the client gives up or `stop()`. */
  | { kind: 'hang' }
  /** Send the normal answer's headers at once, then its body a byte at a time spread over `durationMs`. */
  | { kind: 'slowDrip'; durationMs: number }
  /** 200 with the normal answer's JSON cut in half (a well-formed HTTP response whose body does not parse). */
  | { kind: 'malformedJson' }
  /** ARG only: the first page, `resultTruncated: "true"` and no `$skipToken`. */
  | { kind: 'resultTruncated' }
  /** ARG only: every page comes back with the same `$skipToken` and the same rows, forever. */
  | { kind: 'repeatSkipToken' }
  /**
   * Not a request fault: while active, ARG rows of the matching Synapse workspaces (match.workspace, or all) carry
   * `connectivityEndpoints.dev = https://<name>.dev.azuresynapse.invalid`, a name that can never resolve
   * (RFC 6761 `.invalid`), so the collector sees a DNS failure. `times` counts ARG answers that carried it.
   */
  | { kind: 'dns' }
  /** ARM permissions only: answer the permissions API with these entries instead of the default `*\/read`. */
  | { kind: 'permissions'; permissions: Permission[] };

export interface Fault {
  match?: FaultMatch;
  /** How many matching requests it applies to; default: forever (until clearFaults). */
  times?: number;
  fault: FaultAction;
}

export interface FakeAzureOptions {
  snapshot: Snapshot;
  /** Delay before every answer, in ms (default 0). */
  latencyMs?: number;
  /** ARG quota, enforced per caller (token). Default: none enforced. */
  quota?: Quota;
  /**
   * Server-side page size: ARG returns at most min($top, pageSize) rows a page (default 1000); ARM and data-plane
   * lists return pageSize items a page (default 50).
   */
  pageSize?: number;
  /** When set, ARM and ARG accept only this bearer token. */
  armToken?: string;
  /** When set, the Synapse data plane accepts only this bearer token. */
  synapseToken?: string;
  /** Replay the snapshot's `errors` as HTTP errors on the matching routes (default true). */
  replaySnapshotErrors?: boolean;
}

export interface FakeAzure {
  /** `https://127.0.0.1:<port>`: the ARM / Resource Graph endpoint. */
  readonly url: string;
  /** The per-process self-signed certificate to trust (client TLS `ca`, or NODE_EXTRA_CA_CERTS). */
  readonly caCertPem: string;
  /** The same PEM in a temp file. */
  readonly caCertFile: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Every request that would write (any method but GET, except the ARG query POST); all answered 405. */
  readonly writes: RecordedRequest[];
  /** How many 429s were sent (quota and throttle faults). */
  readonly throttled: number;
  inject(fault: Fault): void;
  clearFaults(): void;
  setQuota(q: Quota | undefined): void;
  setLatency(ms: number): void;
  /** The data-plane base URL the fake advertises for a Synapse workspace (what `connectivityEndpoints.dev` says). */
  dataPlaneUrl(workspaceName: string): string;
  stop(): Promise<void>;
}
