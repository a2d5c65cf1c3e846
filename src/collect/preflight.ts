// Preflight: before a long collection, checks that the auditing identity can read what synaml reads — Azure RBAC
// actions through Resource Manager's permissions API at each audited scope, and the Synapse data plane (whose RBAC
// the permissions API cannot see) with one first-page read per list. Read-only, like everything synaml sends.
import { lastSegment, normaliseId, subscriptionOf, withoutTrailingSlashes } from '../azure/ids.js';
import { readStatusText, type DataSource } from '../estate/snapshot.js';
import type { Spec } from '../spec/types.js';
import { API_VERSIONS, readPagedList } from './arm.js';
import type { CollectContext } from './context.js';
import { runQuery } from './resource-graph.js';
import { workspaceQueries } from './queries.js';
import { toSnapshotError } from './read-errors.js';
import { DATA_PLANE_API_VERSION, dataPlaneBase } from './synapse-data-plane.js';

/**
 * Azure RBAC actions synaml needs, per kind of scope. Resource Graph's `resourcechanges` returns the change records of
 * the resources the identity can read: the workspaces' own read actions below cover them. Azure Policy rows
 * (`policyresources`) need the policy read actions at the subscription (and, for management-group assignments, at the
 * management groups above it, which the permissions API at the subscription does not show).
 */
export const REQUIRED_ACTIONS = {
  subscription: [
    'Microsoft.Resources/subscriptions/read',
    'Microsoft.Network/privateEndpoints/read',
    'Microsoft.Storage/storageAccounts/read',
    'Microsoft.Authorization/roleAssignments/read',
    'Microsoft.Authorization/roleDefinitions/read',
    'Microsoft.Authorization/policyAssignments/read',
    'Microsoft.Authorization/policyDefinitions/read',
    'Microsoft.Authorization/policySetDefinitions/read',
    'Microsoft.Authorization/policyExemptions/read',
  ],
  synapseWorkspace: [
    'Microsoft.Synapse/workspaces/read',
    'Microsoft.Synapse/workspaces/bigDataPools/read',
    'Microsoft.Synapse/workspaces/integrationRuntimes/read',
    'Microsoft.Authorization/roleAssignments/read',
  ],
  amlWorkspace: [
    'Microsoft.MachineLearningServices/workspaces/read',
    'Microsoft.MachineLearningServices/workspaces/linkedServices/read',
    'Microsoft.MachineLearningServices/workspaces/computes/read',
    'Microsoft.Authorization/roleAssignments/read',
  ],
} as const;

export interface PreflightCheck {
  /** The ARM scope checked. */
  scope: string;
  kind: 'subscription' | 'synapseWorkspace' | 'amlWorkspace' | 'synapseDataPlane';
  /** Actions (or data-plane reads) needed at this scope. */
  required: string[];
  /** What the identity lacks, in words; empty when the check passed. */
  missing: string[];
  /** Set when the check itself could not run (the scope is then not known to be readable). */
  error?: { status?: number; code?: string; message: string };
}

export interface PreflightReport {
  /** True when every check passed. */
  ok: boolean;
  checks: PreflightCheck[];
}

interface PermissionEntry {
  actions: string[];
  notActions: string[];
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Azure RBAC: an action is allowed when one permission entry grants it and that entry's notActions do not remove it. */
export function isActionAllowed(entries: readonly PermissionEntry[], action: string): boolean {
  return entries.some(
    (e) => e.actions.some((a) => patternToRegExp(a).test(action)) && !e.notActions.some((n) => patternToRegExp(n).test(action)),
  );
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

async function checkPermissions(ctx: CollectContext, scope: string, kind: keyof typeof REQUIRED_ACTIONS): Promise<PreflightCheck> {
  const required = [...REQUIRED_ACTIONS[kind]];
  const path = `${withoutTrailingSlashes(scope)}/providers/Microsoft.Authorization/permissions`.split('/').map(encodeURIComponent).join('/');
  const url = `${ctx.armEndpoint}${path}?api-version=${API_VERSIONS.permissions}`;
  try {
    const items = await ctx.limit(() => readPagedList(ctx.transport.arm, url));
    const entries = items.map((i) => ({ actions: strings(i['actions']), notActions: strings(i['notActions']) }));
    const missing = required.filter((a) => !isActionAllowed(entries, a)).map((a) => `${a} on ${describeScope(scope)}`);
    return { scope, kind, required, missing };
  } catch (error) {
    // The source only shapes toSnapshotError's `missing`, which is not used here: the check itself failed.
    const e = toSnapshotError(error, { source: 'resourceGraph.resources', scope, endpoint: ctx.armEndpoint });
    const why = readStatusText(e) || 'failed';
    return {
      scope,
      kind,
      required,
      missing: [`cannot tell: the permissions API for ${describeScope(scope)} answered ${why}`],
      error: { ...(e.status !== undefined ? { status: e.status } : {}), ...(e.code ? { code: e.code } : {}), message: e.message },
    };
  }
}

function describeScope(scope: string): string {
  const sub = /^\/subscriptions\/([^/]+)$/i.exec(scope);
  return sub ? `subscription ${sub[1]}` : lastSegment(scope);
}

const DATA_PLANE_LISTS: Array<{ source: DataSource; path: string; what: string }> = [
  { source: 'synapse.linkedServices', path: '/linkedservices', what: 'read linked services' },
  { source: 'synapse.managedPrivateEndpoints', path: '/managedVirtualNetworks/default/managedPrivateEndpoints', what: 'read managed private endpoints' },
  { source: 'synapse.roleAssignments', path: '/roleAssignments', what: 'read Synapse role assignments' },
];

async function checkDataPlane(ctx: CollectContext, id: string, row: Record<string, unknown> | undefined): Promise<PreflightCheck> {
  const required = DATA_PLANE_LISTS.map((l) => `Synapse data plane: ${l.what}`);
  const check: PreflightCheck = { scope: id, kind: 'synapseDataPlane', required, missing: [] };
  let base: string;
  try {
    base = dataPlaneBase(ctx, { id, ...(row ? { row } : {}) });
  } catch (error) {
    const e = toSnapshotError(error, { source: 'synapse.linkedServices', scope: id });
    check.missing.push(e.message);
    return check;
  }
  for (const list of DATA_PLANE_LISTS) {
    try {
      await ctx.limit(() => ctx.transport.synapse.get(`${base}${list.path}?api-version=${DATA_PLANE_API_VERSION}`));
    } catch (error) {
      const e = toSnapshotError(error, { source: list.source, scope: id, endpoint: base });
      // A workspace without a managed virtual network has no managed private endpoints to read: not a gap.
      if (list.source === 'synapse.managedPrivateEndpoints' && e.status === 404) continue;
      check.missing.push(e.missing ?? `${list.what}: ${e.message}`);
      check.error ??= { ...(e.status !== undefined ? { status: e.status } : {}), ...(e.code ? { code: e.code } : {}), message: e.message };
      if (e.missing?.startsWith('a network path')) break;
    }
  }
  return check;
}

/** The checks for every scope the spec declares; see PreflightReport. */
export async function runPreflight(ctx: CollectContext, spec: Spec, extraSubscriptions: readonly string[]): Promise<PreflightReport> {
  const synapseIds = distinctIds(spec.integrations.map((i) => i.synapse.workspaceId));
  const amlIds = distinctIds(spec.integrations.map((i) => i.machineLearning.workspaceId));
  const subscriptions = [...new Set([...synapseIds, ...amlIds].flatMap((id) => subscriptionOf(id) ?? []).concat(extraSubscriptions.map((s) => s.toLowerCase())))].sort();

  // One Resource Graph read for the workspaces' data-plane endpoints (and a check that Resource Graph answers).
  const rows = new Map<string, Record<string, unknown>>();
  const before = ctx.errors.length;
  const queries = workspaceQueries(synapseIds, []);
  ctx.progress.plan('resourceGraph', queries.length);
  for (const query of queries) {
    for (const row of await runQuery(ctx, query, subscriptions)) rows.set(normaliseId(String(row['id'])), row);
  }
  const argErrors = ctx.errors.slice(before);

  const checks = await Promise.all([
    ...subscriptions.map((s) => checkPermissions(ctx, `/subscriptions/${s}`, 'subscription')),
    ...synapseIds.map((id) => checkPermissions(ctx, id, 'synapseWorkspace')),
    ...amlIds.map((id) => checkPermissions(ctx, id, 'amlWorkspace')),
    ...synapseIds.map((id) => checkDataPlane(ctx, id, rows.get(normaliseId(id)))),
  ]);
  for (const e of argErrors) {
    const check = checks.find((c) => c.kind === 'subscription' && normaliseId(c.scope) === normaliseId(e.scope));
    if (check) {
      check.missing.push(e.missing ?? `Resource Graph: ${e.message}`);
      check.error ??= { ...(e.status !== undefined ? { status: e.status } : {}), ...(e.code ? { code: e.code } : {}), message: e.message };
    }
  }
  return { ok: checks.every((c) => c.missing.length === 0), checks };
}

export function distinctIds(ids: Iterable<string | undefined>): string[] {
  const byKey = new Map<string, string>();
  for (const id of ids) {
    if (typeof id !== 'string' || id.trim() === '') continue;
    const key = normaliseId(id);
    if (!byKey.has(key)) byKey.set(key, withoutTrailingSlashes(id.trim()));
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, id]) => id);
}
