// SA001: the AML integration is not supported on Synapse workspaces with data exfiltration protection.
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Rule } from '../src/engine/types.js';
import { DOCS } from './docs.js';

const rule: Rule = {
  meta: {
    id: 'SA001',
    name: 'exfiltration-protection-blocks-aml',
    title: 'The Synapse workspace must not have data exfiltration protection',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces'],
    dataSources: ['resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'Microsoft does not support the Azure Machine Learning integration in Synapse workspaces with data exfiltration protection ' +
      '(managedVirtualNetworkSettings.preventDataExfiltration). The linked service cannot reach the AML workspace from such a workspace.',
    remediation:
      'Data exfiltration protection can only be chosen when a workspace is created. Use (or create) a Synapse workspace with a managed ' +
      'virtual network but without data exfiltration protection, and reach AML through a managed private endpoint: ' +
      '`az synapse workspace create ... --enable-managed-virtual-network true --prevent-exfiltration false`.',
    docs: [DOCS.quickstart, DOCS.privateEndpointIntegration],
    messages: {
      ...COMMON_MESSAGES,
      declared: 'The spec declares preventDataExfiltration: true, which the AML integration does not support.',
      enabled: 'Synapse workspace {{workspace}} has data exfiltration protection enabled; the AML integration is not supported there.',
      disabled: 'Synapse workspace {{workspace}} has no data exfiltration protection.',
      missing: 'Synapse workspace {{workspace}} was not found (see SA016).',
    },
  },
  checkSpec({ integration }) {
    if (integration.synapse.preventDataExfiltration !== true) return [];
    return [fail('declared', { path: ['synapse', 'preventDataExfiltration'], resourceId: integration.synapse.workspaceId, expected: 'false', actual: 'true' })];
  },
  checkEstate({ integration, estate }) {
    const id = integration.synapse.workspaceId;
    const ws = estate.synapseWorkspace(id);
    if (!ws.ok) return [unknown(ws.error, 'the Synapse workspace', { resourceId: id, path: ['synapse', 'workspaceId'] })];
    if (!ws.value) return [notApplicable('missing', { resourceId: id, data: { workspace: id }, path: ['synapse', 'workspaceId'] })];
    const data = { workspace: ws.value.name };
    return ws.value.preventDataExfiltration
      ? [fail('enabled', { resourceId: ws.value.id, data, expected: 'preventDataExfiltration: false', actual: 'preventDataExfiltration: true', path: ['synapse'], property: 'properties.managedVirtualNetworkSettings.preventDataExfiltration' })]
      : [pass('disabled', { resourceId: ws.value.id, data, path: ['synapse'] })];
  },
};

export default rule;
