// Turns a failed read into a snapshot error: the source and scope it covers, the HTTP status and code, a short
// redacted message, and — where it can be known — the permission or network path that was missing.
import { RestError } from '@azure/core-rest-pipeline';
import { redactSecrets } from '../errors.js';
import type { DataSource, SnapshotError } from '../estate/snapshot.js';
import { lastSegment } from '../azure/ids.js';
import { DeadlineExceededError, RequestTimeoutError, restErrorCode } from './resilience.js';

const MAX_MESSAGE = 400;

/** A read that failed with something to say about it (not a transport error). */
export class ReadError extends Error {
  override readonly name = 'ReadError';
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** DNS, connection and timeout failures: the endpoint was not reachable from here. */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'RequestTimeout',
]);

const TLS_CODE = /^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|ERR_TLS_|ERR_SSL_)/;

export function isNetworkFailure(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && (NETWORK_CODES.has(code) || TLS_CODE.test(code));
}

function codeOf(error: unknown): string | undefined {
  if (error instanceof DeadlineExceededError || error instanceof RequestTimeoutError || error instanceof ReadError) return error.code;
  return restErrorCode(error).code;
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof ReadError) return error.status;
  return restErrorCode(error).status;
}

export function cleanMessage(text: string): string {
  const oneLine = redactSecrets(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE - 1)}…` : oneLine;
}

/** What a scope is called in a sentence: the resource's name, or the subscription. */
function scopeName(scope: string): string {
  const m = /^\/subscriptions\/([^/]+)$/i.exec(scope);
  return m ? `subscription ${m[1]}` : lastSegment(scope);
}

/** The permission a 401/403 on `source` says is missing. */
function missingPermission(source: DataSource, scope: string, status: number | undefined): string | undefined {
  const where = scopeName(scope);
  switch (source) {
    case 'resourceGraph.resources':
      return `Reader (or any role with */read) on ${where}: Resource Graph returns only what the identity can read`;
    case 'resourceGraph.authorizationresources':
      return `Microsoft.Authorization/roleAssignments/read and roleDefinitions/read (e.g. Reader) on ${where}`;
    case 'resourceGraph.resourcecontainers':
      return `Reader on ${where} (subscription and management group ancestry)`;
    case 'resourceGraph.policyresources':
      return `Microsoft.Authorization/policyAssignments/read, policyDefinitions/read, policySetDefinitions/read and policyExemptions/read (e.g. Reader) on ${where} and the management groups above it`;
    case 'resourceGraph.resourcechanges':
      return `Reader (or any role with */read) on ${where}: Resource Graph returns the change records of the resources the identity can read`;
    case 'arm.integrationRuntimes':
      return `Microsoft.Synapse/workspaces/integrationRuntimes/read (e.g. Reader) on Synapse workspace ${where}`;
    case 'arm.linkedServices':
      return `Microsoft.MachineLearningServices/workspaces/linkedServices/read (e.g. Reader) on Azure Machine Learning workspace ${where}`;
    case 'arm.computes':
      return `Microsoft.MachineLearningServices/workspaces/computes/read (e.g. Reader) on Azure Machine Learning workspace ${where}`;
    case 'synapse.linkedServices':
      return status === 401
        ? `a Microsoft Entra token for the Synapse data plane that workspace ${where} accepts (same tenant, Synapse audience)`
        : `Synapse User (or any Synapse RBAC role: each includes it) on workspace ${where}, which lists linked services`;
    case 'synapse.managedPrivateEndpoints':
      return status === 401
        ? `a Microsoft Entra token for the Synapse data plane that workspace ${where} accepts (same tenant, Synapse audience)`
        : `Synapse User (or any Synapse RBAC role: each includes it) on workspace ${where}, which lists managed private endpoints`;
    case 'synapse.roleAssignments':
      return status === 401
        ? `a Microsoft Entra token for the Synapse data plane that workspace ${where} accepts (same tenant, Synapse audience)`
        : `Synapse User (or any Synapse RBAC role: each includes it) on workspace ${where}, which lists role assignments`;
  }
}

export interface FailureContext {
  source: DataSource;
  scope: string;
  /** The endpoint that was called (named in network errors; never carries a token). */
  endpoint?: string;
}

/** Builds the snapshot error for a failed read. */
export function toSnapshotError(error: unknown, context: FailureContext): SnapshotError {
  const out: SnapshotError = { source: context.source, scope: context.scope, message: '' };
  // A body the SDK could not parse: the HTTP exchange worked, the content did not (its text is not repeated here).
  if (codeOf(error) === RestError.PARSE_ERROR) {
    return { ...out, code: 'MalformedResponse', message: 'the response body is not valid JSON' };
  }
  const status = statusOf(error);
  const code = codeOf(error) ?? (status !== undefined ? `HTTP${status}` : 'ReadFailed');
  const raw = error instanceof Error ? error.message : String(error);
  if (status !== undefined) out.status = status;
  out.code = code;
  if (status === 401 || status === 403) {
    // The service's own words: status and code are fields of their own (reports print them).
    out.message = cleanMessage(raw);
    const missing = missingPermission(context.source, context.scope, status);
    if (missing) out.missing = missing;
    return out;
  }
  if (isNetworkFailure(error)) {
    const endpoint = context.endpoint ?? 'the endpoint';
    out.message = cleanMessage(`${endpoint} could not be reached (${code}): ${raw}`);
    out.missing = TLS_CODE.test(code)
      ? `a trusted TLS certificate chain for ${endpoint} (corporate proxy? set NODE_EXTRA_CA_CERTS)`
      : context.source.startsWith('synapse.')
        ? `a network path to ${endpoint} (private link / firewall)`
        : `a network path to ${endpoint}`;
    return out;
  }
  out.message = cleanMessage(status === 429 ? `throttled (HTTP 429) after the retries synaml allows: ${raw}` : raw);
  return out;
}
