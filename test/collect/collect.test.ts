// The live collectors against the fake Azure, with the real SDK clients and pipeline: what they read, that it
// audits the same as the recorded estate, that the output is byte-stable, read-only, and free of secrets and tokens.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { collectSnapshot, type ProgressEvent } from '../../src/collect/index.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { parseSnapshotText } from '../../src/estate/load-snapshot.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import type { Snapshot } from '../../src/estate/snapshot.js';
import { loadRules } from '../../src/index.js';
import { loadSpecFile } from '../../src/spec/load.js';
import type { LoadedSpec } from '../../src/spec/types.js';
import type { FakeAzure } from '../fake-azure/index.js';
import { demoSnapshot } from '../support/demo-estate.js';
import { azureMlLinkedService, ids } from '../support/payloads.js';
import { AML_ID, SYNAPSE_ID, healthyIntegration, healthySnapshot } from '../support/scenario.js';
import { collect, expectNoTokens, optionsFor, specOf, startFake } from './support.js';

let fake: FakeAzure | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const DEMO_SPEC = fileURLToPath(new URL('../../fixtures/demo/spec.yaml', import.meta.url));

async function demoSpec(): Promise<LoadedSpec> {
  const result = await loadSpecFile(DEMO_SPEC);
  if (!result.ok) throw new Error(`demo spec invalid: ${JSON.stringify(result.diagnostics)}`);
  return result.loaded;
}

async function outcomes(loaded: LoadedSpec, snapshot: Snapshot) {
  const entries = evaluateRules({ loaded, rules: await loadRules(), estate: normaliseSnapshot(snapshot), now: new Date('2026-11-23T00:00:00Z'), mode: 'audit' });
  return entries.map((e) => [e.integration, e.ruleId, e.outcome, e.resourceId ?? '', e.outcome === 'unknown' ? '' : e.message].join(' | '));
}

describe('collectSnapshot', () => {
  it('audits the same from live Azure as from the recorded estate (demo: healthy, broken, 403 on the data plane)', async () => {
    const recorded = demoSnapshot();
    fake = await startFake(recorded);
    const loaded = await demoSpec();
    const live = await collect(fake, loaded.spec);

    expect(await outcomes(loaded, live)).toEqual(await outcomes(loaded, recorded));
    // What the collector writes is a valid snapshot file (synaml snapshot -> audit --snapshot).
    expect(parseSnapshotText(JSON.stringify(live), 'live.json')).toEqual(live);
    // The recorded 403s on syn-marketing's data plane came back as errors for that workspace only.
    const marketing = ids.synapse('syn-marketing', 'rg-marketing', '22222222-3333-4444-8555-666666666666');
    expect(live.errors.map((e) => [e.source, e.scope, e.status])).toEqual([
      ['synapse.linkedServices', marketing, 403],
      ['synapse.managedPrivateEndpoints', marketing, 403],
      ['synapse.roleAssignments', marketing, 403],
    ]);
    expect(live.errors[0]!.missing).toBe('Synapse User (or any Synapse RBAC role: each includes it) on workspace syn-marketing, which lists linked services');
    expect(live.errors[2]!.missing).toBe('Synapse User (or any Synapse RBAC role: each includes it) on workspace syn-marketing, which lists role assignments');
    expect(fake.writes).toEqual([]);
    expectNoTokens(live);
  });

  it('stores what the rules need, filtered server-side, with each request carrying the right audience', async () => {
    fake = await startFake(healthySnapshot().build());
    const live = await collect(fake, specOf(healthyIntegration()));
    const types = live.resourceGraph.resources.map((r) => r['type']);
    expect(new Set(types)).toEqual(
      new Set([
        'microsoft.synapse/workspaces',
        'microsoft.synapse/workspaces/bigdatapools',
        'microsoft.machinelearningservices/workspaces',
        'microsoft.storage/storageaccounts',
        'microsoft.keyvault/vaults',
        'microsoft.containerregistry/registries',
        'microsoft.network/privateendpoints',
      ]),
    );
    expect(Object.keys(live.resourceGraph.resources[0]!)).toEqual(['id', 'name', 'type', 'subscriptionId', 'resourceGroup', 'location', 'identity', 'properties']);
    expect(live.arm[SYNAPSE_ID.toLowerCase()]?.integrationRuntimes?.map((r) => r['name'])).toEqual(['AutoResolveIntegrationRuntime']);
    expect(live.arm[AML_ID.toLowerCase()]?.linkedServices).toEqual([]);
    expect(live.synapse[SYNAPSE_ID.toLowerCase()]?.linkedServices?.map((r) => r['name'])).toEqual(['AzureMLService1']);
    expect(live.errors).toEqual([]);

    for (const r of fake.requests) expect(r.audience).toBe(r.route === 'dataplane' ? 'synapse' : 'arm');
    const argBodies = fake.requests.filter((r) => r.operation === 'query').map((r) => r.body as { options: Record<string, unknown>; subscriptions: string[] });
    for (const b of argBodies) {
      expect(b.options['$top']).toBe(1000);
      expect(b.subscriptions.length).toBeGreaterThan(0);
    }
    expect(fake.writes).toEqual([]);
  });

  it('takes extra subscriptions as GUIDs or as /subscriptions/<GUID>, in any case, and queries each once', async () => {
    fake = await startFake(healthySnapshot().build());
    const extra = '99999999-8888-4777-8666-555555555555';
    const specSubscription = SYNAPSE_ID.split('/')[2]!.toLowerCase();
    const live = await collect(fake, specOf(healthyIntegration()), { subscriptions: [` /subscriptions/${extra.toUpperCase()}/`, extra, `/SUBSCRIPTIONS/${specSubscription}`] });
    expect(live.scope?.subscriptions).toEqual([extra, specSubscription].sort());
    const argBodies = fake.requests.filter((r) => r.operation === 'query').map((r) => r.body as { subscriptions: string[] });
    expect(argBodies.length).toBeGreaterThan(0);
    for (const b of argBodies) expect(b.subscriptions).toEqual([extra, specSubscription].sort());
  });

  it('is byte-stable: the same estate gives the same snapshot whatever the concurrency', async () => {
    fake = await startFake(demoSnapshot());
    const spec = (await demoSpec()).spec;
    const a = await collect(fake, spec, { concurrency: 1 });
    const b = await collect(fake, spec, { concurrency: 16 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('masks service principal keys and other secrets before they enter the snapshot', async () => {
    const b = healthySnapshot();
    b.linkedServices(
      SYNAPSE_ID,
      azureMlLinkedService(SYNAPSE_ID, 'AzureMLInline', AML_ID, {
        authentication: 'ServicePrincipal',
        servicePrincipalKey: { type: 'SecureString', value: 'Sup3r-S3cret-Key!' },
        typeProperties: { encryptedCredential: 'ew0KICAiVmVyc2lvbiI6ICIyMDE3LTExLTMwIg0KfQ==', password: 'hunter2-plain' },
      }),
      azureMlLinkedService(SYNAPSE_ID, 'AzureMLKeyVault', AML_ID, { authentication: 'ServicePrincipal' }),
    );
    fake = await startFake(b.build());
    const live = await collect(fake, specOf(healthyIntegration()));
    const text = JSON.stringify(live);
    expect(text).not.toContain('Sup3r-S3cret-Key!');
    expect(text).not.toContain('hunter2-plain');
    expect(text).not.toContain('ew0KICAiVmVyc2lvbiI6');
    const services = live.synapse[SYNAPSE_ID.toLowerCase()]!.linkedServices!;
    const typeProperties = (name: string) => (services.find((s) => s['name'] === name)!['properties'] as Record<string, any>)['typeProperties']; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(typeProperties('AzureMLInline').servicePrincipalKey).toEqual({ type: 'SecureString', value: '**********' });
    expect(typeProperties('AzureMLInline').encryptedCredential).toBe('**********');
    expect(typeProperties('AzureMLKeyVault').servicePrincipalKey).toEqual({
      type: 'AzureKeyVaultSecret',
      store: { referenceName: 'kv-ls', type: 'LinkedServiceReference' },
      secretName: 'aml-sp',
    });
    // The rules still see an inline key as inline and a Key Vault reference as such.
    const estate = normaliseSnapshot(live);
    const ls = estate.synapseLinkedServices(SYNAPSE_ID);
    expect(ls.ok && ls.value.map((s) => [s.name, (s.typeProperties['servicePrincipalKey'] as { type?: string } | undefined)?.type])).toEqual([
      ['AzureMLInline', 'SecureString'],
      ['AzureMLKeyVault', 'AzureKeyVaultSecret'],
    ]);
  });

  it('reports progress per phase, ending with every planned step done', async () => {
    fake = await startFake(healthySnapshot().build());
    const events: ProgressEvent[] = [];
    await collect(fake, specOf(healthyIntegration()), { onProgress: (e) => events.push(e) });
    const last = new Map(events.map((e) => [e.phase, e]));
    expect([...last.keys()].sort()).toEqual(['arm', 'resourceGraph', 'synapse']);
    for (const e of last.values()) expect(e.done).toBe(e.total);
    expect(last.get('synapse')!.total).toBe(3);
  });

  it('records a declared workspace that does not exist as missing (Resource Manager confirms the 404), not as an error', async () => {
    fake = await startFake(healthySnapshot().build());
    const ghost = { ...healthyIntegration(), name: 'ghost' };
    ghost.synapse = { ...ghost.synapse, workspaceId: ids.synapse('syn-ghost') };
    const live = await collect(fake, specOf(healthyIntegration(), ghost));
    expect(live.errors).toEqual([]);
    expect(live.synapse[ids.synapse('syn-ghost').toLowerCase()]).toEqual({ linkedServices: [], managedPrivateEndpoints: [], roleAssignments: [] });
    expect(fake.requests.some((r) => r.route === 'dataplane' && r.path.includes('syn-ghost'))).toBe(false);
  });

  it('refuses an http endpoint with a clear error before sending anything', async () => {
    fake = await startFake(healthySnapshot().build());
    await expect(collectSnapshot(specOf(healthyIntegration()), optionsFor(fake, { armEndpoint: fake.url.replace('https:', 'http:') }))).rejects.toThrow(
      /--arm-endpoint must use https:\/\//,
    );
    expect(fake.requests).toEqual([]);
  });
});
