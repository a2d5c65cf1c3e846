// SA011: a private AML workspace can only be reached from a Synapse workspace in a managed virtual network.
import { lastSegment } from '../src/azure/ids.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Rule } from '../src/engine/types.js';
import { DOCS } from './docs.js';

const isDisabled = (value: string | undefined) => value?.trim().toLowerCase() === 'disabled';

const rule: Rule = {
  meta: {
    id: 'SA011',
    name: 'private-aml-needs-managed-vnet',
    title: 'A private AML workspace needs a Synapse workspace with a managed virtual network',
    severity: 'error',
    resourceTypes: ['microsoft.machinelearningservices/workspaces', 'microsoft.synapse/workspaces'],
    dataSources: ['resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'When the AML workspace is private (publicNetworkAccess Disabled), Synapse can reach it only through a managed private endpoint ' +
      "from the Synapse workspace's managed virtual network; Microsoft's secure integration requires the Synapse workspace to be in a " +
      'managed virtual network. The AML workspace counts as private when its live publicNetworkAccess is Disabled, or, when it is not ' +
      'found live, when the spec declares it Disabled. A public AML workspace makes the rule not applicable.',
    remediation:
      'A managed virtual network can only be chosen when a Synapse workspace is created: create a workspace with ' +
      '`az synapse workspace create --name <workspace> --resource-group <rg> --storage-account <adls> --file-system <fs> ' +
      '--sql-admin-login-user <user> --sql-admin-login-password <password> --location <region> --enable-managed-virtual-network true ' +
      '--prevent-exfiltration false` (exfiltration protection must stay off, see SA001), move the artifacts to it, create the managed ' +
      'private endpoint to the AML workspace (groupId amlworkspace) and approve it on the AML side (see SA008). Set ' +
      '`synapse.managedVirtualNetwork: true` in the spec.',
    docs: [DOCS.privateEndpointIntegration],
    messages: {
      ...COMMON_MESSAGES,
      declared:
        'The spec declares AML workspace {{aml}} private (publicNetworkAccess: Disabled) and Synapse workspace {{synapse}} without a managed virtual network (managedVirtualNetwork: false); a private AML workspace needs Synapse in a managed virtual network.',
      'no-managed-vnet':
        'AML workspace {{aml}} is private ({{privacy}}), but Synapse workspace {{synapse}} has no managed virtual network, so it cannot reach the AML workspace through a managed private endpoint.',
      'managed-vnet': 'AML workspace {{aml}} is private ({{privacy}}) and Synapse workspace {{synapse}} has a managed virtual network.',
      'aml-public': 'AML workspace {{aml}} is not private (publicNetworkAccess: {{access}}); a managed virtual network is not required for it.',
      'aml-missing': 'AML workspace {{aml}} was not found (see SA016) and the spec does not declare it private (publicNetworkAccess: Disabled).',
      'synapse-missing': 'Synapse workspace {{synapse}} was not found (see SA016).',
    },
  },
  checkSpec({ integration }) {
    const { synapse, machineLearning } = integration;
    if (!isDisabled(machineLearning.publicNetworkAccess) || synapse.managedVirtualNetwork !== false) return [];
    return [
      fail('declared', {
        resourceId: synapse.workspaceId,
        path: ['synapse', 'managedVirtualNetwork'],
        data: { aml: lastSegment(machineLearning.workspaceId), synapse: lastSegment(synapse.workspaceId) },
        expected: 'managedVirtualNetwork: true',
        actual: 'managedVirtualNetwork: false',
      }),
    ];
  },
  checkEstate({ integration, estate }) {
    const amlId = integration.machineLearning.workspaceId;
    const aml = estate.amlWorkspace(amlId);
    if (!aml.ok) return [unknown(aml.error, 'the AML workspace', { resourceId: amlId, path: ['machineLearning', 'workspaceId'] })];
    const amlName = aml.value?.name ?? lastSegment(amlId);
    const access = aml.value ? aml.value.publicNetworkAccess : integration.machineLearning.publicNetworkAccess;
    if (!isDisabled(access)) {
      const path = integration.machineLearning.publicNetworkAccess ? ['machineLearning', 'publicNetworkAccess'] : ['machineLearning'];
      if (!aml.value) return [notApplicable('aml-missing', { resourceId: amlId, path, data: { aml: amlName } })];
      return [notApplicable('aml-public', { resourceId: aml.value.id, path, data: { aml: amlName, access: access ?? 'not set (Enabled)' } })];
    }
    const privacy = aml.value ? 'live publicNetworkAccess: Disabled' : 'declared publicNetworkAccess: Disabled; the workspace was not found';

    const synapseId = integration.synapse.workspaceId;
    const ws = estate.synapseWorkspace(synapseId);
    if (!ws.ok) return [unknown(ws.error, 'the Synapse workspace', { resourceId: synapseId, path: ['synapse', 'workspaceId'] })];
    if (!ws.value) return [notApplicable('synapse-missing', { resourceId: synapseId, data: { synapse: synapseId }, path: ['synapse', 'workspaceId'] })];
    const path = integration.synapse.managedVirtualNetwork !== undefined ? ['synapse', 'managedVirtualNetwork'] : ['synapse'];
    const data = { aml: amlName, synapse: ws.value.name, privacy };
    return ws.value.managedVirtualNetwork
      ? [pass('managed-vnet', { resourceId: ws.value.id, path, data })]
      : [fail('no-managed-vnet', { resourceId: ws.value.id, path, data, expected: 'managedVirtualNetwork: default', actual: 'no managed virtual network' })];
  },
};

export default rule;
