// The AML computes list (attached Synapse Spark pools) against the fake Azure with the real SDK pipeline: every page,
// a nextLink followed verbatim although it names another api-version, only SynapseSpark computes kept, and a 403 or a
// broken page recorded as an `arm.computes` error for the AML workspace (the attached-pool rules: unknown).
import { afterEach, describe, expect, it } from 'vitest';
import SA017 from '../../rules/SA017-attached-pool-target-exists.js';
import SA019 from '../../rules/SA019-attached-pool-has-identity.js';
import { API_VERSIONS } from '../../src/collect/arm.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import { AML_COMPUTE_NEXT_LINK_API_VERSION } from '../fake-azure/arm.js';
import type { FakeAzure } from '../fake-azure/index.js';
import { synapseSparkCompute } from '../support/payloads.js';
import { AML_ID, SYNAPSE_ID, healthyIntegration, healthySnapshot, principals } from '../support/scenario.js';
import { collect, expectNoTokens, specOf, startFake } from './support.js';

let fake: FakeAzure | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const spec = () => specOf(healthyIntegration());
const poolId = (name: string) => `${SYNAPSE_ID}/bigDataPools/${name}`;

/** An AKS compute in the Compute_List example's own shape (a compute synaml must leave out). */
function aksCompute(name: string) {
  const c = synapseSparkCompute(AML_ID, name, undefined);
  return { ...c, properties: { computeType: 'AKS', provisioningState: 'Succeeded', resourceId: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}` } };
}

describe('AML computes (attached Synapse Spark pools)', () => {
  it('reads every page, following a nextLink with another api-version verbatim, and keeps only SynapseSpark computes', async () => {
    const b = healthySnapshot();
    const attached = Array.from({ length: 7 }, (_, i) => synapseSparkCompute(AML_ID, `attached-${i}`, poolId('mlpool'), { systemPrincipalId: principals.amlMsi }));
    b.computes(AML_ID, aksCompute('aks-1'), ...attached, aksCompute('aks-2'));
    fake = await startFake(b.build(), { pageSize: 3 });

    const live = await collect(fake, spec());
    expect(live.errors).toEqual([]);
    expectNoTokens(live);
    expect(live.arm[AML_ID.toLowerCase()]!.computes!.map((c) => c['name'])).toEqual(attached.map((c) => c['name']));

    const pages = fake.requests.filter((r) => r.operation === 'amlComputes');
    expect(pages).toHaveLength(3);
    expect(pages[0]!.query['api-version']).toBe(API_VERSIONS.amlComputes);
    for (const page of pages.slice(1)) {
      expect(page.query['api-version']).toBe(AML_COMPUTE_NEXT_LINK_API_VERSION);
      expect(page.query['$skip']).toMatch(/^\d+$/);
    }
    expect(pages.every((p) => p.status === 200)).toBe(true);
    expect(fake.writes).toEqual([]);

    const estate = normaliseSnapshot(live);
    const read = estate.attachedSparkPools(AML_ID);
    if (!read.ok) throw new Error('expected the attached pools to be readable');
    expect(read.value.map((p) => [p.name, p.poolResourceId, p.identity.principalId])).toEqual(attached.map((c) => [c['name'], poolId('mlpool'), principals.amlMsi]));

    // The rules see every page: each attached pool is judged (SA017 on the pool, SA019 on its identity).
    const integration = healthyIntegration();
    const outcomes = (rule: typeof SA017) => rule.checkEstate!({ integration, estate, now: new Date('2026-11-23T00:00:00Z') }).map((c) => c.outcome);
    expect(outcomes(SA017)).toEqual(attached.map(() => 'pass'));
    expect(outcomes(SA019)).toEqual(attached.map(() => 'pass'));
  });

  it('records a 403 on the computes list as arm.computes for the AML workspace, with the missing permission', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { operation: 'amlComputes' }, fault: { kind: 'status', status: 403 } });
    const live = await collect(fake, spec());
    expect(live.errors.map((e) => ({ source: e.source, scope: e.scope, status: e.status, code: e.code }))).toEqual([
      { source: 'arm.computes', scope: AML_ID, status: 403, code: 'AuthorizationFailed' },
    ]);
    expect(live.errors[0]!.missing).toContain('Microsoft.MachineLearningServices/workspaces/computes/read');
    expect(live.arm[AML_ID.toLowerCase()]!.computes).toBeUndefined();
    const read = normaliseSnapshot(live).attachedSparkPools(AML_ID);
    expect(read.ok).toBe(false);
  });

  it('records a failure on a later page as an error for the workspace, not as fewer computes', async () => {
    const b = healthySnapshot();
    b.computes(AML_ID, ...Array.from({ length: 5 }, (_, i) => synapseSparkCompute(AML_ID, `attached-${i}`, poolId('mlpool'))));
    fake = await startFake(b.build(), { pageSize: 2 });
    fake.inject({ match: { operation: 'amlComputes', queryIncludes: '$skip=4' }, fault: { kind: 'status', status: 403 } });
    const live = await collect(fake, spec());
    expect(live.errors.map((e) => [e.source, e.scope, e.status])).toEqual([['arm.computes', AML_ID, 403]]);
    expect(live.arm[AML_ID.toLowerCase()]?.computes).toBeUndefined();
    const asked = fake.requests.filter((r) => r.operation === 'amlComputes').map((r) => r.query['$skip'] ?? '-');
    expect(asked).toEqual(['-', '2', '4']);
  });
});
