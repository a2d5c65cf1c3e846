// SA012: registering a Synapse workspace as a linked service from AML (Python SDK v1) is deprecated; new registrations
// are no longer possible.
import { sameId, withoutTrailingSlashes } from '../src/azure/ids.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Rule } from '../src/engine/types.js';
import { DOCS } from './docs.js';

const linkId = (amlWorkspaceId: string, name: string) => `${withoutTrailingSlashes(amlWorkspaceId)}/linkedServices/${name}`;

const rule: Rule = {
  meta: {
    id: 'SA012',
    name: 'sdk-v1-link-deprecated',
    title: 'Do not link the Synapse workspace from AML with the deprecated SDK v1 linked service',
    severity: 'warning',
    resourceTypes: ['microsoft.machinelearningservices/workspaces', 'microsoft.synapse/workspaces'],
    dataSources: ['arm.linkedServices', 'resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'The Azure Synapse Analytics integration in the Azure Machine Learning Python SDK v1 (an AML-side linked service to a ' +
      'Synapse workspace, with attached Synapse Spark pools) is deprecated: existing links keep working, but a new Synapse ' +
      'workspace can no longer be registered with Azure Machine Learning as a linked service. A spec that declares one cannot ' +
      'be deployed from scratch, and one that exists depends on a retiring path. Microsoft recommends serverless Spark compute ' +
      'and attached Synapse Spark pools, available in CLI v2 and Python SDK v2.',
    remediation:
      'Move AML workloads to serverless Spark compute or attach the Synapse Spark pool with CLI v2 / SDK v2 ' +
      '(`az ml compute attach --file synapse-pool.yml --workspace-name <aml> --resource-group <rg>`, the file holding ' +
      '`name: <compute>`, `type: synapsespark` and `resource_id: <Synapse workspace ID>/bigDataPools/<pool>`; Microsoft\'s ' +
      '"Attach and manage a Synapse Spark pool in Azure Machine Learning"), then remove the SDK v1 link ' +
      '(`LinkedService.get(ws, "<name>").unregister()` in SDK v1, or Azure Machine Learning studio > Linked Services) and ' +
      'delete machineLearning.synapseLink from the spec.',
    docs: [DOCS.linkWorkspacesV1],
    messages: {
      ...COMMON_MESSAGES,
      declared:
        'The spec declares an AML-side (SDK v1) link {{link}} to Synapse workspace {{workspace}}: this integration is deprecated and new links can no longer be created; use serverless Spark or attached Synapse Spark pools (CLI v2 / SDK v2).',
      exists:
        'AML workspace {{aml}} has a deprecated SDK v1 linked service {{link}} to Synapse workspace {{workspace}}: migrate to serverless Spark or attached Synapse Spark pools (CLI v2 / SDK v2).',
      none: 'AML workspace {{aml}} has no deprecated SDK v1 linked service to Synapse workspace {{workspace}}.',
      'aml-missing': 'AML workspace {{aml}} was not found (see SA016).',
    },
  },
  checkSpec({ integration }) {
    const link = integration.machineLearning.synapseLink;
    if (!link) return [];
    return [
      fail('declared', {
        resourceId: linkId(integration.machineLearning.workspaceId, link.name),
        path: ['machineLearning', 'synapseLink'],
        data: { link: link.name, workspace: integration.synapse.workspaceId.split('/').pop() ?? integration.synapse.workspaceId },
        expected: 'no AML-side (SDK v1) link',
        actual: `machineLearning.synapseLink ${link.name}`,
      }),
    ];
  },
  checkEstate({ integration, estate }) {
    const amlId = integration.machineLearning.workspaceId;
    const synapseId = integration.synapse.workspaceId;
    const workspace = synapseId.split('/').pop() ?? synapseId;
    const read = estate.amlWorkspace(amlId);
    if (!read.ok) return [unknown(read.error, 'the AML workspace', { resourceId: amlId, path: ['machineLearning', 'workspaceId'] })];
    if (!read.value) return [notApplicable('aml-missing', { resourceId: amlId, path: ['machineLearning', 'workspaceId'], data: { aml: amlId } })];
    const aml = read.value;

    const links = estate.amlLinkedServices(aml.id);
    if (!links.ok) {
      return [unknown(links.error, `the AML-side (SDK v1) linked services of AML workspace ${aml.name}`, { resourceId: aml.id, path: ['machineLearning'] })];
    }
    const declaredName = integration.machineLearning.synapseLink?.name.toLowerCase();
    const toSynapse = links.value.filter((l) => sameId(l.linkedServiceResourceId, synapseId));
    if (toSynapse.length === 0) {
      return [pass('none', { resourceId: aml.id, path: ['machineLearning'], data: { aml: aml.name, workspace } })];
    }
    return toSynapse.map((l) =>
      fail('exists', {
        resourceId: l.id,
        path: l.name.toLowerCase() === declaredName ? ['machineLearning', 'synapseLink'] : ['machineLearning', 'workspaceId'],
        data: { aml: aml.name, link: l.name, workspace },
        expected: 'no AML-side (SDK v1) link',
        actual: `linked service ${l.name}`,
      }),
    );
  },
};

export default rule;
