// `synaml init --from-live`: discovery. Finds every Synapse workspace in the given subscriptions and management groups
// (or, with neither, in every subscription the identity can read) through Resource Graph, reads each one's linked
// services from the Synapse data plane, and keeps the workspaces that have one of type AzureMLService — and those whose
// linked services could not be read, so the draft can list them instead of leaving them out silently. Then it collects
// what those integrations need exactly as an audit does (collectScope), into one snapshot. Read-only, like every
// collector: the only requests are GETs and the Resource Graph query POST.
import { normaliseId, subscriptionIds, subscriptionOf } from '../azure/ids.js';
import { amlWorkspaceIdOf, AZURE_ML_LINKED_SERVICE_TYPE } from '../engine/linked-services.js';
import type { SynapseLinkedService } from '../estate/model.js';
import { toSynapseLinkedService } from '../estate/normalise.js';
import type { Snapshot, SnapshotError } from '../estate/snapshot.js';
import { synapseDiscoveryQuery } from './queries.js';
import { managementGroupNames, runScopedQuery } from './resource-graph.js';
import { readLinkedServices, type LinkedServicesRead } from './synapse-data-plane.js';
import type { CollectContext } from './context.js';

export interface DiscoverScope {
  /** Subscription IDs to search. */
  subscriptions?: string[];
  /** Management group IDs (names, or `/providers/Microsoft.Management/managementGroups/<name>`) to search. */
  managementGroups?: string[];
}

export interface Discovery {
  /** What the drafted integrations need, collected as an audit collects it; discovery's own failures are in `errors`. */
  snapshot: Snapshot;
  /** Synapse workspaces Resource Graph returned in the scope. */
  workspaces: number;
  /** Of those, the ones with an AzureMLService linked service. */
  withAzureMl: number;
  /** Of those, the ones whose linked services could not be read (in the snapshot, with the reason). */
  unreadable: number;
  /** Scopes that could not be searched (a subscription, a management group, or the tenant root `/`). */
  gaps: SnapshotError[];
}

/**
 * The discovery steps on a context set up by the caller; `collect` is collectScope bound to the same context, so the
 * deadline, the concurrency limits and the Resource Graph quota pacing are shared by the whole run.
 */
export async function discover(
  ctx: CollectContext,
  scope: DiscoverScope,
  collect: (input: { synapseIds: string[]; amlIds: string[]; subscriptions: string[]; linkedServices: Map<string, LinkedServicesRead> }) => Promise<Snapshot>,
): Promise<Discovery> {
  const subscriptions = subscriptionIds(scope.subscriptions ?? []);
  const managementGroups = managementGroupNames(scope.managementGroups ?? []);

  ctx.progress.note('resourceGraph', 'discovering Synapse workspaces');
  const rows = await runScopedQuery(ctx, synapseDiscoveryQuery(), { subscriptions, managementGroups });
  const gaps = [...ctx.errors];

  // Each workspace's linked services, concurrently within --concurrency; the reads are handed on, not repeated.
  ctx.progress.plan('synapse', rows.length, 'linked services of the discovered workspaces');
  const reads = new Map<string, LinkedServicesRead>();
  await Promise.all(
    rows.map(async (row) => {
      const id = String(row['id']);
      reads.set(normaliseId(id), await readLinkedServices(ctx, { id, row }));
      ctx.progress.step('synapse', `linked services of ${String(row['name'] ?? id)}`);
    }),
  );

  const synapseIds: string[] = [];
  const amlIds = new Map<string, string>();
  let withAzureMl = 0;
  let unreadable = 0;
  for (const row of rows) {
    const id = String(row['id']);
    const read = reads.get(normaliseId(id))!;
    if ('error' in read) {
      synapseIds.push(id);
      unreadable += 1;
      continue;
    }
    const azureMl = read.items
      .map(toSynapseLinkedService)
      .filter((ls): ls is SynapseLinkedService => ls !== undefined && ls.type.toLowerCase() === AZURE_ML_LINKED_SERVICE_TYPE.toLowerCase());
    if (azureMl.length === 0) continue;
    synapseIds.push(id);
    withAzureMl += 1;
    for (const ls of azureMl) {
      const target = amlWorkspaceIdOf(ls);
      if (target && !amlIds.has(normaliseId(target))) amlIds.set(normaliseId(target), target);
    }
  }

  // Role and resource queries cover every subscription searched, and those the drafted workspaces live in.
  const ids = [...synapseIds, ...amlIds.values()];
  const auditedSubscriptions = subscriptionIds([...subscriptions, ...ids.flatMap((id) => subscriptionOf(id) ?? [])]);
  const snapshot = await collect({ synapseIds, amlIds: [...amlIds.values()], subscriptions: auditedSubscriptions, linkedServices: reads });
  snapshot.scope = { subscriptions: auditedSubscriptions, ...(managementGroups.length > 0 ? { managementGroups } : {}) };
  return { snapshot, workspaces: rows.length, withAzureMl, unreadable, gaps };
}
