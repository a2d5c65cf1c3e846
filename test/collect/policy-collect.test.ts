// Azure Policy (`policyresources`) and change records (`resourcechanges`) through the real Resource Graph client and
// the fake Azure: which rows are asked for, with which authorizationScopeFilter, the snapshot round trip, a cloud
// without the tables ("not available", not an error), a 403, and what --preflight names.
import { afterEach, describe, expect, it } from 'vitest';
import { preflight } from '../../src/collect/index.js';
import { parseSnapshotText } from '../../src/estate/load-snapshot.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import { isNotAvailable, type RawPayload, type Snapshot } from '../../src/estate/snapshot.js';
import type { FakeAzure } from '../fake-azure/index.js';
import { SUB, ids } from '../support/payloads.js';
import {
  ALZ_SYNAPSE_SET,
  MG_ALZ,
  POLICY,
  alzSynapseInitiativeRow,
  assignmentRow,
  builtInDefinitionRow,
  builtInId,
  changeRow,
  exemptionRow,
  mgScope,
} from '../support/policy-payloads.js';
import { AML_ID, SYNAPSE_ID, healthyIntegration, healthySnapshot } from '../support/scenario.js';
import { collect, optionsFor, specOf, startFake } from './support.js';

let fake: FakeAzure | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const MG_ASSIGNMENT = `${mgScope(MG_ALZ)}/providers/Microsoft.Authorization/policyAssignments/Enforce-GR-Synapse`;
const SUB_ASSIGNMENT = `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/aml-private`;

function subscriptionRow(sub: string, groups: string[]): RawPayload {
  return {
    id: `/subscriptions/${sub}`,
    name: 'analytics-prod',
    type: 'microsoft.resources/subscriptions',
    subscriptionId: sub,
    properties: { managementGroupAncestorsChain: groups.map((name) => ({ name, displayName: name })) },
  };
}

/** The healthy estate plus policy rows (some that apply, some that must not be read) and change records. */
function policyEstate(): Snapshot {
  const snapshot = healthySnapshot().build();
  snapshot.resourceGraph.resourcecontainers = [subscriptionRow(SUB, [MG_ALZ, 'alz'])];
  snapshot.resourceGraph.policyresources = [
    assignmentRow(mgScope(MG_ALZ), 'Enforce-GR-Synapse', ALZ_SYNAPSE_SET),
    alzSynapseInitiativeRow(),
    builtInDefinitionRow(POLICY.exfiltration),
    builtInDefinitionRow(POLICY.synapseManagedVnet),
    builtInDefinitionRow(POLICY.synapseTenants),
    assignmentRow(`/subscriptions/${SUB}`, 'aml-private', builtInId(POLICY.amlPublicNetwork)),
    builtInDefinitionRow(POLICY.amlPublicNetwork),
    exemptionRow(SYNAPSE_ID, 'aml-integration', MG_ASSIGNMENT, { referenceIds: ['Deny-Synapse-Data-Traffic'], expiresOn: '2027-03-31T00:00:00Z' }),
    // Not for the audited workspaces: another resource group's assignment, a management group that is not above the
    // subscription, an exemption of an assignment that does not apply, a definition nothing names.
    assignmentRow(`/subscriptions/${SUB}/resourceGroups/rg-other`, 'other-rg', builtInId(POLICY.exfiltration)),
    assignmentRow(mgScope('sandbox'), 'sandbox-guardrails', builtInId(POLICY.exfiltration)),
    // A resource-level assignment on a workspace that is not declared, in the audited workspace's resource group.
    assignmentRow(ids.synapse('syn-undeclared'), 'undeclared-ws', builtInId(POLICY.exfiltration)),
    exemptionRow(`/subscriptions/${SUB}/resourceGroups/rg-other`, 'other-exemption', `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Authorization/policyAssignments/other-rg`),
    builtInDefinitionRow(POLICY.synapsePublicNetwork),
  ];
  snapshot.resourceGraph.resourcechanges = [
    changeRow(SYNAPSE_ID, 'c1', '2026-11-20T08:15:00Z', { changes: { 'properties.publicNetworkAccess': ['Disabled', 'Enabled'] } }),
    changeRow(ids.storage('unrelated'), 'c2', '2026-11-21T08:15:00Z', { changes: { 'properties.minimumTlsVersion': ['TLS1_2', 'TLS1_0'] } }),
    // Same resource group and type as the audited workspace: the query (by resource group and type) returns it, the
    // collector drops it (not one of the audited IDs).
    changeRow(ids.synapse('syn-undeclared'), 'c3', '2026-11-22T08:15:00Z', { changes: { 'properties.publicNetworkAccess': ['Enabled', 'Disabled'] } }),
  ];
  return snapshot;
}

const sorted = (rows: RawPayload[] | undefined) => (rows ?? []).map((r) => String(r['id'])).sort();

describe('policyresources and resourcechanges collection', () => {
  it('reads the assignments that can apply (management group included), their initiatives, catalogued definitions and exemptions', async () => {
    fake = await startFake(policyEstate());
    const live = await collect(fake, specOf(healthyIntegration()));
    expect(live.errors).toEqual([]);
    expect(sorted(live.resourceGraph.policyresources)).toEqual(
      [
        MG_ASSIGNMENT,
        ALZ_SYNAPSE_SET,
        builtInId(POLICY.exfiltration),
        builtInId(POLICY.synapseManagedVnet),
        builtInId(POLICY.synapseTenants),
        SUB_ASSIGNMENT,
        builtInId(POLICY.amlPublicNetwork),
        `${SYNAPSE_ID}/providers/Microsoft.Authorization/policyExemptions/aml-integration`,
      ].sort(),
    );
    // Only the audited resources' change records.
    expect(sorted(live.resourceGraph.resourcechanges)).toEqual([`${SYNAPSE_ID}/providers/Microsoft.Resources/changes/c1`]);
    const changeQueries = fake.requests
      .filter((r) => r.operation === 'query')
      .map((r) => (r.body as { query: string }).query)
      .filter((q) => q.startsWith('resourcechanges'));
    expect(changeQueries).toHaveLength(1);
    expect(changeQueries[0]).toContain("resourceGroup in~ ('rg-analytics'");
    // The fake answered the resource group and type query with the undeclared workspace's record too (dropped above),
    // but not with the storage account's (another type).
    const changeRows = fake.requests.filter((r) => r.operation === 'query' && (r.body as { query: string }).query.startsWith('resourcechanges')).map((r) => r.rows);
    expect(changeRows).toEqual([2]);

    const policyQueries = fake.requests
      .filter((r) => r.operation === 'query')
      .map((r) => r.body as { query: string; options?: Record<string, unknown> })
      .filter((b) => b.query.startsWith('policyresources'));
    const filterOf = (type: string) => policyQueries.filter((b) => b.query.includes(type)).map((b) => b.options?.['authorizationScopeFilter']);
    expect(filterOf("'microsoft.authorization/policyassignments'")).toEqual(['AtScopeAboveAndBelow']);
    expect(filterOf("'microsoft.authorization/policyexemptions'")).toEqual(['AtScopeAboveAndBelow']);
    expect(new Set(filterOf("'microsoft.authorization/policysetdefinitions'"))).toEqual(new Set(['AtScopeAndAbove']));
  });

  it('round-trips: the collected snapshot, written and read back and served again, collects the same', async () => {
    fake = await startFake(policyEstate());
    const live = await collect(fake, specOf(healthyIntegration()));
    await fake.stop();
    const reread = parseSnapshotText(JSON.stringify(live, null, 2), 'state.json');
    expect(reread).toEqual(live);
    fake = await startFake(reread);
    // (The workspaces' data-plane endpoints name the fake's port, which differs: the new tables must not.)
    const again = await collect(fake, specOf(healthyIntegration()));
    expect(again.resourceGraph.policyresources).toEqual(live.resourceGraph.policyresources);
    expect(again.resourceGraph.resourcechanges).toEqual(live.resourceGraph.resourcechanges);
    expect(again.errors).toEqual(live.errors);
  });

  it('gives the estate the assignments over each workspace, the management group one included', async () => {
    fake = await startFake(policyEstate());
    const estate = normaliseSnapshot(await collect(fake, specOf(healthyIntegration())));
    const synapse = estate.policyFor!(SYNAPSE_ID);
    expect(synapse.kind).toBe('read');
    if (synapse.kind !== 'read') return;
    expect(synapse.value.assignments.map((a) => a.name)).toEqual(['Enforce-GR-Synapse', 'aml-private']);
    expect(synapse.value.exemptions.map((e) => e.name)).toEqual(['aml-integration']);
    const aml = estate.policyFor!(AML_ID);
    expect(aml.kind === 'read' && aml.value.exemptions).toEqual([]);
    expect(estate.resourceChanges!(SYNAPSE_ID).map((c) => c.changedBy)).toEqual(['alex@contoso.example']);
  });

  it('a cloud whose Resource Graph lacks the tables: "not available", recorded for the replay, not a failed read', async () => {
    fake = await startFake(policyEstate());
    for (const table of ['policyresources', 'resourcechanges'] as const) {
      fake.inject({
        match: { route: 'arg', table },
        fault: { kind: 'status', status: 400, code: 'BadRequest', message: `Query is invalid: table '${table}' is not supported in this cloud.` },
      });
    }
    const live = await collect(fake, specOf(healthyIntegration()));
    expect(live.errors.length).toBeGreaterThan(0);
    expect(live.errors.every(isNotAvailable)).toBe(true);
    expect(new Set(live.errors.map((e) => e.source))).toEqual(new Set(['resourceGraph.policyresources', 'resourceGraph.resourcechanges']));
    const estate = normaliseSnapshot(live);
    expect(estate.policyFor!(SYNAPSE_ID)).toMatchObject({ kind: 'not-available' });

    // Replayed through a fake seeded with that snapshot, the same entries come back.
    await fake.stop();
    fake = await startFake(live);
    expect((await collect(fake, specOf(healthyIntegration()))).errors).toEqual(live.errors);
  });

  it('a 403 on policyresources is an error naming the permission; the estate says unreadable', async () => {
    fake = await startFake(policyEstate());
    fake.inject({ match: { route: 'arg', table: 'policyresources' }, fault: { kind: 'status', status: 403 } });
    const live = await collect(fake, specOf(healthyIntegration()));
    const errors = live.errors.filter((e) => e.source === 'resourceGraph.policyresources');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ status: 403, scope: `/subscriptions/${SUB}` });
    expect(errors[0]!.missing).toMatch(/policyAssignments\/read.*policyExemptions\/read/);
    expect(normaliseSnapshot(live).policyFor!(SYNAPSE_ID)).toMatchObject({ kind: 'unreadable', error: { status: 403 } });
  });
});

describe('--preflight and Azure Policy', () => {
  it('names the policy read actions the identity lacks at the subscription', async () => {
    fake = await startFake(policyEstate());
    fake.inject({
      match: { operation: 'permissions', pathIncludes: `subscriptions/${SUB}/providers` },
      fault: { kind: 'permissions', permissions: [{ actions: ['*/read'], notActions: ['Microsoft.Authorization/policy*'], dataActions: [], notDataActions: [] }] },
    });
    const report = await preflight(specOf(healthyIntegration()), optionsFor(fake));
    const subscription = report.checks.find((c) => c.kind === 'subscription')!;
    expect(subscription.missing).toEqual([
      `Microsoft.Authorization/policyAssignments/read on subscription ${SUB}`,
      `Microsoft.Authorization/policyDefinitions/read on subscription ${SUB}`,
      `Microsoft.Authorization/policySetDefinitions/read on subscription ${SUB}`,
      `Microsoft.Authorization/policyExemptions/read on subscription ${SUB}`,
    ]);
    expect(report.ok).toBe(false);
  });
});
