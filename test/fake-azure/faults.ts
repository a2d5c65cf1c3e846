// Fault injection: which requests a fault applies to, how many times, and snapshot errors replayed as faults.
import type { DataSource, SnapshotError } from '../../src/estate/snapshot.js';
import { defaultErrorCode } from './http.js';
import { normaliseId, parseScope } from './estate.js';
import type { RouteInfo } from './routes.js';
import type { Fault, FaultAction, FaultMatch, Operation } from './types.js';

interface Entry {
  match: FaultMatch & { /** internal: an ARM ID prefix (snapshot error scopes) */ idPrefix?: string };
  action: FaultAction;
  remaining: number;
}

function sameWorkspace(want: string, info: RouteInfo): boolean {
  const w = want.toLowerCase();
  if (w.startsWith('/')) return info.workspaceId !== undefined && normaliseId(info.workspaceId) === normaliseId(w);
  return info.workspaceName?.toLowerCase() === w;
}

function matches(e: Entry, info: RouteInfo, method: string, path: string, search: string): boolean {
  const m = e.match;
  // Faults that only make sense for one kind of request never fire (or count) on another.
  if ((e.action.kind === 'resultTruncated' || e.action.kind === 'repeatSkipToken') && info.route !== 'arg') return false;
  if (e.action.kind === 'permissions' && info.operation !== 'permissions') return false;
  if (e.action.kind === 'dns') return false;
  if (m.route && m.route !== info.route) return false;
  if (m.operation && m.operation !== info.operation) return false;
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.pathIncludes && !path.toLowerCase().includes(m.pathIncludes.toLowerCase())) return false;
  if (m.queryIncludes && !decodeURIComponent(search).toLowerCase().includes(m.queryIncludes.toLowerCase())) return false;
  if (m.table && m.table !== info.table) return false;
  if (m.subscription && !info.subscriptions.includes(m.subscription.toLowerCase())) return false;
  if (m.workspace && (info.route === 'arg' || !sameWorkspace(m.workspace, info))) return false;
  if (m.idPrefix) {
    const prefix = normaliseId(m.idPrefix);
    if (info.route === 'arg') {
      const scope = parseScope(prefix);
      if (scope.level === 'subscription' && !info.subscriptions.includes(scope.subscription)) return false;
    } else {
      const id = info.workspaceId ? normaliseId(info.workspaceId) : '';
      if (!(id === prefix || id.startsWith(`${prefix}/`) || prefix === '/')) return false;
    }
  }
  return true;
}

export class FaultBook {
  private injected: Entry[] = [];
  private readonly replayed: Entry[];

  constructor(replayed: Fault[]) {
    this.replayed = replayed.map((f) => toEntry(f));
  }

  inject(fault: Fault): void {
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
      throw new Error(`fake-azure: fault.times must be a positive integer, got ${fault.times}`);
    }
    this.injected.push(toEntry(fault));
  }

  clear(): void {
    this.injected = [];
  }

  /** The first fault (injected before replayed, oldest first) that matches this request; uses one of its times. */
  take(info: RouteInfo, method: string, path: string, search = ''): FaultAction | undefined {
    for (const list of [this.injected, this.replayed]) {
      const entry = list.find((e) => e.remaining > 0 && matches(e, info, method, path, search));
      if (entry) {
        entry.remaining--;
        return entry.action;
      }
    }
    return undefined;
  }

  /** An active `dns` fault for a Synapse workspace (by name or ID), without using it up. */
  dnsFault(name: string, id: string): object | undefined {
    return this.injected.find((e) => {
      if (e.action.kind !== 'dns' || e.remaining <= 0) return false;
      const w = e.match.workspace?.toLowerCase();
      return w === undefined || w === name.toLowerCase() || (w.startsWith('/') && normaliseId(w) === normaliseId(id));
    });
  }

  /** Counts one ARG answer against each `dns` fault it carried. */
  useDns(entries: Iterable<object>): void {
    for (const e of entries) (e as Entry).remaining--;
  }
}

function toEntry(f: Fault): Entry {
  return { match: { ...(f.match ?? {}) }, action: f.fault, remaining: f.times ?? Number.POSITIVE_INFINITY };
}

const SOURCE_MATCH: Record<DataSource, Pick<FaultMatch, 'route' | 'table'> & { operation: Operation }> = {
  'resourceGraph.resources': { route: 'arg', operation: 'query', table: 'resources' },
  'resourceGraph.authorizationresources': { route: 'arg', operation: 'query', table: 'authorizationresources' },
  'resourceGraph.resourcecontainers': { route: 'arg', operation: 'query', table: 'resourcecontainers' },
  'resourceGraph.policyresources': { route: 'arg', operation: 'query', table: 'policyresources' },
  'resourceGraph.resourcechanges': { route: 'arg', operation: 'query', table: 'resourcechanges' },
  'arm.integrationRuntimes': { route: 'arm', operation: 'integrationRuntimes' },
  'arm.linkedServices': { route: 'arm', operation: 'amlLinkedServices' },
  'arm.computes': { route: 'arm', operation: 'amlComputes' },
  'synapse.linkedServices': { route: 'dataplane', operation: 'linkedServices' },
  'synapse.managedPrivateEndpoints': { route: 'dataplane', operation: 'managedPrivateEndpoints' },
  'synapse.roleAssignments': { route: 'dataplane', operation: 'roleAssignments' },
};

/**
 * A snapshot's `errors` as permanent faults, so a live collector pointed at the fake meets the same failures the
 * snapshot recorded: an error with a status is answered with that status, code and message on the matching route
 * and scope; one without a status (a network failure) resets the connection.
 */
export function faultsFromSnapshotErrors(errors: readonly SnapshotError[]): Fault[] {
  return errors.flatMap((e): Fault[] => {
    // A template's errors (`check-template`) have no route in the fake.
    const base = e.source === 'template' ? undefined : SOURCE_MATCH[e.source];
    if (!base) return [];
    const match = { ...base, idPrefix: e.scope } as FaultMatch;
    const fault: FaultAction =
      e.status === undefined
        ? { kind: 'reset' }
        : { kind: 'status', status: e.status, code: e.code ?? defaultErrorCode(e.status), message: e.message };
    return [{ match, fault }];
  });
}
