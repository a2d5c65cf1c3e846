// Discovery for `synaml init --from-live`, with the real SDK clients against the fake Azure: which Synapse workspaces
// it finds in subscriptions, management groups and the whole tenant; that the draft it leads to is the one the
// recorded estate gives; that a scope it cannot search is reported, never silently narrowed; that each workspace's
// linked services are read once; and that nothing is ever written.
import { afterEach, describe, expect, it } from 'vitest';
import { discoverSnapshot, type DiscoverScope } from '../../src/collect/index.js';
import { subscriptionIds } from '../../src/azure/ids.js';
import { parseSnapshotText } from '../../src/estate/load-snapshot.js';
import type { Snapshot } from '../../src/estate/snapshot.js';
import { initFromSnapshot } from '../../src/init/from-snapshot.js';
import type { FakeAzure } from '../fake-azure/index.js';
import { DEMO_SUB_MARKETING, demoSnapshot } from '../support/demo-estate.js';
import { SUB, ids, storageLinkedService, synapseWorkspaceRow } from '../support/payloads.js';
import { expectNoTokens, optionsFor, startFake } from './support.js';

let fake: FakeAzure | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const ETL = ids.synapse('syn-etl', 'rg-etl');
const MG_PLATFORM = 'mg-platform';
const MG_MARKETING = 'mg-marketing';

/** The demo estate, plus a Synapse workspace with only a storage linked service, and the subscriptions' management groups. */
function estate(): Snapshot {
  const snapshot = demoSnapshot();
  snapshot.resourceGraph.resources.push(synapseWorkspaceRow(ETL, { principalId: 'aaaaaaaa-3333-4000-8000-000000000009' }));
  snapshot.synapse[ETL.toLowerCase()] = { linkedServices: [storageLinkedService(ETL, 'AzureStorage1')], managedPrivateEndpoints: [], roleAssignments: [] };
  const subscription = (id: string, name: string, group: string) => ({
    id: `/subscriptions/${id}`,
    name,
    type: 'microsoft.resources/subscriptions',
    subscriptionId: id,
    properties: { managementGroupAncestorsChain: [{ name: group, displayName: group }, { name: 'tenant-root', displayName: 'Tenant Root Group' }] },
  });
  snapshot.resourceGraph.resourcecontainers = [subscription(SUB, 'platform-prod', MG_PLATFORM), subscription(DEMO_SUB_MARKETING, 'marketing', MG_MARKETING)];
  return snapshot;
}

const names = (snapshot: Snapshot) =>
  initFromSnapshot(snapshot)
    .integrations.map((i) => i.name)
    .sort();

async function discoverIn(scope: DiscoverScope, snapshot = estate()) {
  fake = await startFake(snapshot);
  return discoverSnapshot(scope, optionsFor(fake));
}

describe('discoverSnapshot (init --from-live)', () => {
  it('finds the workspaces with an AzureMLService linked service in the subscriptions, and drafts what the recorded estate drafts', async () => {
    const found = await discoverIn({ subscriptions: [SUB, DEMO_SUB_MARKETING.toUpperCase()] });
    expect(found).toMatchObject({ workspaces: 4, withAzureMl: 2, unreadable: 1, gaps: [] });

    // syn-etl (no AzureMLService linked service) is not collected; syn-marketing (403) is, with its errors.
    const synapseRows = found.snapshot.resourceGraph.resources.filter((r) => r['type'] === 'microsoft.synapse/workspaces').map((r) => r['name']);
    expect(synapseRows.sort()).toEqual(['syn-marketing', 'syn-prod', 'syn-research']);
    expect(found.snapshot.errors.map((e) => [e.source, e.status])).toContainEqual(['synapse.linkedServices', 403]);
    expect(found.snapshot.scope).toEqual({ subscriptions: [SUB, DEMO_SUB_MARKETING].sort() });

    // The same draft as from the demo estate recorded for its spec: same integrations, same values.
    const live = initFromSnapshot(found.snapshot);
    const recorded = initFromSnapshot(demoSnapshot());
    expect(live.integrations).toEqual(recorded.integrations);
    expect(live.skipped.map((s) => [s.name, s.unreadable])).toEqual([['syn-marketing', true]]);
    expect(parseSnapshotText(JSON.stringify(found.snapshot), 'found.json')).toEqual(found.snapshot);

    // Read-only; each workspace's linked services read once (discovery hands them on); no token in the snapshot.
    expect(fake!.writes).toEqual([]);
    const reads = fake!.requests.filter((r) => r.operation === 'linkedServices').map((r) => r.path.split('?')[0]!.toLowerCase());
    expect(reads.length).toBe(new Set(reads).size);
    expect(reads.map((p) => p.split('/')[2]).sort()).toEqual(['syn-etl', 'syn-marketing', 'syn-prod', 'syn-research']);
    expectNoTokens(found.snapshot);
  });

  it('searches a management group: only its subscriptions', async () => {
    const found = await discoverIn({ managementGroups: [`/providers/Microsoft.Management/managementGroups/${MG_MARKETING}`] });
    expect(found).toMatchObject({ workspaces: 1, withAzureMl: 0, unreadable: 1, gaps: [] });
    expect(found.snapshot.scope).toEqual({ subscriptions: [DEMO_SUB_MARKETING], managementGroups: [MG_MARKETING] });
    const query = fake!.requests.find((r) => r.operation === 'query');
    expect(query?.body).toMatchObject({ managementGroups: [MG_MARKETING] });
    expect((query?.body as Record<string, unknown>)['subscriptions']).toBeUndefined();

    const platform = await discoverSnapshot({ managementGroups: [MG_PLATFORM] }, optionsFor(fake!));
    expect(names(platform.snapshot)).toEqual(['syn-prod', 'syn-research']);
  });

  it('with no scope, searches every subscription the identity can read (the tenant)', async () => {
    const found = await discoverIn({});
    expect(found).toMatchObject({ workspaces: 4, withAzureMl: 2, unreadable: 1, gaps: [] });
    const query = fake!.requests.find((r) => r.operation === 'query');
    expect(Object.keys(query?.body as object).sort()).toEqual(['options', 'query']);
  });

  it('reports a subscription it could not search, and still drafts the others', async () => {
    fake = await startFake(estate());
    fake.inject({ match: { route: 'arg', subscription: DEMO_SUB_MARKETING }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'no access' } });
    const found = await discoverSnapshot({ subscriptions: [SUB, DEMO_SUB_MARKETING] }, optionsFor(fake));
    expect(found.gaps.map((g) => [g.source, g.scope, g.status])).toEqual([['resourceGraph.resources', `/subscriptions/${DEMO_SUB_MARKETING}`, 403]]);
    expect(found.snapshot.errors).toContainEqual(found.gaps[0]);
    expect(found).toMatchObject({ workspaces: 3, withAzureMl: 2, unreadable: 0 });
    expect(names(found.snapshot)).toEqual(['syn-prod', 'syn-research']);
    expect(fake.writes).toEqual([]);
  });

  it('reports a management group it could not search at the group', async () => {
    fake = await startFake(estate());
    fake.inject({ match: { route: 'arg', operation: 'query' }, fault: { kind: 'status', status: 403, code: 'AuthorizationFailed', message: 'no access to the management group' } });
    const found = await discoverSnapshot({ managementGroups: [MG_PLATFORM] }, optionsFor(fake));
    expect(found.gaps.map((g) => [g.scope, g.status])).toEqual([[`/providers/Microsoft.Management/managementGroups/${MG_PLATFORM}`, 403]]);
    expect(found.workspaces).toBe(0);
  });
});

describe('subscriptionIds', () => {
  it('accepts bare IDs and /subscriptions/<id>, any case, and drops blanks and repeats', () => {
    expect(subscriptionIds([` /subscriptions/${SUB.toUpperCase()}/`, SUB, '', DEMO_SUB_MARKETING])).toEqual([SUB, DEMO_SUB_MARKETING].sort());
  });
});
