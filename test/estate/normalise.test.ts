import { describe, expect, it } from 'vitest';
import { managementGroupOf, scopeCovers, subscriptionOf } from '../../src/azure/ids.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import { AZURE_ROLES } from '../../src/estate/roles.js';
import { SUB, SnapshotBuilder, ids, roleAssignmentRow, sparkPoolRow, synapseWorkspaceRow } from '../support/payloads.js';
import { AML_ID, DEFAULT_STORAGE_ID, SYNAPSE_ID, healthySnapshot, principals } from '../support/scenario.js';
import { generateEstate } from '../scale/generate.js';

describe('normaliseSnapshot', () => {
  const estate = normaliseSnapshot(healthySnapshot().build());

  it('reads a Synapse workspace from its ARG row, case-insensitively by ID', () => {
    const ws = estate.synapseWorkspace(SYNAPSE_ID.toUpperCase());
    expect(ws.ok && ws.value?.name).toBe('syn-prod');
    expect(ws.ok && ws.value?.managedVirtualNetwork).toBe(true);
    expect(ws.ok && ws.value?.preventDataExfiltration).toBe(false);
    expect(ws.ok && ws.value?.principalId).toBe(principals.synapseMsi);
    expect(ws.ok && ws.value?.defaultStorage?.accountName).toBe('synprodadls');
    expect(ws.ok && ws.value?.devEndpoint).toBe('https://syn-prod.dev.azuresynapse.net');
  });

  it('takes a Spark pool parent from its ID, not its name', () => {
    const pools = estate.sparkPools(`${SYNAPSE_ID}/`);
    expect(pools.ok && pools.value.map((p) => [p.name, p.sparkVersion])).toEqual([['mlpool', '3.5']]);
  });

  it('treats a managed VNet as on only when the property equals default', () => {
    const b = new SnapshotBuilder().resource(synapseWorkspaceRow(SYNAPSE_ID, { managedVirtualNetwork: false }));
    const ws = normaliseSnapshot(b.build()).synapseWorkspace(SYNAPSE_ID);
    expect(ws.ok && ws.value?.managedVirtualNetwork).toBe(false);
  });

  it('reads AML private endpoint connections and data-plane collections', () => {
    const aml = estate.amlWorkspace(AML_ID);
    expect(aml.ok && aml.value?.privateEndpointConnections.map((c) => c.status)).toEqual(['Approved', 'Approved']);
    const ls = estate.synapseLinkedServices(SYNAPSE_ID);
    expect(ls.ok && ls.value[0]).toMatchObject({ name: 'AzureMLService1', type: 'AzureMLService' });
    const mpe = estate.managedPrivateEndpoints(SYNAPSE_ID);
    expect(mpe.ok && mpe.value[0]).toMatchObject({ name: 'synapse-to-aml', status: 'Approved', groupId: 'amlworkspace' });
    const irs = estate.integrationRuntimes(SYNAPSE_ID);
    expect(irs.ok && irs.value).toEqual([{ name: 'AutoResolveIntegrationRuntime', type: 'Managed' }]);
  });

  it('resolves inherited role assignments from subscription scope and compares role GUIDs', () => {
    const covering = estate.roleAssignmentsCovering(DEFAULT_STORAGE_ID);
    expect(covering.ok).toBe(true);
    const roles = covering.ok ? covering.value.map((a) => [a.principalId, a.roleDefinitionGuid]) : [];
    expect(roles).toContainEqual([principals.platformOwner, AZURE_ROLES.owner.guid]);
    expect(roles).toContainEqual([principals.dataEngineer, AZURE_ROLES.storageBlobDataContributor.guid]);
    expect(roles).not.toContainEqual([principals.synapseMsi, AZURE_ROLES.contributor.guid]);
  });

  it('accepts both role definition ID forms', () => {
    const b = new SnapshotBuilder().assignment(roleAssignmentRow(AML_ID, principals.stranger, AZURE_ROLES.owner.guid));
    const row = b.authorizationresources[0] as { properties: { roleDefinitionId: string } };
    row.properties.roleDefinitionId = `/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.owner.guid.toUpperCase()}`;
    const covering = normaliseSnapshot(b.build()).roleAssignmentsCovering(AML_ID);
    expect(covering.ok && covering.value[0]?.roleDefinitionGuid).toBe(AZURE_ROLES.owner.guid);
  });

  it('applies management-group assignments only to subscriptions under that group, when ancestry is known', () => {
    const mgScope = '/providers/Microsoft.Management/managementGroups/mg-data';
    const b = new SnapshotBuilder().assignment(roleAssignmentRow(mgScope, principals.stranger, AZURE_ROLES.owner.guid));
    b.resourcecontainers.push({
      id: `/subscriptions/${SUB}`,
      type: 'microsoft.resources/subscriptions',
      subscriptionId: SUB,
      properties: { managementGroupAncestorsChain: [{ name: 'mg-other', displayName: 'Other' }] },
    });
    expect(normaliseSnapshot(b.build()).roleAssignmentsCovering(AML_ID)).toEqual({ ok: true, value: [] });
    b.resourcecontainers[0]!.properties = { managementGroupAncestorsChain: [{ name: 'MG-DATA', displayName: 'Data' }] };
    const covering = normaliseSnapshot(b.build()).roleAssignmentsCovering(AML_ID);
    expect(covering.ok && covering.value.length).toBe(1);
  });

  it('reports a read error for the scope it covers, and only there', () => {
    const b = healthySnapshot().error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'denied' });
    const e = normaliseSnapshot(b.build());
    const ls = e.synapseLinkedServices(SYNAPSE_ID);
    expect(ls.ok).toBe(false);
    expect(!ls.ok && ls.error.status).toBe(403);
    expect(e.managedPrivateEndpoints(SYNAPSE_ID).ok).toBe(true);
  });

  it('says a collection that was never recorded is unavailable, not empty', () => {
    const other = ids.synapse('syn-other');
    const e = normaliseSnapshot(new SnapshotBuilder().resource(synapseWorkspaceRow(other)).build());
    const mpes = e.managedPrivateEndpoints(other);
    expect(mpes.ok).toBe(false);
    expect(!mpes.ok && mpes.error.code).toBe('NotCollected');
  });

  it('makes a missing resource unknown when Resource Graph failed for its subscription', () => {
    const b = new SnapshotBuilder().error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}`, status: 403, message: 'no access' });
    const e = normaliseSnapshot(b.build());
    expect(e.synapseWorkspace(SYNAPSE_ID).ok).toBe(false);
    expect(e.synapseWorkspace(ids.synapse('x', 'rg', '22222222-2222-4222-8222-222222222222'))).toEqual({ ok: true, value: undefined });
  });

  it('ignores malformed rows instead of throwing', () => {
    const b = new SnapshotBuilder();
    b.resources.push({ id: 42 } as never, { type: 'microsoft.synapse/workspaces' }, null as never);
    b.resource(sparkPoolRow(SYNAPSE_ID, 'p', '3.4'));
    const e = normaliseSnapshot(b.build());
    expect(e.allSynapseWorkspaces()).toEqual([]);
    expect(e.sparkPools(SYNAPSE_ID).ok).toBe(true);
  });
});

describe('roleAssignmentsCovering, from the index of scopes', () => {
  // The small synthetic scale estate: tens of subscriptions and management groups, a few thousand role assignments.
  const { snapshot } = generateEstate({ size: 'small' });
  const estate = normaliseSnapshot(snapshot);
  type Row = { id: string; properties: { scope: string; principalId: string; roleDefinitionId: string } };
  const rows = snapshot.resourceGraph.authorizationresources.filter((r) => String(r['type']).toLowerCase() === 'microsoft.authorization/roleassignments') as Row[];
  const containers = snapshot.resourceGraph.resourcecontainers ?? [];
  const ancestry = new Map(
    containers.map((c) => [
      String(c['subscriptionId']).toLowerCase(),
      new Set((c['properties'] as { managementGroupAncestorsChain: Array<{ name: string }> }).managementGroupAncestorsChain.map((m) => m.name.toLowerCase())),
    ]),
  );
  /** The definition: every assignment whose scope is the resource or above it, in snapshot order. */
  const covering = (resourceId: string) =>
    rows.filter((r) => {
      const group = managementGroupOf(r.properties.scope);
      if (group === undefined) return scopeCovers(r.properties.scope, resourceId);
      const chain = ancestry.get(subscriptionOf(resourceId) ?? '');
      return chain === undefined || chain.has(group);
    });
  const ids = (found: ReturnType<typeof estate.roleAssignmentsCovering>) => (found.ok ? found.value.map((a) => a.id) : found.error);
  const resources = snapshot.resourceGraph.resources.map((r) => String(r['id']));
  const targets = [
    ...resources.filter((_, i) => i % 7 === 0),
    `${resources[3]!.toUpperCase()}/`,
    `${resources[5]!}/blobServices/default/containers/data`,
    String(containers[0]!['id']),
    '/',
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/none',
  ];

  it('finds what a scan of every assignment finds, in the same order', () => {
    expect(rows.filter((r) => managementGroupOf(r.properties.scope) !== undefined).length).toBeGreaterThan(0);
    expect(Math.max(...targets.map((t) => covering(t).length))).toBeGreaterThan(10);
    for (const target of targets) expect(ids(estate.roleAssignmentsCovering(target)), target).toEqual(covering(target).map((r) => r.id));
  });

  it('narrows them to a principal (case-insensitively) and to roles, as a filter of all of them would', () => {
    const roles = [AZURE_ROLES.owner.guid.toUpperCase(), AZURE_ROLES.contributor.guid];
    const hasRole = (r: Row) => roles.some((g) => r.properties.roleDefinitionId.toLowerCase().endsWith(g.toLowerCase()));
    for (const target of targets) {
      const all = covering(target);
      const principal = all[0]?.properties.principalId ?? 'nobody';
      const isPrincipal = (r: Row) => r.properties.principalId.toLowerCase() === principal.toLowerCase();
      expect(ids(estate.roleAssignmentsCovering(target, { principalId: principal.toUpperCase() })), target).toEqual(all.filter(isPrincipal).map((r) => r.id));
      expect(ids(estate.roleAssignmentsCovering(target, { roleGuids: roles })), target).toEqual(all.filter(hasRole).map((r) => r.id));
      // A role named twice (in two cases) is still one role: each assignment once, in snapshot order.
      expect(ids(estate.roleAssignmentsCovering(target, { roleGuids: [...roles, roles[0]!.toLowerCase()] })), target).toEqual(all.filter(hasRole).map((r) => r.id));
      expect(ids(estate.roleAssignmentsCovering(target, { principalId: principal, roleGuids: roles })), target).toEqual(
        all.filter((r) => isPrincipal(r) && hasRole(r)).map((r) => r.id),
      );
    }
    expect(estate.roleAssignmentsCovering(targets[0]!, { principalId: 'not-a-principal' })).toEqual({ ok: true, value: [] });
  });
});
