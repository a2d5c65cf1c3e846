import { describe, expect, it } from 'vitest';
import rule, { sameSparkVersion } from '../../rules/SA100-desired-state-drift.js';
import { SUB, TENANT, SnapshotBuilder, amlWorkspaceRow, azureMlLinkedService, ids, sparkPoolRow, synapseWorkspaceRow } from '../support/payloads.js';
import type { AzureMlLinkedServiceOptions, SynapseWorkspaceOptions } from '../support/payloads.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import { UAMI_ID, UAMI_PRINCIPAL, attach, compute, computes403, declare, healthyAttached, poolId } from '../support/attached-pools.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, AML_KEYVAULT_ID, AML_PE_ID, AML_REGISTRY_ID, AML_STORAGE_ID, MANAGED_PE_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const synapse = (o: SynapseWorkspaceOptions) => (b: SnapshotBuilder) => {
  b.resources[0] = synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, storageAccountName: 'synprodadls', ...o });
};
const pool = (version: string) => (b: SnapshotBuilder) => { b.resources[1] = sparkPoolRow(SYNAPSE_ID, 'mlpool', version); };
const linkedService = (o: AzureMlLinkedServiceOptions, target = AML_ID) => (b: SnapshotBuilder) => {
  b.linkedServices(SYNAPSE_ID, azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', target, o));
};
const servicePrincipalSpec = (i: IntegrationSpec) => {
  i.linkedService = {
    name: 'AzureMLService1',
    authentication: 'servicePrincipal',
    servicePrincipal: { clientId: principals.spClient, objectId: principals.spObject, tenantId: TENANT, secret: { keyVault: { linkedService: 'kv-ls', secretName: 'aml-sp' } } },
  };
};
const removeAml = (b: SnapshotBuilder) => { b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1); };

describe('sameSparkVersion', () => {
  it('compares major.minor', () => {
    expect(sameSparkVersion('3.4', '3.4')).toBe(true);
    expect(sameSparkVersion(' 3.4 ', '3.4.0')).toBe(true);
    expect(sameSparkVersion('3.4', '3.5')).toBe(false);
    expect(sameSparkVersion('3', '3.0')).toBe(true);
    expect(sameSparkVersion('3.4', '3.40')).toBe(false);
  });
});

describeRule(rule, {
  pass: [
    {
      name: 'every declared property matches',
      expect: [
        { outcome: 'pass', messageId: 'matches', path: ['synapse', 'managedVirtualNetwork'] },
        { outcome: 'pass', messageId: 'matches', path: ['synapse', 'preventDataExfiltration'] },
        { outcome: 'pass', messageId: 'matches', path: ['synapse', 'publicNetworkAccess'] },
        { outcome: 'pass', messageId: 'matches', path: ['synapse', 'sparkPools', 0, 'sparkVersion'], resource: 'bigDataPools/mlpool' },
        { outcome: 'pass', messageId: 'matches', path: ['machineLearning', 'publicNetworkAccess'], resource: 'aml-prod' },
        { outcome: 'pass', messageId: 'matches', path: ['linkedService', 'authentication'] },
        { outcome: 'pass', messageId: 'matches', path: ['linkedService', 'integrationRuntime'] },
        { outcome: 'pass', messageId: 'matches', path: ['linkedService', 'name'], message: 'target AML workspace' },
      ],
      exactly: true,
    },
    {
      name: 'live 3.4.0 equals declared 3.4',
      spec: (i) => { i.synapse.sparkPools![0]!.sparkVersion = '3.4'; },
      estate: pool('3.4.0'),
      expect: [{ outcome: 'pass', messageId: 'matches', path: ['synapse', 'sparkPools', 0, 'sparkVersion'] }],
    },
    {
      name: 'Synapse publicNetworkAccess absent live means Enabled',
      estate: (b) => { delete (b.resources[0]!['properties'] as Record<string, unknown>)['publicNetworkAccess']; },
      expect: [{ outcome: 'pass', messageId: 'matches', path: ['synapse', 'publicNetworkAccess'], message: '(Enabled)' }],
    },
    {
      name: 'service principal client ID and tenant match; runtime compares case-insensitively',
      spec: (i) => { servicePrincipalSpec(i); i.linkedService!.integrationRuntime = 'autoresolveintegrationruntime'; },
      estate: linkedService({ authentication: 'ServicePrincipal', servicePrincipalId: principals.spClient.toUpperCase() }),
      expect: [
        { outcome: 'pass', messageId: 'matches', path: ['linkedService', 'authentication'] },
        { outcome: 'pass', messageId: 'matches', path: ['linkedService', 'integrationRuntime'] },
        { outcome: 'pass', messageId: 'matches', path: ['linkedService', 'servicePrincipal', 'clientId'] },
        { outcome: 'pass', messageId: 'matches', path: ['linkedService', 'servicePrincipal', 'tenantId'] },
      ],
    },
    {
      name: 'a declared attached pool matches: pool, identity and user-assigned identities (IDs case-insensitive)',
      spec: declare({ name: 'synapse-uami', pool: 'MLPool', identity: 'userAssigned', userAssignedIdentities: [UAMI_ID.toUpperCase()] }),
      estate: attach(compute('synapse-uami', poolId(), { userAssigned: { [UAMI_ID]: UAMI_PRINCIPAL } })),
      expect: [
        { outcome: 'pass', messageId: 'matches', path: ['machineLearning', 'attachedSparkPools', 0, 'pool'] },
        { outcome: 'pass', messageId: 'matches', path: ['machineLearning', 'attachedSparkPools', 0, 'identity'] },
        { outcome: 'pass', messageId: 'matches', path: ['machineLearning', 'attachedSparkPools', 0, 'userAssignedIdentities'] },
      ],
    },
  ],
  fail: [
    {
      name: 'Synapse public network access disabled live',
      estate: synapse({ publicNetworkAccess: 'Disabled' }),
      expect: [{ outcome: 'fail', messageId: 'differs', path: ['synapse', 'publicNetworkAccess'], message: 'is Disabled; the spec declares Enabled' }],
    },
    {
      name: 'Synapse workspace without managed virtual network',
      estate: synapse({ managedVirtualNetwork: false }),
      expect: [{ outcome: 'fail', messageId: 'differs', path: ['synapse', 'managedVirtualNetwork'], message: 'is false' }],
    },
    {
      name: 'Synapse workspace with exfiltration protection',
      estate: synapse({ preventDataExfiltration: true }),
      expect: [{ outcome: 'fail', messageId: 'differs', path: ['synapse', 'preventDataExfiltration'] }],
    },
    {
      name: 'pool runs 3.4, spec declares 3.5',
      estate: pool('3.4'),
      expect: [{ outcome: 'fail', messageId: 'differs', path: ['synapse', 'sparkPools', 0, 'sparkVersion'], message: 'is 3.4; the spec declares 3.5' }],
    },
    {
      name: 'AML workspace public network access enabled live',
      estate: (b) => {
        b.resources[b.resources.findIndex((r) => String(r['id']) === AML_ID)] = amlWorkspaceRow(AML_ID, {
          publicNetworkAccess: 'Enabled', principalId: principals.amlMsi, storageAccount: AML_STORAGE_ID, keyVault: AML_KEYVAULT_ID,
          containerRegistry: AML_REGISTRY_ID, connections: [[AML_PE_ID, 'Approved'], [MANAGED_PE_ID, 'Approved']],
        });
      },
      expect: [{ outcome: 'fail', messageId: 'differs', path: ['machineLearning', 'publicNetworkAccess'] }],
    },
    {
      name: 'linked service uses a service principal, spec declares managed identity',
      estate: linkedService({ authentication: 'ServicePrincipal' }),
      expect: [{ outcome: 'fail', messageId: 'differs', path: ['linkedService', 'authentication'], message: 'is servicePrincipal; the spec declares managedIdentity' }],
    },
    {
      name: 'linked service connects via another runtime',
      estate: linkedService({ connectVia: 'ManagedIR-WestEurope' }),
      expect: [{ outcome: 'fail', messageId: 'differs', path: ['linkedService', 'integrationRuntime'], message: 'ManagedIR-WestEurope' }],
    },
    {
      name: 'service principal client ID differs',
      spec: servicePrincipalSpec,
      estate: linkedService({ authentication: 'ServicePrincipal', servicePrincipalId: 'cccccccc-0000-4000-8000-000000000002' }),
      expect: [{ outcome: 'fail', messageId: 'differs', path: ['linkedService', 'servicePrincipal', 'clientId'] }],
    },
    {
      name: 'service principal client ID is an expression (note)',
      spec: servicePrincipalSpec,
      estate: linkedService({ authentication: 'ServicePrincipal', servicePrincipalId: { type: 'Expression', value: "@linkedService().spId" } }),
      expect: [{ outcome: 'fail', messageId: 'expression', severity: 'note', path: ['linkedService', 'servicePrincipal', 'clientId'], message: 'cannot compare an expression' }],
    },
    {
      name: 'linked service points at another AML workspace',
      estate: linkedService({}, ids.aml('aml-dev')),
      expect: [{ outcome: 'fail', messageId: 'differs', path: ['linkedService', 'name'], message: 'mlWorkspaceName aml-dev' }],
    },
    {
      name: 'linked service target is an expression (note)',
      estate: linkedService({ typeProperties: { mlWorkspaceName: { type: 'Expression', value: '@pipeline().globalParameters.ws' } } }),
      expect: [{ outcome: 'fail', messageId: 'expression', severity: 'note', path: ['linkedService', 'name'] }],
    },
    {
      name: 'an attached pool drifted: another pool, another identity type, other user-assigned identities',
      spec: declare({ name: 'synapse-mlpool', pool: 'otherpool', identity: 'userAssigned', userAssignedIdentities: [UAMI_ID.replace('id-spark', 'id-old')] }),
      estate: attach(compute('synapse-mlpool', poolId(), { userAssigned: { [UAMI_ID]: UAMI_PRINCIPAL }, systemPrincipalId: '17171717-0000-4000-8000-0000000000bb' })),
      expect: [
        { outcome: 'fail', messageId: 'differs', path: ['machineLearning', 'attachedSparkPools', 0, 'pool'], message: 'bigDataPools/mlpool; the spec declares' },
        { outcome: 'fail', messageId: 'differs', path: ['machineLearning', 'attachedSparkPools', 0, 'identity'], message: 'is systemAssigned,userAssigned; the spec declares userAssigned' },
        { outcome: 'fail', messageId: 'differs', path: ['machineLearning', 'attachedSparkPools', 0, 'userAssignedIdentities'], message: 'id-spark; the spec declares' },
      ],
    },
  ],
  notApplicable: [
    {
      name: 'Synapse workspace missing: its properties, pools and linked service are not compared',
      estate: (b) => { b.resources.shift(); },
      expect: [
        { outcome: 'not-applicable', messageId: 'resource-missing', path: ['synapse', 'managedVirtualNetwork'] },
        { outcome: 'not-applicable', messageId: 'resource-missing', path: ['synapse', 'sparkPools', 0, 'sparkVersion'] },
        { outcome: 'not-applicable', messageId: 'resource-missing', path: ['linkedService', 'authentication'] },
        { outcome: 'pass', messageId: 'matches', path: ['machineLearning', 'publicNetworkAccess'] },
      ],
    },
    {
      name: 'pool missing',
      estate: (b) => { b.resources.splice(1, 1); },
      expect: [{ outcome: 'not-applicable', messageId: 'resource-missing', path: ['synapse', 'sparkPools', 0, 'sparkVersion'], message: 'Spark pool mlpool' }],
    },
    {
      name: 'AML workspace missing',
      estate: removeAml,
      expect: [{ outcome: 'not-applicable', messageId: 'resource-missing', path: ['machineLearning', 'publicNetworkAccess'] }],
    },
    {
      name: 'linked service missing',
      estate: (b) => { b.linkedServices(SYNAPSE_ID); },
      expect: [
        { outcome: 'not-applicable', messageId: 'resource-missing', path: ['linkedService', 'authentication'] },
        { outcome: 'not-applicable', messageId: 'resource-missing', path: ['linkedService', 'name'] },
      ],
    },
    {
      name: 'linked service of another type',
      estate: (b) => {
        const ls = azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID);
        (ls['properties'] as Record<string, unknown>)['type'] = 'AzureBlobFS';
        b.linkedServices(SYNAPSE_ID, ls);
      },
      expect: [{ outcome: 'not-applicable', messageId: 'wrong-type', path: ['linkedService', 'authentication'], message: 'AzureBlobFS' }],
    },
    {
      name: 'properties not declared are not compared',
      spec: (i) => {
        delete i.synapse.managedVirtualNetwork;
        delete i.synapse.preventDataExfiltration;
        delete i.synapse.publicNetworkAccess;
        delete i.synapse.sparkPools;
        delete i.machineLearning.publicNetworkAccess;
        delete i.linkedService;
      },
      estate: synapse({ publicNetworkAccess: 'Disabled', managedVirtualNetwork: false }),
      expect: [],
      exactly: true,
    },
    {
      name: 'a declared attached pool that is not attached: its properties are not compared (SA016)',
      spec: declare({ name: 'synapse-mlpool', pool: 'mlpool', identity: 'systemAssigned' }),
      expect: [{ outcome: 'not-applicable', messageId: 'resource-missing', resource: `${AML_ID}/computes/synapse-mlpool`, path: ['machineLearning', 'attachedSparkPools', 0, 'identity'] }],
    },
  ],
  unknown: [
    {
      name: 'Synapse data plane denied: linked service properties unknown',
      estate: (b) => {
        b.error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'denied', missing: 'Synapse Artifact User' });
      },
      expect: [
        { outcome: 'unknown', path: ['linkedService', 'authentication'], message: 'Synapse Artifact User' },
        { outcome: 'unknown', path: ['linkedService', 'integrationRuntime'] },
        { outcome: 'unknown', path: ['linkedService', 'name'] },
        { outcome: 'pass', path: ['synapse', 'publicNetworkAccess'] },
      ],
    },
    {
      name: 'Resource Graph denied: every property unknown',
      estate: (b) => {
        b.resources.length = 0;
        b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'denied', missing: 'Reader on the subscription' });
      },
      expect: [
        { outcome: 'unknown', path: ['synapse', 'managedVirtualNetwork'] },
        { outcome: 'unknown', path: ['synapse', 'preventDataExfiltration'] },
        { outcome: 'unknown', path: ['synapse', 'publicNetworkAccess'] },
        { outcome: 'unknown', path: ['synapse', 'sparkPools', 0, 'sparkVersion'] },
        { outcome: 'unknown', path: ['machineLearning', 'publicNetworkAccess'] },
        { outcome: 'unknown', path: ['linkedService', 'authentication'] },
        { outcome: 'unknown', path: ['linkedService', 'integrationRuntime'] },
        { outcome: 'unknown', path: ['linkedService', 'name'] },
      ],
      exactly: true,
    },
    {
      name: 'a 403 on the computes list: the declared attached pool\'s properties are unknown',
      spec: declare({ name: 'synapse-mlpool', pool: 'mlpool', identity: 'systemAssigned' }),
      estate: (b) => { healthyAttached(b); b.error(computes403); },
      expect: [
        { outcome: 'unknown', resource: `${AML_ID}/computes/synapse-mlpool`, path: ['machineLearning', 'attachedSparkPools', 0, 'pool'] },
        { outcome: 'unknown', path: ['machineLearning', 'attachedSparkPools', 0, 'identity'] },
      ],
    },
  ],
});
