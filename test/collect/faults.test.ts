// The collectors under stress, against the fake Azure with the real SDK pipeline: paging, quota pacing, throttling,
// server errors, broken connections, permissions, DNS, malformed answers, endless paging and the deadline. Every
// failure must end as a per-scope error (rules: unknown), never as silently fewer rows, and never hang.
import { afterEach, describe, expect, it } from 'vitest';
import { StaticTokenCredential } from '../../src/collect/credentials.js';
import type { ProgressEvent } from '../../src/collect/index.js';
import { normaliseSnapshot } from '../../src/estate/normalise.js';
import { AZURE_ROLES, SYNAPSE_ROLES } from '../../src/estate/roles.js';
import type { Snapshot, SnapshotError } from '../../src/estate/snapshot.js';
import { UNRESOLVABLE_SYNAPSE_SCOPE, type FakeAzure } from '../fake-azure/index.js';
import { demoSnapshot, demo } from '../support/demo-estate.js';
import {
  SUB,
  amlSideLinkedService,
  amlWorkspaceRow,
  azureMlLinkedService,
  ids,
  integrationRuntime,
  roleAssignmentRow,
  roleDefinitionRow,
  sparkPoolRow,
  synapseRoleAssignment,
  synapseWorkspaceRow,
} from '../support/payloads.js';
import { AML_ID, SYNAPSE_ID, healthyIntegration, healthySnapshot, principals } from '../support/scenario.js';
import { ARM_TOKEN, SYNAPSE_TOKEN, collect, specOf, startFake } from './support.js';

let fake: FakeAzure | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const spec = () => specOf(healthyIntegration());
const errorsOf = (s: Snapshot) => s.errors.map((e) => ({ source: e.source, scope: e.scope, status: e.status, code: e.code }));

function expectClean(snapshot: Snapshot): void {
  expect(snapshot.errors).toEqual([]);
  const text = JSON.stringify(snapshot);
  expect(text).not.toContain(ARM_TOKEN);
  expect(text).not.toContain(SYNAPSE_TOKEN);
  expect(fake!.writes).toEqual([]);
}

describe('paging', () => {
  it('reads every page: > 2,500 Resource Graph rows, ARM nextLink and data-plane nextLink / x-ms-continuation', async () => {
    const b = healthySnapshot();
    const pools = Array.from({ length: 2600 }, (_, i) => sparkPoolRow(SYNAPSE_ID, `pool${String(i).padStart(4, '0')}`, '3.5'));
    const assignments = Array.from({ length: 2600 }, (_, i) =>
      roleAssignmentRow(AML_ID, `aaaaaaaa-0000-4000-9000-${String(i).padStart(12, '0')}`, AZURE_ROLES.reader.guid, 'User'),
    );
    b.resource(...pools).assignment(...assignments);
    b.runtimes(SYNAPSE_ID, ...Array.from({ length: 120 }, (_, i) => integrationRuntime(SYNAPSE_ID, `ir${String(i).padStart(3, '0')}`, 'Managed')));
    b.linkedServices(SYNAPSE_ID, ...Array.from({ length: 120 }, (_, i) => azureMlLinkedService(SYNAPSE_ID, `ls${String(i).padStart(3, '0')}`, AML_ID)));
    b.synapseRoles(SYNAPSE_ID, ...Array.from({ length: 130 }, (_, i) => synapseRoleAssignment('syn-prod', `bbbbbbbb-0000-4000-9000-${String(i).padStart(12, '0')}`, SYNAPSE_ROLES.user.guid)));
    fake = await startFake(b.build());

    const live = await collect(fake, spec());
    expectClean(live);
    const types = live.resourceGraph.resources.map((r) => r['type']);
    expect(types.filter((t) => t === 'microsoft.synapse/workspaces/bigdatapools')).toHaveLength(2601);
    expect(live.resourceGraph.authorizationresources.filter((r) => r['type'] === 'microsoft.authorization/roleassignments')).toHaveLength(2603);
    expect(live.arm[SYNAPSE_ID.toLowerCase()]!.integrationRuntimes).toHaveLength(120);
    expect(live.synapse[SYNAPSE_ID.toLowerCase()]!.linkedServices).toHaveLength(120);
    expect(live.synapse[SYNAPSE_ID.toLowerCase()]!.roleAssignments).toHaveLength(130);

    const argPages = fake.requests.filter((r) => r.operation === 'query' && (r.body as { options?: Record<string, unknown> }).options?.['$skipToken']);
    expect(argPages.length).toBeGreaterThanOrEqual(4); // two follow-up pages for each of pools and assignments
    expect(fake.requests.filter((r) => r.operation === 'roleAssignments').map((r) => Boolean(r.headers['x-ms-continuation']))).toEqual([false, true, true]);
    expect(fake.requests.filter((r) => r.operation === 'integrationRuntimes')).toHaveLength(3);
  });
});

describe('a query refused for its size', () => {
  it('is asked again in halves, and the collection is the same', async () => {
    fake = await startFake(healthySnapshot().build());
    const reference = await collect(fake, spec());
    fake.inject({ match: { route: 'arg', table: 'resources' }, times: 1, fault: { kind: 'status', status: 400, code: 'BadRequest', message: 'The query is too long.' } });
    const before = fake.requests.length;
    const live = await collect(fake, spec());
    expect(live).toEqual(reference);
    const queries = fake.requests
      .slice(before)
      .filter((r) => r.operation === 'query')
      .map((r) => (r.body as { query: string }).query)
      .filter((q) => q.startsWith('resources\n'));
    // The refused first query (workspaces and pools), then its two halves, each shorter.
    expect(queries[0]).toMatch(/bigdatapools/);
    const halves = queries.slice(1).filter((q) => q.includes('microsoft.synapse/workspaces') && q !== queries[0]);
    expect(halves.length).toBeGreaterThanOrEqual(2);
    for (const h of halves.slice(0, 2)) expect(h.length).toBeLessThan(queries[0]!.length);
  });
});

describe('throttling', () => {
  it('paces Resource Graph from the quota headers: waits for the reset instead of receiving 429', async () => {
    fake = await startFake(healthySnapshot().build(), { quota: { perWindow: 4, windowMs: 1000 } });
    const events: ProgressEvent[] = [];
    const live = await collect(fake, spec(), { onProgress: (e) => events.push(e) });
    expectClean(live);
    expect(fake.throttled).toBe(0);
    expect(events.some((e) => e.phase === 'resourceGraph' && /waiting .* Resource Graph quota/.test(e.detail ?? ''))).toBe(true);
  });

  it('honours Retry-After on a 429, then succeeds', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { route: 'arg', table: 'resources' }, times: 1, fault: { kind: 'throttle', retryAfterSeconds: 1 } });
    const started = Date.now();
    const live = await collect(fake, spec());
    expectClean(live);
    expect(fake.throttled).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('on a 429 without Retry-After, waits for x-ms-user-quota-resets-after; a Retry-After HTTP date works too', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { route: 'arg' }, times: 1, fault: { kind: 'throttle', retryAfterSeconds: null, resetsAfterSeconds: 1 } });
    fake.inject({
      match: { route: 'dataplane', operation: 'roleAssignments' },
      times: 1,
      fault: { kind: 'status', status: 429, headers: { 'retry-after': new Date(Date.now() + 1000).toUTCString() } },
    });
    const live = await collect(fake, spec());
    expectClean(live);
    expect(fake.throttled).toBe(2);
    expect(live.synapse[SYNAPSE_ID.toLowerCase()]!.roleAssignments).toEqual([]);
  });

  it('gives up after the bounded retries and records the 429 as an error', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { operation: 'integrationRuntimes' }, fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } } });
    const live = await collect(fake, spec(), { retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 50 } });
    expect(errorsOf(live)).toEqual([{ source: 'arm.integrationRuntimes', scope: SYNAPSE_ID, status: 429, code: 'TooManyRequests' }]);
    expect(fake.requests.filter((r) => r.operation === 'integrationRuntimes')).toHaveLength(3);
  });
});

describe('transient failures', () => {
  it('retries 5xx with backoff, then succeeds', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { route: 'arg' }, times: 2, fault: { kind: 'status', status: 500 } });
    fake.inject({ match: { operation: 'integrationRuntimes' }, times: 2, fault: { kind: 'status', status: 503 } });
    fake.inject({ match: { operation: 'linkedServices' }, times: 1, fault: { kind: 'status', status: 502 } });
    const events: ProgressEvent[] = [];
    const live = await collect(fake, spec(), { onProgress: (e) => events.push(e) });
    expectClean(live);
    expect(events.some((e) => e.phase === 'resourceGraph' && /^retry 1 in \d+ms after HTTP 500$/.test(e.detail ?? ''))).toBe(true);
    expect(live.arm[SYNAPSE_ID.toLowerCase()]!.integrationRuntimes).toHaveLength(1);
    expect(fake.requests.filter((r) => r.status >= 500)).toHaveLength(5);
  });

  it('retries a reset connection, then succeeds', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { route: 'arg' }, times: 1, fault: { kind: 'reset' } });
    fake.inject({ match: { route: 'dataplane', operation: 'linkedServices' }, times: 2, fault: { kind: 'reset' } });
    const live = await collect(fake, spec());
    expectClean(live);
    expect(live.synapse[SYNAPSE_ID.toLowerCase()]!.linkedServices).toHaveLength(1);
  });

  it('retries a request that gets no answer within the per-request timeout', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { operation: 'integrationRuntimes' }, times: 1, fault: { kind: 'hang' } });
    const live = await collect(fake, spec(), { requestTimeoutMs: 300 });
    expectClean(live);
    expect(fake.requests.filter((r) => r.operation === 'integrationRuntimes')).toHaveLength(2);
  });
});

describe('permissions', () => {
  const SUB2 = '33333333-4444-4555-8666-777777777777';
  const AML2 = ids.aml('aml-two', 'rg-ml', SUB2);

  it('isolates a 403 on one subscription: its reads are errors (unknown), the other subscription is collected', async () => {
    const b = healthySnapshot();
    b.resource(amlWorkspaceRow(AML2, { principalId: 'bbbbbbbb-2222-4000-8000-000000000002' }));
    b.assignment(roleAssignmentRow(AML2, principals.synapseMsi, AZURE_ROLES.contributor.guid));
    b.amlLinks(AML2);
    fake = await startFake(b.build());
    fake.inject({ match: { route: 'arg', subscription: SUB2 }, fault: { kind: 'status', status: 403 } });
    const second = { ...healthyIntegration(), name: 'second', machineLearning: { workspaceId: AML2 } };

    const live = await collect(fake, specOf(healthyIntegration(), second));
    const sub2Errors = live.errors.filter((e) => e.scope === `/subscriptions/${SUB2}`);
    expect(new Set(sub2Errors.map((e) => e.source))).toEqual(
      new Set([
        'resourceGraph.resources',
        'resourceGraph.authorizationresources',
        'resourceGraph.resourcecontainers',
        'resourceGraph.policyresources',
        'resourceGraph.resourcechanges',
      ]),
    );
    for (const e of sub2Errors) expect(e).toMatchObject({ status: 403, code: 'AuthorizationFailed' });
    expect(sub2Errors.find((e) => e.source === 'resourceGraph.resources')!.missing).toMatch(/^Reader .* on subscription 33333333/);
    expect(live.errors.every((e) => e.scope === `/subscriptions/${SUB2}`)).toBe(true);

    const estate = normaliseSnapshot(live);
    expect(estate.amlWorkspace(AML2)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(estate.roleAssignmentsCovering(AML2).ok).toBe(false);
    expect(estate.amlWorkspace(AML_ID)).toMatchObject({ ok: true, value: { id: AML_ID } });
    expect(estate.synapseWorkspace(SYNAPSE_ID)).toMatchObject({ ok: true });
    const covering = estate.roleAssignmentsCovering(AML_ID);
    expect(covering.ok && covering.value.length).toBeGreaterThan(0);
  });

  it('records a 401 from the data plane with what is missing, and never the token it sent', async () => {
    fake = await startFake(healthySnapshot().build());
    const wrong = 'not-the-synapse-token-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    const live = await collect(fake, spec(), {
      credentials: { arm: new StaticTokenCredential(ARM_TOKEN), synapse: new StaticTokenCredential(wrong) },
    });
    expect(errorsOf(live)).toEqual(
      ['synapse.linkedServices', 'synapse.managedPrivateEndpoints', 'synapse.roleAssignments'].map((source) => ({
        source,
        scope: SYNAPSE_ID,
        status: 401,
        code: 'InvalidAuthenticationToken',
      })),
    );
    expect(live.errors[0]!.missing).toMatch(/token for the Synapse data plane/);
    expect(JSON.stringify(live)).not.toContain(wrong);
  });
});

describe('unreachable data plane', () => {
  it('records a DNS failure for that workspace only, naming the network path, without retrying it', async () => {
    fake = await startFake(demoSnapshot());
    fake.inject({ match: { workspace: 'syn-research' }, fault: { kind: 'dns' } });
    const loaded = (await import('../../src/spec/load.js')).loadSpecFile;
    const result = await loaded(new URL('../../fixtures/demo/spec.yaml', import.meta.url).pathname);
    if (!result.ok) throw new Error('demo spec');
    const live = await collect(fake, result.loaded.spec, { synapseScope: UNRESOLVABLE_SYNAPSE_SCOPE });

    const dns = live.errors.filter((e) => e.code === 'ENOTFOUND');
    expect(dns.map((e) => [e.source, e.scope])).toEqual([
      ['synapse.linkedServices', demo.research.synapse],
      ['synapse.managedPrivateEndpoints', demo.research.synapse],
      ['synapse.roleAssignments', demo.research.synapse],
    ]);
    expect(dns[0]!.missing).toBe('a network path to https://syn-research.dev.azuresynapse.invalid (private link / firewall)');
    // The healthy workspace was read in full; marketing has only its recorded 403s.
    expect(live.synapse[SYNAPSE_ID.toLowerCase()]!.linkedServices).toHaveLength(1);
    expect(live.errors.filter((e) => e.code !== 'ENOTFOUND').every((e) => e.scope === demo.marketing.synapse)).toBe(true);
  });
});

describe('answers that must not be trusted', () => {
  it('treats resultTruncated: "true" as an error, never as fewer rows', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { route: 'arg', table: 'authorizationresources' }, times: 1, fault: { kind: 'resultTruncated' } });
    const live = await collect(fake, spec());
    expect(errorsOf(live)).toEqual([{ source: 'resourceGraph.authorizationresources', scope: `/subscriptions/${SUB}`, status: undefined, code: 'ResultTruncated' }]);
    expect(normaliseSnapshot(live).roleAssignmentsCovering(AML_ID)).toMatchObject({ ok: false, error: { code: 'ResultTruncated' } });
  });

  it('stops when a $skipToken repeats, recording an error', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { route: 'arg', table: 'resources' }, fault: { kind: 'repeatSkipToken' } });
    const live = await collect(fake, spec());
    const errors = live.errors.filter((e) => e.source === 'resourceGraph.resources');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatchObject({ scope: `/subscriptions/${SUB}`, code: 'RepeatedSkipToken' });
    const resourceQueries = fake.requests.filter((r) => r.operation === 'query' && /^resources\b/.test((r.body as { query: string }).query));
    const first = resourceQueries.filter((r) => !(r.body as { options: Record<string, unknown> }).options['$skipToken']).length;
    expect(resourceQueries.length).toBe(first * 2); // one follow-up page per query, then it stopped
  });

  it('records malformed JSON as an error for that read only', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { route: 'arg', table: 'resourcecontainers' }, times: 1, fault: { kind: 'malformedJson' } });
    fake.inject({ match: { operation: 'roleAssignments' }, times: 1, fault: { kind: 'malformedJson' } });
    const live = await collect(fake, spec());
    expect(errorsOf(live)).toEqual([
      { source: 'resourceGraph.resourcecontainers', scope: `/subscriptions/${SUB}`, status: undefined, code: 'MalformedResponse' },
      { source: 'synapse.roleAssignments', scope: SYNAPSE_ID, status: undefined, code: 'MalformedResponse' },
    ]);
    expect(live.synapse[SYNAPSE_ID.toLowerCase()]!.linkedServices).toHaveLength(1);
    expect(live.errors.every((e: SnapshotError) => !e.message.includes('{"'))).toBe(true);
  });
});

describe('deadline', () => {
  it('returns within the deadline when the data plane never answers; what was not read is an error', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { route: 'dataplane' }, fault: { kind: 'hang' } });
    const started = Date.now();
    const live = await collect(fake, spec(), { deadlineMs: 1200, requestTimeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(1200 + 500);
    expect(errorsOf(live)).toEqual(
      ['synapse.linkedServices', 'synapse.managedPrivateEndpoints', 'synapse.roleAssignments'].map((source) => ({
        source,
        scope: SYNAPSE_ID,
        status: undefined,
        code: 'DeadlineExceeded',
      })),
    );
    expect(live.resourceGraph.resources.length).toBeGreaterThan(0);
    expect(live.arm[SYNAPSE_ID.toLowerCase()]!.integrationRuntimes).toHaveLength(1);
  });

  it('returns within the deadline when everything is slow; every read not done is an error', async () => {
    // The ARM and data-plane reads start once the first Resource Graph answer is in (after one latency), so the
    // deadline falls before any of them can finish.
    fake = await startFake(healthySnapshot().build(), { latencyMs: 400 });
    const started = Date.now();
    const live = await collect(fake, spec(), { deadlineMs: 700, requestTimeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(700 + 500);
    const sources = new Set(live.errors.map((e) => e.source));
    for (const s of ['resourceGraph.authorizationresources', 'arm.integrationRuntimes', 'arm.linkedServices', 'synapse.linkedServices'] as const) expect(sources).toContain(s);
    for (const e of live.errors) expect(e.code).toBe('DeadlineExceeded');
    const estate = normaliseSnapshot(live);
    expect(estate.integrationRuntimes(SYNAPSE_ID).ok).toBe(false);
    expect(estate.roleAssignmentsCovering(AML_ID).ok).toBe(false);
  });
});

describe('AML-side linked services (deprecated API)', () => {
  it('records an empty list when the API is gone, and reads links when it answers', async () => {
    const b = healthySnapshot();
    b.amlLinks(AML_ID, amlSideLinkedService(AML_ID, 'synapselink1', SYNAPSE_ID, principals.synapseMsi));
    fake = await startFake(b.build());
    let live = await collect(fake, spec());
    expect(live.arm[AML_ID.toLowerCase()]!.linkedServices!.map((l) => l['name'])).toEqual(['synapselink1']);

    fake.inject({ match: { operation: 'amlLinkedServices' }, fault: { kind: 'status', status: 400, code: 'NoRegisteredProviderFound' } });
    live = await collect(fake, spec());
    expect(live.errors).toEqual([]);
    expect(live.arm[AML_ID.toLowerCase()]!.linkedServices).toEqual([]);

    fake.clearFaults();
    fake.inject({ match: { operation: 'amlLinkedServices' }, fault: { kind: 'status', status: 403 } });
    live = await collect(fake, spec());
    expect(errorsOf(live)).toEqual([{ source: 'arm.linkedServices', scope: AML_ID, status: 403, code: 'AuthorizationFailed' }]);
  });
});

describe('workspace without a managed virtual network', () => {
  it('records no managed private endpoints without asking the data plane', async () => {
    const b = healthySnapshot();
    b.resources.splice(0, 1, synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, storageAccountName: 'synprodadls', managedVirtualNetwork: false }));
    fake = await startFake(b.build());
    const live = await collect(fake, spec());
    expectClean(live);
    expect(live.synapse[SYNAPSE_ID.toLowerCase()]!.managedPrivateEndpoints).toEqual([]);
    expect(fake.requests.some((r) => r.operation === 'managedPrivateEndpoints')).toBe(false);
  });
});

describe('custom role definitions', () => {
  const SUB3 = '44444444-5555-4666-8777-888888888888';
  const GUID = '0f0f0f0f-1111-4222-8333-444444444444';

  function withCustomRole() {
    const b = healthySnapshot();
    // Defined in another subscription (so Resource Graph, scoped to the audited subscription, does not return it) but
    // assignable in the audited one, and assigned on the AML workspace.
    const definition = roleDefinitionRow(GUID, { roleName: 'ML Operator', actions: ['Microsoft.MachineLearningServices/workspaces/*'], assignableScopes: [`/subscriptions/${SUB}`] });
    definition['id'] = `/subscriptions/${SUB3}/providers/Microsoft.Authorization/roleDefinitions/${GUID}`;
    b.assignment(definition, roleAssignmentRow(AML_ID, principals.stranger, GUID));
    return b;
  }

  it('reads a custom role definition Resource Graph did not return with @azure/arm-authorization, stored as a Resource Graph row', async () => {
    fake = await startFake(withCustomRole().build());
    const live = await collect(fake, spec());
    expectClean(live);
    const row = live.resourceGraph.authorizationresources.find((r) => r['name'] === GUID);
    expect(row).toMatchObject({ type: 'microsoft.authorization/roledefinitions', properties: { roleName: 'ML Operator', type: 'CustomRole' } });
    expect(normaliseSnapshot(live).roleDefinition(GUID)).toMatchObject({ roleName: 'ML Operator', actions: ['Microsoft.MachineLearningServices/workspaces/*'] });
    const read = fake.requests.filter((r) => r.operation === 'roleDefinitions');
    expect(read.map((r) => [r.method, r.path.toLowerCase()])).toEqual([['GET', `/subscriptions/${SUB}/providers/microsoft.authorization/roledefinitions/${GUID}`]]);
  });

  it('records an unreadable role definition against the assignment scope (its permissions are unknown)', async () => {
    fake = await startFake(withCustomRole().build());
    fake.inject({ match: { operation: 'roleDefinitions' }, fault: { kind: 'status', status: 403 } });
    const live = await collect(fake, spec());
    expect(errorsOf(live)).toEqual([{ source: 'resourceGraph.authorizationresources', scope: AML_ID, status: 403, code: 'AuthorizationFailed' }]);
    expect(normaliseSnapshot(live).roleAssignmentsCovering(AML_ID).ok).toBe(false);
  });
});
