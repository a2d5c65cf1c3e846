// Preflight: what the identity lacks, per scope, before a collection — read-only like the rest.
import { afterEach, describe, expect, it } from 'vitest';
import { preflight } from '../../src/collect/index.js';
import { isActionAllowed } from '../../src/collect/preflight.js';
import type { FakeAzure } from '../fake-azure/index.js';
import { SUB } from '../support/payloads.js';
import { AML_ID, SYNAPSE_ID, healthyIntegration, healthySnapshot } from '../support/scenario.js';
import { optionsFor, specOf, startFake } from './support.js';

let fake: FakeAzure | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('preflight', () => {
  it('passes when the identity can read everything (Reader: */read, Synapse data plane readable)', async () => {
    fake = await startFake(healthySnapshot().build());
    const report = await preflight(specOf(healthyIntegration()), optionsFor(fake));
    expect(report.checks.map((c) => [c.kind, c.scope, c.missing])).toEqual([
      ['subscription', `/subscriptions/${SUB}`, []],
      ['synapseWorkspace', SYNAPSE_ID, []],
      ['amlWorkspace', AML_ID, []],
      ['synapseDataPlane', SYNAPSE_ID, []],
    ]);
    expect(report.ok).toBe(true);
    expect(fake.writes).toEqual([]);
    expect(fake.requests.filter((r) => r.operation === 'permissions')).toHaveLength(3);
  });

  it('lists per scope what is missing: RBAC actions and Synapse data-plane roles', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({
      match: { operation: 'permissions', pathIncludes: 'workspaces/aml-prod/' },
      fault: { kind: 'permissions', permissions: [{ actions: ['Microsoft.MachineLearningServices/*/read'], notActions: ['Microsoft.MachineLearningServices/workspaces/linkedServices/*'], dataActions: [], notDataActions: [] }] },
    });
    fake.inject({ match: { route: 'dataplane', operation: 'roleAssignments' }, fault: { kind: 'status', status: 403 } });
    const report = await preflight(specOf(healthyIntegration()), optionsFor(fake));
    expect(report.ok).toBe(false);
    const aml = report.checks.find((c) => c.kind === 'amlWorkspace')!;
    expect(aml.missing).toEqual([
      'Microsoft.MachineLearningServices/workspaces/linkedServices/read on aml-prod',
      'Microsoft.Authorization/roleAssignments/read on aml-prod',
    ]);
    const dataPlane = report.checks.find((c) => c.kind === 'synapseDataPlane')!;
    expect(dataPlane.missing).toEqual(['Synapse User (or any Synapse RBAC role: each includes it) on workspace syn-prod, which lists role assignments']);
    expect(report.checks.find((c) => c.kind === 'synapseWorkspace')!.missing).toEqual([]);
  });
});

describe('preflight when a check cannot run', () => {
  it('says it cannot tell, rather than passing', async () => {
    fake = await startFake(healthySnapshot().build());
    fake.inject({ match: { operation: 'permissions', pathIncludes: 'workspaces/syn-prod/' }, fault: { kind: 'status', status: 403 } });
    const report = await preflight(specOf(healthyIntegration()), optionsFor(fake));
    expect(report.ok).toBe(false);
    const synapse = report.checks.find((c) => c.kind === 'synapseWorkspace')!;
    expect(synapse.missing).toEqual(['cannot tell: the permissions API for syn-prod answered HTTP 403 AuthorizationFailed']);
    expect(synapse.error).toMatchObject({ status: 403, code: 'AuthorizationFailed' });
  });
});

describe('isActionAllowed', () => {
  it('applies wildcards and notActions per permission entry, case-insensitively', () => {
    const entries = [
      { actions: ['*/read'], notActions: ['Microsoft.Authorization/*/read'] },
      { actions: ['Microsoft.Authorization/roleAssignments/read'], notActions: [] },
    ];
    expect(isActionAllowed(entries, 'microsoft.synapse/workspaces/read')).toBe(true);
    expect(isActionAllowed(entries, 'Microsoft.Authorization/roleDefinitions/read')).toBe(false);
    expect(isActionAllowed(entries, 'Microsoft.Authorization/roleAssignments/read')).toBe(true);
    expect(isActionAllowed(entries, 'Microsoft.Synapse/workspaces/write')).toBe(false);
  });
});
