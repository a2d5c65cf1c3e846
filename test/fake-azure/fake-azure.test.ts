// The fake Azure itself: Resource Graph paging and scoping, ARM and data-plane routes, auth, quota, faults, the
// write guard and TLS, exercised over real HTTPS with plain node:https.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RawPayload, Snapshot } from '../../src/estate/snapshot.js';
import {
  SUB,
  SnapshotBuilder,
  amlSideLinkedService,
  amlWorkspaceRow,
  azureMlLinkedService,
  ids,
  integrationRuntime,
  managedPrivateEndpoint,
  privateLinkTargetRow,
  roleAssignmentRow,
  synapseRoleAssignment,
  synapseWorkspaceRow,
} from '../support/payloads.js';
import { argQuery, call, type Reply } from './client.js';
import { type FakeAzure, startFakeAzure } from './index.js';

const SUB2 = '22222222-3333-4444-8555-666666666666';
const SUB_OTHER = '33333333-4444-4555-8666-777777777777';
const SYN = ids.synapse('syn-prod');
const SYN2 = ids.synapse('syn-other', 'rg-other', SUB2);
const SYN_NO_DATAPLANE = ids.synapse('syn-dark');
const AML = ids.aml('aml-prod');
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const CUSTOM_ROLE = 'dddddddd-0000-4000-8000-00000000c0de';
const STORAGE_ROWS = 2600;
const MG_PARENT = 'mg-platform';
const MG_UNRELATED = 'mg-sandbox';

function mgScope(mg: string): string {
  return `/providers/Microsoft.Management/managementGroups/${mg}`;
}

function roleDefinitionRow(guid: string, roleName: string, custom: boolean): RawPayload {
  return {
    id: custom ? `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}` : `/providers/Microsoft.Authorization/RoleDefinitions/${guid}`,
    name: guid,
    type: 'microsoft.authorization/roledefinitions',
    properties: {
      roleName,
      type: custom ? 'CustomRole' : 'BuiltInRole',
      description: roleName,
      assignableScopes: custom ? [`/subscriptions/${SUB}`] : ['/'],
      permissions: [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }],
    },
  };
}

function buildSnapshot(): Snapshot {
  const b = new SnapshotBuilder();
  b.resource(synapseWorkspaceRow(SYN), synapseWorkspaceRow(SYN2), synapseWorkspaceRow(SYN_NO_DATAPLANE), amlWorkspaceRow(AML));
  // Enough rows to need three Resource Graph pages.
  for (let i = 0; i < STORAGE_ROWS; i++) {
    const sub = i % 10 === 0 ? SUB2 : SUB;
    b.resource(privateLinkTargetRow(ids.storage(`st${String(i).padStart(5, '0')}`, 'rg-data', sub), 'Microsoft.Storage/storageAccounts'));
  }
  b.assignment(
    roleAssignmentRow(`/subscriptions/${SUB}`, 'p-sub', CONTRIBUTOR),
    roleAssignmentRow(`/subscriptions/${SUB}/resourceGroups/rg-ml`, 'p-rg', CONTRIBUTOR),
    roleAssignmentRow(AML, 'p-resource', CONTRIBUTOR),
    roleAssignmentRow(mgScope(MG_PARENT), 'p-mg', CONTRIBUTOR),
    roleAssignmentRow(mgScope(MG_UNRELATED), 'p-mg-unrelated', CONTRIBUTOR),
    roleAssignmentRow('/', 'p-root', CONTRIBUTOR),
    roleAssignmentRow(`/subscriptions/${SUB2}`, 'p-sub2', CONTRIBUTOR),
    roleDefinitionRow(CONTRIBUTOR, 'Contributor', false),
    roleDefinitionRow(CUSTOM_ROLE, 'Synapse Reader (custom)', true),
  );
  b.resourcecontainers.push(
    {
      id: `/subscriptions/${SUB}`,
      name: 'prod',
      type: 'microsoft.resources/subscriptions',
      subscriptionId: SUB,
      properties: { managementGroupAncestorsChain: [{ name: MG_PARENT, displayName: 'Platform' }, { name: 'tenant-root', displayName: 'Tenant Root Group' }] },
    },
    {
      id: `/subscriptions/${SUB_OTHER}`,
      name: 'sandbox',
      type: 'microsoft.resources/subscriptions',
      subscriptionId: SUB_OTHER,
      properties: { managementGroupAncestorsChain: [{ name: MG_UNRELATED, displayName: 'Sandbox' }, { name: 'tenant-root', displayName: 'Tenant Root Group' }] },
    },
  );
  b.runtimes(
    SYN,
    integrationRuntime(SYN, 'AutoResolveIntegrationRuntime', 'Managed'),
    integrationRuntime(SYN, 'shir-1', 'SelfHosted'),
    integrationRuntime(SYN, 'shir-2', 'SelfHosted'),
  );
  b.amlLinks(AML, amlSideLinkedService(AML, 'link-syn', SYN, 'abababab-0000-4000-8000-000000000003'));
  b.linkedServices(SYN, ...Array.from({ length: 7 }, (_, i) => azureMlLinkedService(SYN, `AzureML${i}`, AML)));
  b.managedPrivateEndpoints(SYN, ...Array.from({ length: 5 }, (_, i) => managedPrivateEndpoint(`mpe-${i}`, AML, 'Approved')));
  b.synapseRoles(SYN, ...Array.from({ length: 7 }, (_, i) => synapseRoleAssignment('syn-prod', `principal-${i % 2}`, `role-${i}`)));
  b.linkedServices(SYN2, azureMlLinkedService(SYN2, 'AzureML', AML));
  return b.build();
}

const snapshot = buildSnapshot();
const snapshotText = JSON.stringify(snapshot);
let fake: FakeAzure; // default page sizes
let small: FakeAzure; // pageSize 3: ARM and data-plane lists page, ARG pages at 3 rows

beforeAll(async () => {
  fake = await startFakeAzure({ snapshot });
  small = await startFakeAzure({ snapshot, pageSize: 3 });
});
afterAll(async () => {
  await fake?.stop();
  await small?.stop();
});
afterEach(() => {
  fake.clearFaults();
  fake.setQuota(undefined);
  fake.setLatency(0);
  small.clearFaults();
});

async function errorOf(p: Promise<unknown>): Promise<NodeJS.ErrnoException> {
  try {
    await p;
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
  throw new Error('expected the request to fail');
}

const storageQuery = "resources | where type =~ 'microsoft.storage/storageaccounts' | project id, name, subscriptionId | order by id asc";

describe('TLS and listening', () => {
  it('serves HTTPS on 127.0.0.1 only, with a per-process certificate in a temp file', async () => {
    expect(fake.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.caCertPem).toContain('BEGIN CERTIFICATE');
    expect(existsSync(fake.caCertFile)).toBe(true);
    expect(readFileSync(fake.caCertFile, 'utf8')).toBe(fake.caCertPem);
    expect(small.caCertPem).toBe(fake.caCertPem); // made once per process
  });

  it('is not trusted without its certificate', async () => {
    const e = await errorOf(call(fake, { path: `/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`, ca: null }));
    expect(e.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
  });

  it('is trusted by a child process through NODE_EXTRA_CA_CERTS (how the CLI tests run)', async () => {
    const script = `
      const https = require('node:https');
      https.get(process.argv[1], { headers: { authorization: 'Bearer cli-token' } }, (res) => {
        res.resume(); res.on('end', () => { console.log(res.statusCode); });
      }).on('error', (e) => { console.log('ERR ' + e.code); });`;
    const target = `${fake.url}/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, target], {
      env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: fake.caCertFile },
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('200');
  });
});

describe('Resource Graph: paging', () => {
  it(`pages ${STORAGE_ROWS} rows in id order with an opaque $skipToken`, async () => {
    const seen: string[] = [];
    let skipToken: string | undefined;
    const counts: number[] = [];
    for (let page = 0; page < 10; page++) {
      const r = await argQuery(fake, { query: storageQuery, options: skipToken ? { $skipToken: skipToken } : {} });
      expect(r.status).toBe(200);
      const body = r.json();
      expect(body.totalRecords).toBe(STORAGE_ROWS);
      expect(body.resultTruncated).toBe('false');
      expect(body.facets).toEqual([]);
      expect(body.count).toBe(body.data.length);
      counts.push(body.count);
      seen.push(...body.data.map((row: RawPayload) => String(row.id)));
      skipToken = body.$skipToken;
      if (!skipToken) break;
      expect(skipToken).toMatch(/^[A-Za-z0-9+/]+=*$/);
    }
    expect(counts).toEqual([1000, 1000, 600]);
    expect(new Set(seen).size).toBe(STORAGE_ROWS);
    const sorted = [...seen].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    expect(seen).toEqual(sorted);
  });

  it('honours $top and $skip, and returns at most pageSize rows even when $top asks for more', async () => {
    const top = (await argQuery(fake, { query: storageQuery, options: { $top: 7, $skip: 5 } })).json();
    expect(top.count).toBe(7);
    expect(top.$skipToken).toBeDefined();
    const capped = (await argQuery(small, { query: storageQuery, options: { $top: 1000 } })).json();
    expect(capped.count).toBe(3);
    expect(capped.$skipToken).toBeDefined();
  });

  it('round-trips a $skipToken only with the query and scope it came from', async () => {
    const first = (await argQuery(small, { query: storageQuery, subscriptions: [SUB] })).json();
    const second = await argQuery(small, { query: storageQuery, subscriptions: [SUB], options: { $skipToken: first.$skipToken } });
    expect(second.status).toBe(200);
    expect(second.json().data[0].id).not.toBe(first.data[0].id);
    const otherQuery = await argQuery(small, { query: `${storageQuery.replace(' | order by id asc', '')}`, subscriptions: [SUB], options: { $skipToken: first.$skipToken } });
    expect(otherQuery.status).toBe(400);
    const otherScope = await argQuery(small, { query: storageQuery, subscriptions: [SUB2], options: { $skipToken: first.$skipToken } });
    expect(otherScope.status).toBe(400);
    const garbage = await argQuery(small, { query: storageQuery, options: { $skipToken: 'bm90IGEgdG9rZW4=' } });
    expect(garbage.status).toBe(400);
  });

  it('cannot page a result that does not project id: ARG cuts it and says resultTruncated', async () => {
    const body = (await argQuery(small, { query: "resources | where type =~ 'microsoft.storage/storageaccounts' | project name" })).json();
    expect(body.resultTruncated).toBe('true');
    expect(body.$skipToken).toBeUndefined();
    expect(body.count).toBe(3);
    // When it fits in one page there is nothing to cut.
    const one = (await argQuery(small, { query: "resources | where name == 'syn-prod' | project name" })).json();
    expect(one.resultTruncated).toBe('false');
  });

  it('validates the request body and options strictly', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ query: storageQuery, options: { $top: 1001 } }, /\$top/],
      [{ query: storageQuery, options: { $top: 0 } }, /\$top/],
      [{ query: storageQuery, options: { resultFormat: 'table' } }, /resultFormat/],
      [{ query: storageQuery, options: { $orderby: 'id' } }, /unsupported option/],
      [{ query: storageQuery, facets: [{ expression: 'type' }] }, /unsupported request property 'facets'/],
      [{ query: storageQuery, options: { authorizationScopeFilter: 'Everything' } }, /authorizationScopeFilter/],
      [{ query: '' }, /query/],
      [{ query: storageQuery, subscriptions: [SUB], managementGroups: [MG_PARENT] }, /not both/],
    ];
    for (const [body, message] of cases) {
      const r = await argQuery(fake, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json().error.code).toBe('BadRequest');
      expect(r.json().error.message).toMatch(message);
    }
    const notJson = await call(fake, { method: 'POST', path: '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', body: '{not json' });
    expect(notJson.status).toBe(400);
  });

  it('requires a served api-version', async () => {
    const none = await call(fake, { method: 'POST', path: '/providers/Microsoft.ResourceGraph/resources', body: { query: storageQuery } });
    expect(none.status).toBe(400);
    expect(none.json().error.code).toBe('MissingApiVersionParameter');
    const old = await call(fake, { method: 'POST', path: '/providers/Microsoft.ResourceGraph/resources?api-version=2019-04-01', body: { query: storageQuery } });
    expect(old.status).toBe(400);
  });

  it('rejects KQL outside the subset with 400 BadRequest (limit, take, top, summarize and friends)', async () => {
    for (const q of [
      'resources | limit 5',
      'resources | take 5',
      'resources | top 5 by id asc',
      'resources | summarize count() by type',
      'resources | extend x = 1',
      "resources | where properties.x == 'y'",
      'resources | order by id',
    ]) {
      const r = await argQuery(fake, { query: q });
      expect(r.status, q).toBe(400);
      expect(r.json().error.code).toBe('BadRequest');
      expect(r.json().error.message, q).toMatch(/^fake-azure: unsupported KQL: /);
    }
  });
});

describe('Resource Graph: scoping', () => {
  it('returns only rows of the requested subscriptions, matched case-insensitively', async () => {
    const q = "resources | where type =~ 'microsoft.synapse/workspaces' | project id, subscriptionId | order by id asc";
    const only1 = (await argQuery(fake, { query: q, subscriptions: [SUB.toUpperCase()] })).json();
    expect(only1.data.map((r: RawPayload) => r.subscriptionId)).toEqual([SUB, SUB]);
    const both = (await argQuery(fake, { query: q, subscriptions: [SUB, SUB2] })).json();
    expect(both.totalRecords).toBe(3);
    const tenant = (await argQuery(fake, { query: q })).json();
    expect(tenant.totalRecords).toBe(3);
    const none = (await argQuery(fake, { query: q, subscriptions: [SUB_OTHER] })).json();
    expect(none.totalRecords).toBe(0);
  });

  it('refuses more than 1000 subscriptions in one request', async () => {
    const subs = Array.from({ length: 1001 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const r = await argQuery(fake, { query: storageQuery, subscriptions: subs });
    expect(r.status).toBe(400);
    expect(r.json().error.message).toMatch(/1000/);
    expect((await argQuery(fake, { query: storageQuery, subscriptions: subs.slice(0, 1000) })).status).toBe(200);
  });

  async function assignmentsFor(filter: string | undefined, subscriptions: string[] = [SUB]): Promise<string[]> {
    const body = (
      await argQuery(fake, {
        subscriptions,
        query: "authorizationresources | where type =~ 'microsoft.authorization/roleassignments' | project id, properties | order by id asc",
        ...(filter ? { options: { authorizationScopeFilter: filter } } : {}),
      })
    ).json();
    return body.data.map((r: { properties: { principalId: string } }) => r.properties.principalId).sort();
  }

  it('applies authorizationScopeFilter to authorizationresources (default AtScopeAndBelow)', async () => {
    expect(await assignmentsFor(undefined)).toEqual(['p-resource', 'p-rg', 'p-sub']);
    expect(await assignmentsFor('AtScopeAndBelow')).toEqual(['p-resource', 'p-rg', 'p-sub']);
    expect(await assignmentsFor('AtScopeAndAbove')).toEqual(['p-mg', 'p-root', 'p-sub']);
    expect(await assignmentsFor('AtScopeAboveAndBelow')).toEqual(['p-mg', 'p-resource', 'p-rg', 'p-root', 'p-sub']);
    expect(await assignmentsFor('AtScopeExact')).toEqual(['p-sub']);
  });

  it('scopes a management-group request by the subscriptions under it', async () => {
    const body = (
      await argQuery(fake, {
        managementGroups: [MG_PARENT],
        query: "authorizationresources | where type =~ 'microsoft.authorization/roleassignments' | project id, properties | order by id asc",
      })
    ).json();
    const principals = body.data.map((r: { properties: { principalId: string } }) => r.properties.principalId).sort();
    expect(principals).toEqual(['p-mg', 'p-resource', 'p-rg', 'p-sub']);
  });

  it('without any recorded ancestry, counts every management group as above a subscription (inclusive)', async () => {
    const bare = await startFakeAzure({ snapshot: { ...snapshot, resourceGraph: { ...snapshot.resourceGraph, resourcecontainers: [] } } });
    try {
      const body = (
        await argQuery(bare, {
          subscriptions: [SUB],
          query: "authorizationresources | where type =~ 'microsoft.authorization/roleassignments' | project id, properties | order by id asc",
          options: { authorizationScopeFilter: 'AtScopeAndAbove' },
        })
      ).json();
      expect(body.data.map((r: { properties: { principalId: string } }) => r.properties.principalId).sort()).toEqual(['p-mg', 'p-mg-unrelated', 'p-root', 'p-sub']);
    } finally {
      await bare.stop();
    }
  });

  it('always returns built-in role definitions; custom ones only in their subscription', async () => {
    const q = "authorizationresources | where type =~ 'microsoft.authorization/roledefinitions' | project id, name | order by id asc";
    const inSub = (await argQuery(fake, { query: q, subscriptions: [SUB] })).json();
    expect(inSub.data.map((r: RawPayload) => r.name).sort()).toEqual([CONTRIBUTOR, CUSTOM_ROLE].sort());
    const elsewhere = (await argQuery(fake, { query: q, subscriptions: [SUB2] })).json();
    expect(elsewhere.data.map((r: RawPayload) => r.name)).toEqual([CONTRIBUTOR]);
  });

  it('rewrites the Synapse dev endpoint to the fake data plane, leaving the snapshot untouched', async () => {
    const r = (await argQuery(fake, { query: "resources | where type =~ 'microsoft.synapse/workspaces' and name == 'syn-prod'" })).json();
    const props = r.data[0].properties;
    expect(props.connectivityEndpoints.dev).toBe(`${fake.url}/dataplane/syn-prod`);
    expect(props.connectivityEndpoints.dev).toBe(fake.dataPlaneUrl('syn-prod'));
    expect(props.connectivityEndpoints.sql).toBe('syn-prod.sql.azuresynapse.net');
    expect(JSON.stringify(snapshot)).toBe(snapshotText);
    // Queries that filter on other properties still see the real values.
    const pools = (await argQuery(fake, { query: "resources | where tostring(properties.managedVirtualNetwork) =~ 'default' | project id | order by id asc" })).json();
    expect(pools.totalRecords).toBe(3);
  });

  it('sends the quota headers on every answer', async () => {
    const r = await argQuery(fake, { query: storageQuery, options: { $top: 1 } });
    expect(Number(r.headers['x-ms-user-quota-remaining'])).toBeGreaterThan(0);
    expect(r.headers['x-ms-user-quota-resets-after']).toMatch(/^\d\d:\d\d:\d\d$/);
    const bad = await argQuery(fake, { query: 'resources | take 1' });
    expect(bad.headers['x-ms-user-quota-remaining']).toBeDefined();
  });
});

describe('Resource Graph: quota', () => {
  it('answers 429 over a sliding per-caller window, with quota headers and Retry-After', async () => {
    fake.setQuota({ perWindow: 2, windowMs: 1500 });
    const before = fake.throttled;
    const q = { query: storageQuery, options: { $top: 1 } };
    const a = await argQuery(fake, q, { token: 'caller-a' });
    const b = await argQuery(fake, q, { token: 'caller-a' });
    const c = await argQuery(fake, q, { token: 'caller-a' });
    expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
    expect(a.headers['x-ms-user-quota-remaining']).toBe('1');
    expect(b.headers['x-ms-user-quota-remaining']).toBe('0');
    expect(c.headers['x-ms-user-quota-remaining']).toBe('0');
    expect(c.headers['x-ms-user-quota-resets-after']).toMatch(/^00:00:0[12]$/);
    expect(Number(c.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(c.json().error.code).toBe('RateLimiting');
    expect(fake.throttled - before).toBe(1);
    // Another caller has its own window.
    expect((await argQuery(fake, q, { token: 'caller-b' })).status).toBe(200);
    // The window slides: once it has passed, caller-a is served again.
    await new Promise((r) => setTimeout(r, 1600));
    expect((await argQuery(fake, q, { token: 'caller-a' })).status).toBe(200);
  });

  it('can throttle without Retry-After (the client must fall back to the reset header)', async () => {
    fake.setQuota({ perWindow: 1, windowMs: 2000, retryAfter: false });
    const q = { query: storageQuery, options: { $top: 1 } };
    await argQuery(fake, q, { token: 'caller-c' });
    const r = await argQuery(fake, q, { token: 'caller-c' });
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBeUndefined();
    expect(r.headers['x-ms-user-quota-resets-after']).toMatch(/^00:00:0[12]$/);
  });
});

describe('ARM', () => {
  const irPath = `${SYN}/integrationRuntimes?api-version=2021-06-01`;

  it('lists integration runtimes, paging with an absolute nextLink that carries api-version', async () => {
    const first = await call(small, { path: irPath });
    expect(first.status).toBe(200);
    const body = first.json();
    expect(body.value.map((v: RawPayload) => v.name)).toEqual(['AutoResolveIntegrationRuntime', 'shir-1', 'shir-2']);
    expect(body.nextLink).toBeUndefined();
    const paged = await startFakeAzure({ snapshot, pageSize: 2 });
    try {
      const p1 = (await call(paged, { path: irPath })).json();
      expect(p1.value).toHaveLength(2);
      const next = new URL(p1.nextLink);
      expect(next.origin).toBe(paged.url);
      expect(next.searchParams.get('api-version')).toBe('2021-06-01');
      const p2 = (await call(paged, { path: p1.nextLink })).json();
      expect(p2.value.map((v: RawPayload) => v.name)).toEqual(['shir-2']);
      expect(p2.nextLink).toBeUndefined();
    } finally {
      await paged.stop();
    }
  });

  it('matches paths case-insensitively', async () => {
    const r = await call(fake, { path: `${SYN.toUpperCase()}/INTEGRATIONRUNTIMES?api-version=2021-06-01` });
    expect(r.status).toBe(200);
    expect(r.json().value).toHaveLength(3);
  });

  it('answers 404 ResourceNotFound for an unknown workspace, and [] for a known one without runtimes', async () => {
    const r = await call(fake, { path: `${ids.synapse('nope')}/integrationRuntimes?api-version=2021-06-01` });
    expect(r.status).toBe(404);
    expect(r.json().error.code).toBe('ResourceNotFound');
    const known = await call(fake, { path: `${SYN_NO_DATAPLANE}/integrationRuntimes?api-version=2021-06-01` });
    expect(known.status).toBe(200);
    expect(known.json()).toEqual({ value: [] });
  });

  it('requires api-version on every ARM route', async () => {
    for (const path of [
      `${SYN}/integrationRuntimes`,
      `${AML}/linkedServices`,
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions`,
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions`,
    ]) {
      const r = await call(fake, { path });
      expect(r.status, path).toBe(400);
      expect(r.json().error.code).toBe('MissingApiVersionParameter');
    }
    expect((await call(fake, { path: `${SYN}/integrationRuntimes?api-version=1999-01-01` })).status).toBe(400);
  });

  it('lists AML-side linked services; unknown AML workspace is 404', async () => {
    const r = await call(fake, { path: `${AML}/linkedServices?api-version=2020-09-01-preview` });
    expect(r.status).toBe(200);
    expect(r.json().value.map((v: RawPayload) => v.name)).toEqual(['link-syn']);
    expect((await call(fake, { path: `${ids.aml('nope')}/linkedServices?api-version=2020-09-01-preview` })).status).toBe(404);
  });

  it('serves role definitions from the authorizationresources rows, in ARM shape', async () => {
    const one = await call(fake, { path: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}?api-version=2022-04-01` });
    expect(one.status).toBe(200);
    expect(one.json()).toMatchObject({
      id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`,
      name: CONTRIBUTOR,
      type: 'Microsoft.Authorization/roleDefinitions',
      properties: { roleName: 'Contributor', type: 'BuiltInRole' },
    });
    const root = await call(fake, { path: `/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}?api-version=2022-04-01` });
    expect(root.json().id).toBe(`/providers/Microsoft.Authorization/RoleDefinitions/${CONTRIBUTOR}`);
    const custom = await call(fake, { path: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE}?api-version=2022-04-01` });
    expect(custom.status).toBe(200);
    expect(custom.json().properties.type).toBe('CustomRole');
    const notAssignableThere = await call(fake, { path: `/subscriptions/${SUB2}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE}?api-version=2022-04-01` });
    expect(notAssignableThere.status).toBe(404);
    expect(notAssignableThere.json().error.code).toBe('RoleDefinitionDoesNotExist');
    const list = await call(fake, { path: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01` });
    expect(list.json().value).toHaveLength(2);
    const filtered = await call(fake, {
      path: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01&$filter=${encodeURIComponent("roleName eq 'Contributor'")}`,
    });
    expect(filtered.json().value.map((v: RawPayload) => v.name)).toEqual([CONTRIBUTOR]);
    const unsupported = await call(fake, {
      path: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01&$filter=${encodeURIComponent('atScopeAndBelow()')}`,
    });
    expect(unsupported.status).toBe(400);
  });

  it('answers the permissions API with */read by default, and what a fault configures per scope', async () => {
    const path = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`;
    expect((await call(fake, { path })).json()).toEqual({ value: [{ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }] });
    const granted = [{ actions: ['Microsoft.Synapse/workspaces/read'], notActions: [], dataActions: [], notDataActions: [] }];
    fake.inject({ match: { pathIncludes: '/resourceGroups/rg-ml/' }, fault: { kind: 'permissions', permissions: granted } });
    expect((await call(fake, { path })).json()).toEqual({ value: granted });
    const elsewhere = `/subscriptions/${SUB}/resourceGroups/rg-other/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`;
    expect((await call(fake, { path: elsewhere })).json().value[0].actions).toEqual(['*/read']);
    expect((await call(fake, { path: '/providers/Microsoft.Authorization/permissions?api-version=2022-04-01' })).status).toBe(400);
  });

  it('answers 404 for routes it does not serve, including sloppily joined paths', async () => {
    const r = await call(fake, { path: `${SYN}?api-version=2021-06-01` });
    expect(r.status).toBe(404);
    expect(r.json().error.message).toMatch(/no such route/);
    const doubled = await call(fake, { path: `${fake.url}/${SYN}/integrationRuntimes?api-version=2021-06-01` });
    expect(doubled.status).toBe(404);
    expect(fake.requests.at(-1)!.path).toBe(`/${SYN}/integrationRuntimes`);
  });
});

describe('Synapse data plane', () => {
  const base = () => small.dataPlaneUrl('syn-prod');

  it('pages linked services with an absolute nextLink; the last page has none', async () => {
    const names: string[] = [];
    let next: string | undefined = `${base()}/linkedservices?api-version=2020-12-01`;
    let pages = 0;
    while (next) {
      const r = await call(small, { path: next });
      expect(r.status).toBe(200);
      const body = r.json();
      names.push(...body.value.map((v: RawPayload) => v.name));
      next = body.nextLink;
      if (next) expect(next.startsWith(`${base()}/linkedservices?`)).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `AzureML${i}`));
  });

  it('pages managed private endpoints; the last page says nextLink "" as the published example does', async () => {
    const p1 = (await call(small, { path: `${base()}/managedVirtualNetworks/default/managedPrivateEndpoints?api-version=2020-12-01` })).json();
    expect(p1.value).toHaveLength(3);
    const p2 = (await call(small, { path: p1.nextLink })).json();
    expect(p2.value.map((v: RawPayload) => v.name)).toEqual(['mpe-3', 'mpe-4']);
    expect(p2.nextLink).toBe('');
    const otherVnet = await call(small, { path: `${base()}/managedVirtualNetworks/custom/managedPrivateEndpoints?api-version=2020-12-01` });
    expect(otherVnet.status).toBe(404);
  });

  it('pages role assignments with the x-ms-continuation header, sent back as a request header', async () => {
    const path = `${base()}/roleAssignments?api-version=2020-12-01`;
    const ids: string[] = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const r: Reply = await call(small, { path, headers: continuation ? { 'x-ms-continuation': continuation } : {} });
      expect(r.status).toBe(200);
      const body = r.json();
      expect(body.count).toBe(body.value.length);
      ids.push(...body.value.map((v: RawPayload) => v.roleDefinitionId));
      continuation = r.headers['x-ms-continuation'] as string | undefined;
      pages++;
    } while (continuation);
    expect(pages).toBe(3);
    expect(ids).toEqual(Array.from({ length: 7 }, (_, i) => `role-${i}`));
    // The continuation travels in the header, not the query, and only for its own list.
    const recorded = small.requests.filter((q) => q.operation === 'roleAssignments' && q.headers['x-ms-continuation']);
    expect(recorded.length).toBe(2);
    const first = await call(small, { path });
    const wrongList = await call(small, { path: `${path}&principalId=principal-1`, headers: { 'x-ms-continuation': String(first.headers['x-ms-continuation']) } });
    expect(wrongList.status).toBe(400);
  });

  it('filters role assignments by principalId / roleId', async () => {
    const r = (await call(fake, { path: `${fake.dataPlaneUrl('syn-prod')}/roleAssignments?api-version=2020-12-01&principalId=PRINCIPAL-1` })).json();
    expect(r.value.map((v: RawPayload) => v.roleDefinitionId)).toEqual(['role-1', 'role-3', 'role-5']);
    const byRole = (await call(fake, { path: `${fake.dataPlaneUrl('syn-prod')}/roleAssignments?api-version=2020-12-01&roleId=role-4` })).json();
    expect(byRole.count).toBe(1);
  });

  it('answers 404 for a workspace without data-plane data, and 400 without api-version', async () => {
    expect((await call(fake, { path: `${fake.dataPlaneUrl('syn-dark')}/linkedservices?api-version=2020-12-01` })).status).toBe(404);
    expect((await call(fake, { path: `${fake.dataPlaneUrl('nowhere')}/linkedservices?api-version=2020-12-01` })).status).toBe(404);
    expect((await call(fake, { path: `${fake.dataPlaneUrl('syn-prod')}/linkedservices` })).status).toBe(400);
    expect((await call(fake, { path: `${fake.dataPlaneUrl('syn-other')}/linkedservices?api-version=2020-12-01` })).json().value).toHaveLength(1);
  });
});

describe('authentication', () => {
  let strict: FakeAzure;
  beforeAll(async () => {
    strict = await startFakeAzure({ snapshot, armToken: 'arm-secret-token', synapseToken: 'synapse-secret-token' });
  });
  afterAll(async () => strict?.stop());

  const argBody = { query: storageQuery, options: { $top: 1 } };
  const lsPath = () => `${strict.dataPlaneUrl('syn-prod')}/linkedservices?api-version=2020-12-01`;

  it('accepts each audience only on its own routes', async () => {
    expect((await argQuery(strict, argBody, { token: 'arm-secret-token' })).status).toBe(200);
    expect((await call(strict, { path: lsPath(), token: 'synapse-secret-token' })).status).toBe(200);

    const wrongForArg = await argQuery(strict, argBody, { token: 'synapse-secret-token' });
    expect(wrongForArg.status).toBe(401);
    expect(wrongForArg.json().error.code).toBe('InvalidAuthenticationTokenAudience');
    expect(wrongForArg.headers['www-authenticate']).toMatch(/^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\//);

    const wrongForDataPlane = await call(strict, { path: lsPath(), token: 'arm-secret-token' });
    expect(wrongForDataPlane.status).toBe(401);
    expect(wrongForDataPlane.json().error.code).toBe('InvalidAuthenticationTokenAudience');
    expect(wrongForDataPlane.headers['www-authenticate']).toMatch(/^Bearer /);

    const unknown = await call(strict, { path: `${SYN}/integrationRuntimes?api-version=2021-06-01`, token: 'something-else' });
    expect(unknown.status).toBe(401);
    expect(unknown.json().error.code).toBe('InvalidAuthenticationToken');

    const missing = await call(strict, { path: `${SYN}/integrationRuntimes?api-version=2021-06-01`, token: null });
    expect(missing.status).toBe(401);
    expect(missing.json().error.code).toBe('AuthenticationFailed');
  });

  it('records the audience of each request, never the token', () => {
    const audiences = strict.requests.map((r) => r.audience);
    expect(audiences).toEqual(['arm', 'synapse', 'synapse', 'arm', 'unknown', 'none']);
    const recorded = JSON.stringify(strict.requests);
    for (const secret of ['arm-secret-token', 'synapse-secret-token', 'something-else']) expect(recorded).not.toContain(secret);
  });

  it("without configured tokens, rejects a JWT whose aud is the other service's", async () => {
    const jwt = (aud: string) =>
      ['{"alg":"none"}', JSON.stringify({ aud })].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';
    const synapseJwt = jwt('https://dev.azuresynapse.net');
    const armJwt = jwt('https://management.azure.com/');
    expect((await argQuery(fake, argBody, { token: synapseJwt })).status).toBe(401);
    expect((await argQuery(fake, argBody, { token: armJwt })).status).toBe(200);
    expect((await call(fake, { path: `${fake.dataPlaneUrl('syn-prod')}/linkedservices?api-version=2020-12-01`, token: armJwt })).status).toBe(401);
    expect((await call(fake, { path: `${fake.dataPlaneUrl('syn-prod')}/linkedservices?api-version=2020-12-01`, token: synapseJwt })).status).toBe(200);
  });
});

describe('recording and the write guard', () => {
  it('records method, path, query, host, parsed body, audience, status and time', async () => {
    const since = Date.now();
    const n = fake.requests.length;
    await argQuery(fake, { query: storageQuery, subscriptions: [SUB], options: { $top: 2 } });
    const rec = fake.requests[n]!;
    expect(rec).toMatchObject({
      method: 'POST',
      path: '/providers/Microsoft.ResourceGraph/resources',
      query: { 'api-version': '2024-04-01' },
      host: new URL(fake.url).host,
      body: { query: storageQuery, subscriptions: [SUB], options: { $top: 2 } },
      route: 'arg',
      operation: 'query',
      audience: 'unknown',
      status: 200,
    });
    expect(rec.time).toBeGreaterThanOrEqual(since);
    expect(rec.headers.authorization).toBeUndefined();
  });

  it('answers 405 to anything that would write, and records it in writes (the ARG query POST is not a write)', async () => {
    const before = fake.writes.length;
    const put = await call(fake, { method: 'PUT', path: `${SYN}/integrationRuntimes/new?api-version=2021-06-01`, body: { properties: { type: 'SelfHosted' } } });
    const del = await call(fake, { method: 'DELETE', path: `${fake.dataPlaneUrl('syn-prod')}/linkedservices/AzureML0?api-version=2020-12-01` });
    const listKeys = await call(fake, { method: 'POST', path: `${ids.storage('st00001')}/listKeys?api-version=2023-01-01` });
    const noAuth = await call(fake, { method: 'PATCH', path: `${AML}?api-version=2024-10-01`, token: null, body: {} });
    expect([put.status, del.status, listKeys.status, noAuth.status]).toEqual([405, 405, 405, 405]);
    expect(put.json().error.code).toBe('MethodNotAllowed');
    const writes = fake.writes.slice(before);
    expect(writes.map((w) => w.method)).toEqual(['PUT', 'DELETE', 'POST', 'PATCH']);
    expect(writes[0]!.body).toEqual({ properties: { type: 'SelfHosted' } });
    expect(writes[1]!.route).toBe('dataplane');
    expect(fake.writes.every((w) => w.operation !== 'query')).toBe(true);
  });
});

describe('latency and shutdown', () => {
  it('delays every answer by the configured latency', async () => {
    fake.setLatency(200);
    const r = await call(fake, { path: `${SYN}/integrationRuntimes?api-version=2021-06-01` });
    expect(r.status).toBe(200);
    expect(r.headersAfterMs).toBeGreaterThanOrEqual(190);
  });

  it('stop() closes every socket, hung ones included', async () => {
    const doomed = await startFakeAzure({ snapshot });
    doomed.inject({ fault: { kind: 'hang' } });
    const pending = errorOf(call(doomed, { path: `${SYN}/integrationRuntimes?api-version=2021-06-01`, timeoutMs: 60_000 }));
    await new Promise((r) => setTimeout(r, 100));
    expect(doomed.requests).toHaveLength(1);
    const started = Date.now();
    await doomed.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    const e = await pending;
    expect(e.code).toMatch(/ECONNRESET|EPIPE/);
    await doomed.stop(); // idempotent
  });
});

describe('faults', () => {
  const irPath = `${SYN}/integrationRuntimes?api-version=2021-06-01`;

  it('status: 403 AuthorizationFailed for one subscription of an ARG query, only when the request includes it', async () => {
    fake.inject({ match: { route: 'arg', subscription: SUB2 }, fault: { kind: 'status', status: 403 } });
    expect((await argQuery(fake, { query: storageQuery, subscriptions: [SUB], options: { $top: 1 } })).status).toBe(200);
    const r = await argQuery(fake, { query: storageQuery, subscriptions: [SUB, SUB2], options: { $top: 1 } });
    expect(r.status).toBe(403);
    expect(r.json().error.code).toBe('AuthorizationFailed');
    expect(r.json().error.message).toContain('/subscriptions/');
    expect(r.headers['x-ms-user-quota-remaining']).toBeDefined();
    expect(fake.requests.at(-1)!.fault).toBe('status');
  });

  it('status: any code and message, for a limited number of times', async () => {
    fake.inject({ match: { operation: 'integrationRuntimes' }, times: 2, fault: { kind: 'status', status: 503, code: 'ServiceUnavailable', message: 'try later' } });
    const a = await call(fake, { path: irPath });
    const b = await call(fake, { path: irPath });
    const c = await call(fake, { path: irPath });
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect(a.json()).toEqual({ error: { code: 'ServiceUnavailable', message: 'try later' } });
  });

  it('status: matches by workspace (name or ID), method, pathIncludes and table', async () => {
    fake.inject({ match: { workspace: 'syn-prod', route: 'dataplane' }, fault: { kind: 'status', status: 403 } });
    fake.inject({ match: { workspace: AML.toUpperCase() }, fault: { kind: 'status', status: 500 } });
    fake.inject({ match: { table: 'authorizationresources' }, fault: { kind: 'status', status: 502 } });
    const dp = await call(fake, { path: `${fake.dataPlaneUrl('syn-prod')}/linkedservices?api-version=2020-12-01` });
    expect(dp.status).toBe(403);
    expect(dp.json().error.message).toMatch(/Synapse RBAC/);
    expect((await call(fake, { path: `${fake.dataPlaneUrl('syn-other')}/linkedservices?api-version=2020-12-01` })).status).toBe(200);
    expect((await call(fake, { path: `${AML}/linkedServices?api-version=2020-09-01-preview` })).status).toBe(500);
    expect((await argQuery(fake, { query: 'authorizationresources' })).status).toBe(502);
    expect((await argQuery(fake, { query: storageQuery, options: { $top: 1 } })).status).toBe(200);
    fake.clearFaults();
    expect((await call(fake, { path: `${fake.dataPlaneUrl('syn-prod')}/linkedservices?api-version=2020-12-01` })).status).toBe(200);
  });

  it('throttle: 429 with quota headers, with and without Retry-After', async () => {
    const before = fake.throttled;
    fake.inject({ match: { route: 'arg' }, times: 1, fault: { kind: 'throttle', retryAfterSeconds: 3 } });
    fake.inject({ match: { route: 'arg' }, times: 1, fault: { kind: 'throttle', retryAfterSeconds: null, resetsAfterSeconds: 4 } });
    const withHeader = await argQuery(fake, { query: storageQuery });
    expect(withHeader.status).toBe(429);
    expect(withHeader.headers['retry-after']).toBe('3');
    expect(withHeader.headers['x-ms-user-quota-remaining']).toBe('0');
    expect(withHeader.headers['x-ms-user-quota-resets-after']).toBe('00:00:03');
    const without = await argQuery(fake, { query: storageQuery });
    expect(without.status).toBe(429);
    expect(without.headers['retry-after']).toBeUndefined();
    expect(without.headers['x-ms-user-quota-resets-after']).toBe('00:00:04');
    expect((await argQuery(fake, { query: storageQuery, options: { $top: 1 } })).status).toBe(200);
    expect(fake.throttled - before).toBe(2);
  });

  it('reset: the connection is destroyed without an answer', async () => {
    fake.inject({ times: 1, fault: { kind: 'reset' } });
    const e = await errorOf(call(fake, { path: irPath }));
    expect(e.code).toMatch(/ECONNRESET|EPIPE/);
    expect(fake.requests.at(-1)).toMatchObject({ status: 0, fault: 'reset' });
    expect((await call(fake, { path: irPath })).status).toBe(200);
  });

  it('hang: never answers, so the client times out', async () => {
    fake.inject({ times: 1, fault: { kind: 'hang' } });
    const started = Date.now();
    const e = await errorOf(call(fake, { path: irPath, timeoutMs: 300 }));
    expect(e.code).toBe('CLIENT_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(fake.requests.at(-1)).toMatchObject({ status: 0, fault: 'hang' });
  });

  it('slowDrip: headers at once, then the body a byte at a time over the duration', async () => {
    fake.inject({ times: 1, fault: { kind: 'slowDrip', durationMs: 400 } });
    const r = await call(fake, { path: irPath });
    expect(r.status).toBe(200);
    expect(r.headersAfterMs).toBeLessThan(300);
    expect(r.endAfterMs).toBeGreaterThanOrEqual(380);
    expect(r.chunks).toBeGreaterThan(20);
    expect(r.json().value).toHaveLength(3);
  });

  it('malformedJson: 200 with a body cut in half', async () => {
    fake.inject({ match: { route: 'arg' }, times: 1, fault: { kind: 'malformedJson' } });
    const r = await argQuery(fake, { query: storageQuery, options: { $top: 2 } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(() => r.json()).toThrow();
    expect(r.text.startsWith('{"totalRecords":')).toBe(true);
  });

  it('resultTruncated: ARG says "true" and gives no $skipToken', async () => {
    fake.inject({ times: 1, fault: { kind: 'resultTruncated' } });
    const body = (await argQuery(fake, { query: storageQuery, options: { $top: 10 } })).json();
    expect(body.resultTruncated).toBe('true');
    expect(body.$skipToken).toBeUndefined();
    expect(body.count).toBe(10);
    expect(body.totalRecords).toBe(STORAGE_ROWS);
  });

  it('repeatSkipToken: the same $skipToken comes back forever', async () => {
    fake.inject({ fault: { kind: 'repeatSkipToken' } });
    const first = (await argQuery(fake, { query: storageQuery, options: { $top: 10 } })).json();
    const second = (await argQuery(fake, { query: storageQuery, options: { $top: 10, $skipToken: first.$skipToken } })).json();
    const third = (await argQuery(fake, { query: storageQuery, options: { $top: 10, $skipToken: second.$skipToken } })).json();
    expect(second.$skipToken).toBe(first.$skipToken);
    expect(third.$skipToken).toBe(first.$skipToken);
    expect(third.data).toEqual(second.data);
  });

  it('ARG-only and permissions-only faults never fire (or count) on other routes', async () => {
    fake.inject({ times: 1, fault: { kind: 'resultTruncated' } });
    expect((await call(fake, { path: irPath })).status).toBe(200);
    expect((await argQuery(fake, { query: storageQuery, options: { $top: 1 } })).json().resultTruncated).toBe('true');
  });

  it('dns: the workspace advertises an unresolvable .invalid data-plane host', async () => {
    fake.inject({ match: { workspace: 'syn-prod' }, times: 1, fault: { kind: 'dns' } });
    const q = "resources | where type =~ 'microsoft.synapse/workspaces' | project id, name, properties | order by id asc";
    const devOf = (body: { data: RawPayload[] }, name: string) =>
      (body.data.find((r) => r.name === name)!.properties as { connectivityEndpoints: { dev: string } }).connectivityEndpoints.dev;
    const faulted = (await argQuery(fake, { query: q })).json();
    const dev = devOf(faulted, 'syn-prod');
    expect(dev).toBe('https://syn-prod.dev.azuresynapse.invalid');
    // RFC 6761: names under .invalid never resolve, so the client sees a DNS failure and nothing leaves loopback.
    expect(new URL(dev).hostname.endsWith('.invalid')).toBe(true);
    expect(devOf(faulted, 'syn-other')).toBe(fake.dataPlaneUrl('syn-other'));
    expect(fake.requests.at(-1)!.fault).toBe('dns');
    // times: 1 — the next answer advertises the fake again.
    expect(devOf((await argQuery(fake, { query: q })).json(), 'syn-prod')).toBe(fake.dataPlaneUrl('syn-prod'));
  });

  it('rejects a fault with a bad times', () => {
    expect(() => fake.inject({ times: 0, fault: { kind: 'reset' } })).toThrow(/times/);
  });
});

describe('snapshot errors', () => {
  it("replays a snapshot's recorded errors on their routes and scopes (unless told not to)", async () => {
    const withErrors: Snapshot = {
      ...snapshot,
      errors: [
        { source: 'synapse.linkedServices', scope: SYN, status: 403, code: 'Unauthorized', message: 'The principal lacks Synapse RBAC.' },
        { source: 'resourceGraph.authorizationresources', scope: `/subscriptions/${SUB2}`, status: 403, message: 'no access' },
        { source: 'arm.integrationRuntimes', scope: `/subscriptions/${SUB}/resourceGroups/rg-analytics`, message: 'connection reset' },
      ],
    };
    const replaying = await startFakeAzure({ snapshot: withErrors });
    const quiet = await startFakeAzure({ snapshot: withErrors, replaySnapshotErrors: false });
    try {
      const ls = await call(replaying, { path: `${replaying.dataPlaneUrl('syn-prod')}/linkedservices?api-version=2020-12-01` });
      expect(ls.status).toBe(403);
      expect(ls.json()).toEqual({ error: { code: 'Unauthorized', message: 'The principal lacks Synapse RBAC.' } });
      expect((await call(replaying, { path: `${replaying.dataPlaneUrl('syn-prod')}/roleAssignments?api-version=2020-12-01` })).status).toBe(200);
      expect((await argQuery(replaying, { query: 'authorizationresources', subscriptions: [SUB] })).status).toBe(200);
      const arg = await argQuery(replaying, { query: 'authorizationresources', subscriptions: [SUB, SUB2] });
      expect(arg.status).toBe(403);
      expect(arg.json().error.code).toBe('AuthorizationFailed');
      expect((await argQuery(replaying, { query: 'resources | where name == "x"', subscriptions: [SUB2] })).status).toBe(200);
      const e = await errorOf(call(replaying, { path: `${SYN}/integrationRuntimes?api-version=2021-06-01` }));
      expect(e.code).toMatch(/ECONNRESET|EPIPE/);
      expect((await call(quiet, { path: `${quiet.dataPlaneUrl('syn-prod')}/linkedservices?api-version=2020-12-01` })).status).toBe(200);
    } finally {
      await replaying.stop();
      await quiet.stop();
    }
  });
});
