import rule from '../../rules/SA011-private-aml-needs-managed-vnet.js';
import { SUB, SnapshotBuilder, amlWorkspaceRow, synapseWorkspaceRow } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const AML_TYPE = 'microsoft.machinelearningservices/workspaces';

const withoutManagedVnet = (b: SnapshotBuilder) => {
  b.resources[0] = synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, storageAccountName: 'synprodadls', managedVirtualNetwork: false });
};
const replaceAml = (b: SnapshotBuilder, row?: Record<string, unknown>) => {
  const i = b.resources.findIndex((r) => r['type'] === AML_TYPE);
  if (row) b.resources.splice(i, 1, row);
  else b.resources.splice(i, 1);
};
const publicAml = (b: SnapshotBuilder) => replaceAml(b, amlWorkspaceRow(AML_ID, { principalId: principals.amlMsi, publicNetworkAccess: 'Enabled' }));

describeRule(rule, {
  pass: [
    {
      name: 'private AML workspace and Synapse in a managed virtual network',
      expect: [{ outcome: 'pass', messageId: 'managed-vnet', resource: 'workspaces/syn-prod', path: ['synapse', 'managedVirtualNetwork'] }],
      exactly: true,
    },
    {
      name: 'AML workspace not found live, declared private, Synapse in a managed virtual network',
      estate: (b) => replaceAml(b),
      expect: [{ outcome: 'pass', messageId: 'managed-vnet', message: 'declared publicNetworkAccess: Disabled' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'private AML workspace, Synapse without a managed virtual network',
      estate: withoutManagedVnet,
      expect: [{ outcome: 'fail', messageId: 'no-managed-vnet', resource: 'workspaces/syn-prod', path: ['synapse', 'managedVirtualNetwork'], message: 'live publicNetworkAccess: Disabled' }],
      exactly: true,
    },
    {
      name: 'the spec declares a private AML workspace and no managed virtual network (validate catches it offline)',
      specOnly: true,
      spec: (i) => { i.synapse.managedVirtualNetwork = false; },
      expect: [{ outcome: 'fail', messageId: 'declared', path: ['synapse', 'managedVirtualNetwork'], message: 'AML workspace aml-prod' }],
      exactly: true,
    },
    {
      name: 'AML workspace not found live but declared private; Synapse without a managed virtual network (spec silent on it)',
      spec: (i) => { delete i.synapse.managedVirtualNetwork; },
      estate: (b) => { replaceAml(b); withoutManagedVnet(b); },
      expect: [{ outcome: 'fail', messageId: 'no-managed-vnet', path: ['synapse'], message: 'the workspace was not found' }],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'AML workspace is public live (even though the spec declares it private, and Synapse has no managed VNet)',
      estate: (b) => { publicAml(b); withoutManagedVnet(b); },
      expect: [{ outcome: 'not-applicable', messageId: 'aml-public', message: 'publicNetworkAccess: Enabled' }],
      exactly: true,
    },
    {
      name: 'AML workspace not found and not declared private',
      spec: (i) => { delete i.machineLearning.publicNetworkAccess; },
      estate: (b) => replaceAml(b),
      expect: [{ outcome: 'not-applicable', messageId: 'aml-missing', path: ['machineLearning'] }],
      exactly: true,
    },
    {
      name: 'Synapse workspace does not exist',
      estate: (b) => { b.resources.shift(); },
      expect: [{ outcome: 'not-applicable', messageId: 'synapse-missing' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'the AML workspace cannot be read',
      estate: (b) => {
        replaceAml(b);
        b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}/resourceGroups/rg-ml`, status: 403, code: 'AuthorizationFailed', message: 'no read access', missing: 'Reader on rg-ml' });
      },
      expect: [{ outcome: 'unknown', message: 'Reader on rg-ml', path: ['machineLearning', 'workspaceId'] }],
      exactly: true,
    },
    {
      name: 'the Synapse workspace cannot be read',
      estate: (b) => {
        b.resources.shift();
        b.error({ source: 'resourceGraph.resources', scope: `/subscriptions/${SUB}/resourceGroups/rg-analytics`, status: 403, code: 'AuthorizationFailed', message: 'no read access', missing: 'Reader on rg-analytics' });
      },
      expect: [{ outcome: 'unknown', message: 'Reader on rg-analytics', path: ['synapse', 'workspaceId'] }],
      exactly: true,
    },
  ],
});
