// Managed private endpoints and their approval on the target side (SA008 / SA009 / SA010).
import { lastSegment, sameId, withoutTrailingSlashes } from '../azure/ids.js';

/** Is a private endpoint connection status `Approved` (case-insensitive)? Absent means not approved. */
export function isApprovedStatus(status: string | undefined): boolean {
  return status?.trim().toLowerCase() === 'approved';
}

/** ID of a Synapse managed private endpoint (data-plane type `Microsoft.Synapse/workspaces/managedVirtualNetworks/managedPrivateEndpoints`). */
export function managedPrivateEndpointResourceId(synapseWorkspaceId: string, name: string): string {
  return `${withoutTrailingSlashes(synapseWorkspaceId)}/managedVirtualNetworks/default/managedPrivateEndpoints/${name}`;
}

/**
 * The name prefix Synapse gives the private endpoint behind a managed private endpoint: `<workspace>.<managed private
 * endpoint>`, lower-case. `synapseWorkspace` may be the workspace's name or its ARM ID.
 */
export function managedPrivateEndpointPrefix(synapseWorkspace: string, managedPrivateEndpointName: string): string {
  return `${lastSegment(synapseWorkspace)}.${managedPrivateEndpointName}`.toLowerCase();
}

/**
 * The target-side private endpoint connections that belong to a Synapse managed private endpoint: the target's provider
 * chooses the connection's name, so match on the private endpoint's name (last segment of `privateEndpointId`) starting
 * with `<workspace>.<managed private endpoint>` (case-insensitive). An exact name match comes first.
 */
export function connectionsOfManagedPrivateEndpoint<C extends { privateEndpointId?: string }>(
  connections: readonly C[],
  synapseWorkspace: string,
  managedPrivateEndpointName: string,
  /** The MPE's own private endpoint ID (`properties.resourceId`), when known: an exact match beats the name prefix. */
  privateEndpointId?: string,
): C[] {
  const exact = privateEndpointId === undefined ? [] : connections.filter((c) => sameId(c.privateEndpointId, privateEndpointId));
  if (exact.length > 0) return exact;
  const prefix = managedPrivateEndpointPrefix(synapseWorkspace, managedPrivateEndpointName);
  const named: C[] = [];
  const prefixed: C[] = [];
  for (const c of connections) {
    if (c.privateEndpointId === undefined) continue;
    const endpointName = lastSegment(c.privateEndpointId).toLowerCase();
    if (endpointName === prefix) named.push(c);
    else if (endpointName.startsWith(prefix)) prefixed.push(c);
  }
  return [...named, ...prefixed];
}
