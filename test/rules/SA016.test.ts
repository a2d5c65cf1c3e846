import rule from '../../rules/SA016-declared-resource-exists.js';
import { SUB, amlSideLinkedService, azureMlLinkedService, sparkPoolRow, synapseWorkspaceRow } from '../support/payloads.js';
import { computes403, declare, healthyAttached } from '../support/attached-pools.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const removeAml = (b: { resources: Array<Record<string, unknown>> }) => {
  b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1);
};

describeRule(rule, {
  pass: [
    {
      name: 'everything declared exists',
      expect: [
        { outcome: 'pass', messageId: 'synapse-found', path: ['synapse', 'workspaceId'] },
        { outcome: 'pass', messageId: 'aml-found', path: ['machineLearning', 'workspaceId'] },
        { outcome: 'pass', messageId: 'pool-found', path: ['synapse', 'sparkPools', 0, 'name'], resource: 'bigDataPools/mlpool' },
        { outcome: 'pass', messageId: 'linked-service-found', path: ['linkedService', 'name'] },
        { outcome: 'pass', messageId: 'mpe-found', path: ['network', 'managedPrivateEndpoint', 'name'] },
      ],
      exactly: true,
    },
    {
      name: 'names compare case-insensitively; the declared AML-side link exists',
      spec: (i) => {
        i.synapse.sparkPools![0]!.name = 'MLPool';
        i.linkedService!.name = 'azuremlservice1';
        i.machineLearning.synapseLink = { name: 'SynapseLink1' };
      },
      estate: (b) => { b.amlLinks(AML_ID, amlSideLinkedService(AML_ID, 'synapselink1', SYNAPSE_ID, principals.amlMsi)); },
      expect: [
        { outcome: 'pass', messageId: 'pool-found' },
        { outcome: 'pass', messageId: 'linked-service-found' },
        { outcome: 'pass', messageId: 'link-found', path: ['machineLearning', 'synapseLink', 'name'] },
      ],
    },
    {
      name: 'a declared attached Spark pool exists (compute names compare case-insensitively)',
      spec: declare({ name: 'Synapse-MLPool', pool: 'mlpool' }),
      estate: healthyAttached,
      expect: [{ outcome: 'pass', messageId: 'attached-found', path: ['machineLearning', 'attachedSparkPools', 0, 'name'] }],
    },
  ],
  fail: [
    {
      name: 'Synapse workspace missing: its children are not-applicable',
      estate: (b) => { b.resources.shift(); },
      expect: [
        { outcome: 'fail', messageId: 'synapse-missing', path: ['synapse', 'workspaceId'] },
        { outcome: 'pass', messageId: 'aml-found' },
        { outcome: 'not-applicable', messageId: 'parent-missing', path: ['synapse', 'sparkPools', 0, 'name'] },
        { outcome: 'not-applicable', messageId: 'parent-missing', path: ['linkedService', 'name'] },
        { outcome: 'not-applicable', messageId: 'parent-missing', path: ['network', 'managedPrivateEndpoint', 'name'] },
      ],
      exactly: true,
    },
    {
      name: 'AML workspace missing',
      estate: removeAml,
      expect: [{ outcome: 'fail', messageId: 'aml-missing', resource: 'aml-prod' }],
    },
    {
      name: 'a second declared pool is missing',
      spec: (i) => { i.synapse.sparkPools!.push({ name: 'etlpool', sparkVersion: '3.5' }); },
      expect: [
        { outcome: 'pass', messageId: 'pool-found', path: ['synapse', 'sparkPools', 0, 'name'] },
        { outcome: 'fail', messageId: 'pool-missing', path: ['synapse', 'sparkPools', 1, 'name'], message: 'etlpool' },
      ],
    },
    {
      name: 'a pool with the same name in another workspace does not count',
      estate: (b) => {
        b.resources.splice(1, 1, sparkPoolRow(SYNAPSE_ID.replace('syn-prod', 'syn-dev'), 'mlpool', '3.5'));
      },
      expect: [{ outcome: 'fail', messageId: 'pool-missing' }],
    },
    {
      name: 'linked service missing',
      estate: (b) => { b.linkedServices(SYNAPSE_ID); },
      expect: [{ outcome: 'fail', messageId: 'linked-service-missing', path: ['linkedService', 'name'] }],
    },
    {
      name: 'linked service has the declared name but is not AzureMLService',
      estate: (b) => {
        const ls = azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID);
        (ls['properties'] as Record<string, unknown>)['type'] = 'AzureBlobFS';
        b.linkedServices(SYNAPSE_ID, ls);
      },
      expect: [{ outcome: 'fail', messageId: 'linked-service-wrong-type', message: 'type AzureBlobFS' }],
    },
    {
      name: 'managed private endpoint missing',
      estate: (b) => { b.managedPrivateEndpoints(SYNAPSE_ID); },
      expect: [{ outcome: 'fail', messageId: 'mpe-missing', path: ['network', 'managedPrivateEndpoint', 'name'] }],
    },
    {
      name: 'managed private endpoint cannot exist without a managed virtual network',
      estate: (b) => { b.resources[0] = synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, managedVirtualNetwork: false }); },
      expect: [{ outcome: 'fail', messageId: 'mpe-no-vnet' }],
    },
    {
      name: 'declared AML-side link missing',
      spec: (i) => { i.machineLearning.synapseLink = { name: 'synapselink1' }; },
      expect: [{ outcome: 'fail', messageId: 'link-missing', path: ['machineLearning', 'synapseLink', 'name'] }],
    },
    {
      name: 'a declared attached Spark pool that is not attached (no compute of that name)',
      spec: declare({ name: 'synapse-mlpool', pool: 'mlpool' }),
      expect: [{ outcome: 'fail', messageId: 'attached-missing', resource: `${AML_ID}/computes/synapse-mlpool`, path: ['machineLearning', 'attachedSparkPools', 0, 'name'] }],
    },
  ],
  notApplicable: [
    {
      name: 'AML workspace missing: the declared AML-side link is not checked',
      spec: (i) => { i.machineLearning.synapseLink = { name: 'synapselink1' }; },
      estate: removeAml,
      expect: [
        { outcome: 'fail', messageId: 'aml-missing' },
        { outcome: 'not-applicable', messageId: 'parent-missing', path: ['machineLearning', 'synapseLink', 'name'] },
      ],
    },
    {
      name: 'optional managed private endpoint missing',
      spec: (i) => { i.network!.managedPrivateEndpoint!.required = false; },
      estate: (b) => { b.managedPrivateEndpoints(SYNAPSE_ID); },
      expect: [{ outcome: 'not-applicable', messageId: 'mpe-optional' }],
    },
  ],
  unknown: [
    {
      name: 'Synapse data plane denied: linked service and managed private endpoint unknown, the rest known',
      estate: (b) => {
        b.error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'denied', missing: 'Synapse Artifact User' });
        b.error({ source: 'synapse.managedPrivateEndpoints', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'denied', missing: 'Synapse Artifact User' });
      },
      expect: [
        { outcome: 'pass', messageId: 'pool-found' },
        { outcome: 'unknown', path: ['linkedService', 'name'], message: 'Synapse Artifact User' },
        { outcome: 'unknown', path: ['network', 'managedPrivateEndpoint', 'name'] },
      ],
    },
    {
      name: 'Resource Graph denied: the workspaces and their children are unknown, never missing',
      estate: (b) => {
        b.resources.length = 0;
        b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'denied', missing: 'Reader on the subscription' });
      },
      expect: [
        { outcome: 'unknown', path: ['synapse', 'workspaceId'] },
        { outcome: 'unknown', path: ['machineLearning', 'workspaceId'] },
        { outcome: 'unknown', path: ['synapse', 'sparkPools', 0, 'name'] },
        { outcome: 'unknown', path: ['linkedService', 'name'] },
        { outcome: 'unknown', path: ['network', 'managedPrivateEndpoint', 'name'] },
      ],
      exactly: true,
    },
    {
      name: 'AML-side linked services could not be read',
      spec: (i) => { i.machineLearning.synapseLink = { name: 'synapselink1' }; },
      estate: (b) => { b.error({ source: 'arm.linkedServices', scope: AML_ID, status: 500, code: 'InternalServerError', message: 'boom' }); },
      expect: [{ outcome: 'unknown', path: ['machineLearning', 'synapseLink', 'name'], message: 'boom' }],
    },
    {
      name: 'a 403 on the computes list makes a declared attached pool unknown',
      spec: declare({ name: 'synapse-mlpool', pool: 'mlpool' }),
      estate: (b) => { healthyAttached(b); b.error(computes403); },
      expect: [{ outcome: 'unknown', resource: 'computes/synapse-mlpool', path: ['machineLearning', 'attachedSparkPools', 0, 'name'], message: 'computes/read' }],
    },
  ],
});
