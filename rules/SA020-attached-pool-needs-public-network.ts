// SA020: the Synapse workspace behind an attached Synapse Spark pool must have public network access enabled.
import { lastSegment } from '../src/azure/ids.js';
import { ATTACHED_POOL_MESSAGES, readAttachedPools } from '../src/engine/attached-pools.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Rule } from '../src/engine/types.js';
import type { SpecPath } from '../src/spec/types.js';
import { DOCS } from './docs.js';

const isDisabled = (value: string | undefined) => value?.trim().toLowerCase() === 'disabled';

const rule: Rule = {
  meta: {
    id: 'SA020',
    name: 'attached-pool-needs-public-network',
    title: 'The Synapse workspace behind an attached Spark pool must allow public network access',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.machinelearningservices/workspaces/computes'],
    dataSources: ['arm.computes', 'resourceGraph.resources', 'spec'],
    judges: 'estate',
    rationale:
      'Microsoft\'s "Submit Spark jobs in Azure Machine Learning" (2023-10-05) says: "Public Network Access should be enabled in ' +
      'Azure Synapse workspace to ensure successful execution of the Spark job using an attached Synapse Spark pool." This pulls ' +
      'against the secure setup of "How to securely integrate Azure Machine Learning and Azure Synapse" (2022-11-16), which keeps ' +
      'the workspaces private: a team that disables public network access on the Synapse workspace to follow the second article ' +
      'breaks every job on its attached pools. The rule fails when the integration has an attached pool (live, or declared when ' +
      'the computes could not be read) on a Synapse workspace whose `properties.publicNetworkAccess` is Disabled; absent means ' +
      'Enabled. If the workspace must stay private, run the Spark work on AML serverless Spark compute (with the AML managed ' +
      'network provisioned for Spark, SA021) or in Synapse itself, and detach the pool.',
    remediation:
      'Either enable public network access on the Synapse workspace (Azure portal > the Synapse workspace > Networking > Public ' +
      'network access: Enabled; or Azure PowerShell `Update-AzSynapseWorkspace -Name <workspace> -EnablePublicNetworkAccess $true`), ' +
      'or keep it private and move the jobs to AML serverless Spark compute, detaching the pool with `az ml compute detach --name ' +
      '<compute> --resource-group <rg> --workspace-name <aml workspace>`.',
    docs: [DOCS.submitSparkJobs, DOCS.privateEndpointIntegration],
    messages: {
      ...COMMON_MESSAGES,
      ...ATTACHED_POOL_MESSAGES,
      enabled: 'Synapse workspace {{workspace}} allows public network access ({{value}}), which its attached Spark pools ({{computes}}) need.',
      disabled:
        'Synapse workspace {{workspace}} has public network access Disabled, but Spark pools of it are attached to AML ({{computes}}): ' +
        'Microsoft says public network access must be enabled for Spark jobs on an attached Synapse Spark pool (Submit Spark jobs in Azure ' +
        'Machine Learning), which pulls against the private setup of the secure-integration article.',
      'workspace-missing': 'Synapse workspace {{workspace}} was not found (see SA016).',
      'none-live': 'No attached Spark pool of AML workspace {{aml}} points at a Spark pool of Synapse workspace {{workspace}} (declared ones are missing: see SA016, SA017).',
    },
  },
  checkEstate({ integration, estate }) {
    const synapseId = integration.synapse.workspaceId;
    const declared = integration.machineLearning.attachedSparkPools ?? [];
    // The declared setting, or where it would be declared (the spec locates the nearest node that exists).
    const path: SpecPath = ['synapse', 'publicNetworkAccess'];
    const read = readAttachedPools(integration, estate);
    let computes: string[];
    if (read.ok) {
      computes = read.targets.filter((t) => t.live !== undefined && t.inWorkspace).map((t) => t.name);
      if (computes.length === 0) {
        const data = { aml: lastSegment(integration.machineLearning.workspaceId), workspace: lastSegment(synapseId) };
        return [notApplicable('none-live', { resourceId: synapseId, path: ['machineLearning', 'attachedSparkPools'], data })];
      }
    } else {
      // The computes could not be read: only a definite failure (declared pools on a private workspace) is reported.
      const ws = estate.synapseWorkspace(synapseId);
      if (declared.length === 0 || !ws.ok || !ws.value || !isDisabled(ws.value.publicNetworkAccess)) return read.checks;
      computes = declared.map((d) => `${d.name} (declared)`);
    }
    const ws = estate.synapseWorkspace(synapseId);
    if (!ws.ok) return [unknown(ws.error, 'the Synapse workspace', { resourceId: synapseId, path })];
    if (!ws.value) return [notApplicable('workspace-missing', { resourceId: synapseId, path, data: { workspace: synapseId } })];
    const value = ws.value.publicNetworkAccess ?? 'Enabled (not set)';
    const data = { workspace: ws.value.name, computes: computes.join(', '), value };
    return isDisabled(ws.value.publicNetworkAccess)
      ? [fail('disabled', { resourceId: ws.value.id, path, data, expected: 'publicNetworkAccess Enabled', actual: 'Disabled' })]
      : [pass('enabled', { resourceId: ws.value.id, path, data, actual: value })];
  },
};

export default rule;
