// `lastChange`: the change record Resource Graph kept (resourcechanges, 14 days) for the property a finding is about.
// Matched on the resource and the property path: a change to another property of the same resource does not attach.
// Only Resource Manager changes are recorded; changes in the Synapse data plane (linked services, managed private
// endpoints, Synapse RBAC) never are, so findings about them carry no lastChange.
import type { ResourceChange } from '../estate/model.js';
import type { LastChange } from './types.js';

/** True when a change to `changed` is a change to `property`: the same path, a path inside it, or one around it. */
function samePath(changed: string, property: string): boolean {
  const a = changed.toLowerCase();
  const b = property.toLowerCase();
  return a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`);
}

/**
 * The newest change to `property` among a resource's change records (newest first): an Update that changed it, or the
 * Create that gave it its value.
 */
export function lastChangeOf(changes: readonly ResourceChange[], property: string): LastChange | undefined {
  for (const change of changes) {
    const who = {
      timestamp: change.timestamp,
      ...(change.changedBy !== undefined ? { changedBy: change.changedBy } : {}),
      ...(change.changedByType !== undefined ? { changedByType: change.changedByType } : {}),
      ...(change.clientType !== undefined ? { clientType: change.clientType } : {}),
      ...(change.operation !== undefined ? { operation: change.operation } : {}),
      changeType: change.changeType,
    };
    if (change.changeType.toLowerCase() === 'create') return who;
    const path = Object.keys(change.changes).find((p) => samePath(p, property));
    if (path === undefined) continue;
    const { previousValue, newValue } = change.changes[path]!;
    return {
      ...who,
      property: path,
      ...(previousValue !== undefined ? { previousValue } : {}),
      ...(newValue !== undefined ? { newValue } : {}),
    };
  }
  return undefined;
}

/** `2026-11-20 08:15 UTC by alex@contoso.example (User) via Azure Portal: properties.publicNetworkAccess Disabled -> Enabled`. */
export function describeLastChange(change: LastChange): string {
  const when = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(change.timestamp) ? `${change.timestamp.slice(0, 10)} ${change.timestamp.slice(11, 16)} UTC` : change.timestamp;
  const who = change.changedBy ? ` by ${change.changedBy}${change.changedByType ? ` (${change.changedByType})` : ''}` : '';
  const how = change.clientType ? ` via ${change.clientType}` : '';
  const op = change.operation ? `, ${change.operation}` : '';
  const what =
    change.property !== undefined
      ? `: ${change.property} ${change.previousValue ?? '(none)'} -> ${change.newValue ?? '(none)'}`
      : change.changeType.toLowerCase() === 'create'
        ? ': created'
        : `: ${change.changeType}`;
  return `${when}${who}${how}${op}${what}`;
}

/**
 * What the reports say once under their findings: where `lastChange` comes from, and the gap Azure leaves. Undefined
 * for a result without findings, or one that judged a deployment template (it has no change records).
 */
export function changeHistoryNote(result: { source?: { kind: string }; results: ReadonlyArray<{ outcome: string }> }): string | undefined {
  if (result.source?.kind === 'template') return undefined;
  if (!result.results.some((e) => e.outcome === 'fail' || e.outcome === 'unknown')) return undefined;
  return (
    'Last change: a finding on a Resource Manager property shows the last change Azure Resource Graph recorded to it ' +
    '(resourcechanges keeps 14 days). Changes in the Synapse data plane (linked services, managed private endpoints, ' +
    'Synapse RBAC) are not recorded by Azure, so findings about them never show who changed them.'
  );
}
