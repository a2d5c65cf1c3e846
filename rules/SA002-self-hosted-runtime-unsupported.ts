// SA002: the AzureML linked service is not supported with self-hosted integration runtimes.
import { withoutTrailingSlashes } from '../src/azure/ids.js';
import { linkedServicePath, readAmlLinkedServices, synapseLinkedServiceId } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Check, Rule } from '../src/engine/types.js';
import type { IntegrationRuntime } from '../src/estate/model.js';
import { DOCS } from './docs.js';

/** The built-in Azure integration runtime every Synapse workspace has; it is always Managed. */
const AUTO_RESOLVE = 'AutoResolveIntegrationRuntime';

const isAutoResolve = (name: string) => name.toLowerCase() === AUTO_RESOLVE.toLowerCase();
const isSelfHosted = (ir: IntegrationRuntime) => ir.type.toLowerCase() === 'selfhosted';
const findRuntime = (irs: readonly IntegrationRuntime[], name: string) => irs.find((ir) => ir.name.toLowerCase() === name.toLowerCase());

const rule: Rule = {
  meta: {
    id: 'SA002',
    name: 'self-hosted-runtime-unsupported',
    title: 'The AzureML linked service must not connect via a self-hosted integration runtime',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.synapse/workspaces/linkedservices', 'microsoft.synapse/workspaces/integrationruntimes'],
    dataSources: ['resourceGraph.resources', 'synapse.linkedServices', 'arm.integrationRuntimes', 'spec'],
    judges: 'estate',
    rationale:
      'Microsoft does not support the AzureML linked service with self-hosted integration runtimes, in Synapse workspaces with or ' +
      'without data exfiltration protection. Every AzureMLService linked service of the integration (the declared one, and any other ' +
      'that points at the AML workspace) is checked: without `connectVia` it uses AutoResolveIntegrationRuntime (a Managed Azure IR) ' +
      'and passes; a `connectVia` naming a SelfHosted runtime fails, and so does one naming a runtime the workspace does not have ' +
      '(the linked service is broken). A spec that declares `linkedService.integrationRuntime` naming a self-hosted runtime fails too.',
    remediation:
      'In Synapse Studio open Manage > Linked services, edit the Azure Machine Learning linked service and set "Connect via integration ' +
      'runtime" to AutoResolveIntegrationRuntime (or another Azure, i.e. Managed, integration runtime), then Publish. From the command ' +
      'line, remove `connectVia` (or point it at a Managed runtime) in the linked service definition and apply it with ' +
      '`az synapse linked-service set --workspace-name <workspace> --name <linked service> --file @linked-service.json`. ' +
      'List the runtimes and their types with `az synapse integration-runtime list --workspace-name <workspace> --resource-group <rg> ' +
      '--query "[].{name:name, type:properties.type}"`. In the spec, set `linkedService.integrationRuntime: AutoResolveIntegrationRuntime`.',
    docs: [DOCS.quickstart],
    messages: {
      ...COMMON_MESSAGES,
      'auto-resolve': 'Linked service {{linkedService}} connects via {{runtime}}, the built-in Managed Azure integration runtime.',
      managed: 'Linked service {{linkedService}} connects via integration runtime {{runtime}} of type {{type}}.',
      'self-hosted':
        'Linked service {{linkedService}} connects via the self-hosted integration runtime {{runtime}}; the AzureML linked service is not supported with self-hosted integration runtimes.',
      'runtime-missing':
        'Linked service {{linkedService}} connects via integration runtime {{runtime}}, which Synapse workspace {{workspace}} does not have; the linked service is broken.',
      'declared-self-hosted':
        'The spec declares integration runtime {{runtime}} for linked service {{linkedService}}, but {{runtime}} is a self-hosted integration runtime in Synapse workspace {{workspace}}; the AzureML linked service is not supported with self-hosted integration runtimes.',
      'no-linked-service': 'Synapse workspace {{workspace}} has no AzureML linked service for this integration (SA016 reports a missing declared one).',
      'workspace-missing': 'Synapse workspace {{workspace}} was not found (see SA016).',
    },
  },
  checkEstate({ integration, estate }) {
    const read = readAmlLinkedServices(integration, estate);
    if (!read.ok) return read.checks;
    const { workspace } = read;
    const irs = estate.integrationRuntimes(workspace.id);
    const runtimesWhat = `the integration runtimes of Synapse workspace ${workspace.name}`;
    const checks: Check[] = [];

    for (const ls of read.linkedServices) {
      const resourceId = synapseLinkedServiceId(workspace.id, ls.name);
      const path = linkedServicePath(integration, ls, ['integrationRuntime']);
      const runtime = ls.connectVia ?? AUTO_RESOLVE;
      const data = { linkedService: ls.name, runtime, workspace: workspace.name };
      if (isAutoResolve(runtime)) {
        checks.push(pass('auto-resolve', { resourceId, path, data }));
        continue;
      }
      if (!irs.ok) {
        checks.push(unknown(irs.error, runtimesWhat, { resourceId, path }));
        continue;
      }
      const ir = findRuntime(irs.value, runtime);
      if (!ir) {
        checks.push(fail('runtime-missing', { resourceId, path, data, expected: 'an existing Managed integration runtime', actual: `${runtime} (not found)` }));
      } else if (isSelfHosted(ir)) {
        checks.push(fail('self-hosted', { resourceId, path, data, expected: 'a Managed integration runtime', actual: `${ir.name} (${ir.type})` }));
      } else {
        checks.push(pass('managed', { resourceId, path, data: { linkedService: ls.name, runtime: ir.name, type: ir.type, workspace: workspace.name } }));
      }
    }

    // The declared runtime: only a self-hosted one is a finding of its own (a Managed one is what the rule wants, and a
    // declared runtime the workspace lacks is drift, reported by SA016/SA100).
    const declared = integration.linkedService?.integrationRuntime;
    if (declared !== undefined && !isAutoResolve(declared)) {
      const path = ['linkedService', 'integrationRuntime'];
      const resourceId = `${withoutTrailingSlashes(workspace.id)}/integrationruntimes/${declared}`;
      if (!irs.ok) {
        // One unknown is enough when a linked service check already reported the same unreadable runtimes.
        if (!checks.some((c) => c.outcome === 'unknown')) {
          checks.push(unknown(irs.error, runtimesWhat, { resourceId, path }));
        }
      } else {
        const ir = findRuntime(irs.value, declared);
        if (ir && isSelfHosted(ir)) {
          const data = { linkedService: integration.linkedService!.name, runtime: ir.name, workspace: workspace.name };
          checks.push(fail('declared-self-hosted', { resourceId, path, data, expected: 'a Managed integration runtime', actual: `${ir.name} (${ir.type})` }));
        }
      }
    }

    if (checks.length === 0) {
      return [notApplicable('no-linked-service', { resourceId: workspace.id, data: { workspace: workspace.name }, path: integration.linkedService ? ['linkedService'] : ['synapse', 'workspaceId'] })];
    }
    return checks;
  },
};

export default rule;
