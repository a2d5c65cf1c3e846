// The fake's read-only view of a snapshot: lookups by ID and name, and where a row sits in the scope hierarchy.
import type { RawPayload, Snapshot } from '../../src/estate/snapshot.js';
import { columnValue, type TableName } from './kql.js';

export const SYNAPSE_WORKSPACE_TYPE = 'microsoft.synapse/workspaces';
export const AML_WORKSPACE_TYPE = 'microsoft.machinelearningservices/workspaces';
export const ROLE_DEFINITION_TYPE = 'microsoft.authorization/roledefinitions';

/** Where a row (or a request path) sits: the tenant root, a management group, or inside a subscription. */
export type ScopeRef =
  | { level: 'root' }
  | { level: 'managementGroup'; managementGroup: string }
  | { level: 'subscription'; subscription: string; /** true for the subscription itself, false below it */ atSubscription: boolean };

export function lower(s: unknown): string {
  return typeof s === 'string' ? s.toLowerCase() : '';
}

/** Lower-case, one leading slash, no trailing slash. */
export function normaliseId(id: string): string {
  const t = id.trim().toLowerCase().replace(/\/+$/, '');
  return t.startsWith('/') ? t : `/${t}`;
}

export function subscriptionOfId(id: string): string | undefined {
  return /^\/?subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase();
}

export function parseScope(scope: string): ScopeRef {
  const s = normaliseId(scope);
  if (s === '/') return { level: 'root' };
  const mg = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/.exec(s);
  if (mg) return { level: 'managementGroup', managementGroup: mg[1]! };
  const sub = /^\/subscriptions\/([^/]+)(\/.*)?$/.exec(s);
  if (sub) return { level: 'subscription', subscription: sub[1]!, atSubscription: sub[2] === undefined };
  // Anything else (e.g. a management group's child path) is treated as the root: the widest, safest reading.
  return { level: 'root' };
}

/**
 * The scope an `authorizationresources` row applies at: `properties.scope` for assignments, else the part of its
 * ID before `/providers/Microsoft.Authorization/` (role definitions, classic administrators, …).
 */
// Parsed scopes of rows, re-parsed whenever the row's scope string changes (60,000 rows are scoped on every query).
const rowScopes = new WeakMap<RawPayload, { scope: string; ref: ScopeRef }>();

export function authorizationRowScope(row: RawPayload): ScopeRef {
  const props = row.properties as Record<string, unknown> | undefined;
  if (typeof props?.scope === 'string') {
    const known = rowScopes.get(row);
    if (known && known.scope === props.scope) return known.ref;
    const ref = parseScope(props.scope);
    rowScopes.set(row, { scope: props.scope, ref });
    return ref;
  }
  const id = typeof row.id === 'string' ? row.id : '';
  const cut = id.toLowerCase().indexOf('/providers/microsoft.authorization/');
  return parseScope(cut <= 0 ? '/' : id.slice(0, cut));
}

export interface WorkspaceRef {
  id: string;
  name: string;
}

export class FakeEstate {
  private readonly synapseByName = new Map<string, WorkspaceRef>();
  private readonly resourceTypes = new Map<string, string>();
  private readonly ancestry = new Map<string, string[]>();

  constructor(readonly snapshot: Snapshot) {
    for (const row of snapshot.resourceGraph.resources ?? []) {
      if (typeof row.id !== 'string') continue;
      this.resourceTypes.set(normaliseId(row.id), lower(row.type));
      if (lower(row.type) === SYNAPSE_WORKSPACE_TYPE) this.addSynapse(row.id);
    }
    // Data-plane data can exist for a workspace whose ARG row was not recorded; it is still served.
    for (const id of Object.keys(snapshot.synapse ?? {})) this.addSynapse(id);
    for (const row of snapshot.resourceGraph.resourcecontainers ?? []) {
      const chain = (row.properties as Record<string, unknown> | undefined)?.managementGroupAncestorsChain;
      const sub = lower(columnValue(row, 'subscriptionId'));
      if (lower(row.type) === 'microsoft.resources/subscriptions' && sub && Array.isArray(chain)) {
        this.ancestry.set(
          sub,
          chain.map((mg) => lower((mg as Record<string, unknown>).name)).filter((n) => n !== ''),
        );
      }
    }
  }

  private addSynapse(id: string): void {
    const name = lower(id.replace(/\/+$/, '').split('/').pop());
    if (name && !this.synapseByName.has(name)) this.synapseByName.set(name, { id, name });
  }

  /** Synapse workspace names are globally unique, so the data plane is addressed by name, as in Azure. */
  synapseWorkspace(name: string): WorkspaceRef | undefined {
    return this.synapseByName.get(name.toLowerCase());
  }

  /** True when a resource of this type is in the snapshot: as an ARG row, or as a key of the ARM section. */
  resourceExists(id: string, type: string, armSection: 'integrationRuntimes' | 'linkedServices' | 'computes'): boolean {
    const key = normaliseId(id);
    if (this.resourceTypes.get(key) === type) return true;
    return this.snapshot.arm?.[key]?.[armSection] !== undefined;
  }

  table(table: TableName): RawPayload[] {
    return this.snapshot.resourceGraph[table] ?? [];
  }

  /**
   * Management groups above a subscription, nearest first (from `resourcecontainers`'
   * `properties.managementGroupAncestorsChain`), or undefined when the snapshot does not say.
   */
  ancestorsOf(subscription: string): string[] | undefined {
    return this.ancestry.get(subscription.toLowerCase());
  }

  /**
   * Whether a subscription sits under a management group. When the snapshot records no ancestry at all the fake
   * cannot tell, and says yes (inclusive); when it records some, a subscription it does not know is under none.
   */
  isUnder(subscription: string, managementGroup: string): boolean {
    const chain = this.ancestorsOf(subscription);
    if (chain) return chain.includes(managementGroup.toLowerCase());
    return this.ancestry.size === 0;
  }
}
