// SA005: creating an AML-side (SDK v1) link to a Synapse workspace needs Owner on that Synapse workspace.
import { describeAssignmentScope } from '../src/engine/access.js';
import { amlSideLinksTo } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass, unknown } from '../src/engine/outcomes.js';
import type { Rule } from '../src/engine/types.js';
import { AZURE_ROLES, assignmentsOf } from '../src/estate/roles.js';
import { DOCS } from './docs.js';

const rule: Rule = {
  meta: {
    id: 'SA005',
    name: 'linking-needs-owner',
    title: 'The principal that links the workspaces from AML must be Owner of the Synapse workspace',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.machinelearningservices/workspaces'],
    dataSources: ['resourceGraph.resources', 'resourceGraph.authorizationresources', 'resourceGraph.resourcecontainers', 'arm.linkedServices', 'spec'],
    judges: 'estate',
    rationale:
      'Registering a Synapse workspace as a linked service of an AML workspace (Python SDK v1 or AML studio) requires the ' +
      'Owner role on the Synapse workspace; a Contributor can only retrieve and use linked services that already exist. ' +
      'Azure does not record who created a link, so the linking principal is taken from machineLearning.synapseLink.linkedBy. ' +
      'Owner assignments inherited from the resource group, subscription, management groups or the root scope count. ' +
      'The rule applies when such a link exists on the AML workspace or is declared in the spec.',
    remediation:
      'Grant the principal that creates the link Owner on the Synapse workspace (or have an Owner create it). Portal: Synapse ' +
      'workspace > Access control (IAM) > Add role assignment > Owner. CLI: `az role assignment create --assignee-object-id ' +
      '<linkedBy object ID> --role Owner --scope <Synapse workspace ID>`. Note that new SDK v1 links can no longer be ' +
      'registered at all (SA012): prefer serverless Spark compute or attached Synapse Spark pools (CLI v2 / Python SDK v2).',
    docs: [DOCS.linkWorkspacesV1],
    messages: {
      ...COMMON_MESSAGES,
      'no-link': 'AML workspace {{aml}} has no AML-side (SDK v1) link to Synapse workspace {{workspace}}, and none is declared.',
      'linked-by-missing':
        'An AML-side link to Synapse workspace {{workspace}} {{how}}, but the linking principal is not recorded in Azure: declare ' +
        'machineLearning.synapseLink.linkedBy (its object ID) so synaml can check it holds Owner.',
      'synapse-missing': 'Synapse workspace {{workspace}} was not found (see SA016); the linking principal cannot hold a role on it.',
      owner: 'Linking principal {{principal}} holds Owner on Synapse workspace {{workspace}} ({{where}}).',
      'only-contributor':
        'Linking principal {{principal}} is only Contributor on Synapse workspace {{workspace}} ({{where}}); a Contributor can only ' +
        'use existing linked services, linking needs Owner.',
      'no-owner': 'Linking principal {{principal}} holds neither Owner nor Contributor on Synapse workspace {{workspace}}; linking needs Owner.',
    },
  },
  checkEstate({ integration, estate }) {
    const synId = integration.synapse.workspaceId;
    const amlId = integration.machineLearning.workspaceId;
    const declared = integration.machineLearning.synapseLink;
    const links = amlSideLinksTo(estate, amlId, synId);
    const workspaceName = synId.split('/').pop() ?? synId;
    const amlName = amlId.split('/').pop() ?? amlId;

    if (!declared) {
      if (!links.ok) {
        const aml = estate.amlWorkspace(amlId);
        if (aml.ok && !aml.value) return [notApplicable('no-link', { resourceId: amlId, path: ['machineLearning'], data: { aml: amlName, workspace: workspaceName } })];
        return [unknown(links.error, `the AML-side linked services of AML workspace ${amlName}`, { resourceId: amlId, path: ['machineLearning'] })];
      }
      if (links.value.length === 0) {
        return [notApplicable('no-link', { resourceId: amlId, path: ['machineLearning'], data: { aml: amlName, workspace: workspaceName } })];
      }
    }
    const how = declared ? `is declared (machineLearning.synapseLink ${declared.name})` : `exists (${links.ok ? links.value.map((l) => l.name).join(', ') : ''})`;
    if (!declared?.linkedBy) {
      return [
        notApplicable('linked-by-missing', {
          resourceId: links.ok && links.value[0] ? links.value[0].id : amlId,
          path: declared ? ['machineLearning', 'synapseLink'] : ['machineLearning'],
          data: { workspace: workspaceName, how },
        }),
      ];
    }

    const path = ['machineLearning', 'synapseLink', 'linkedBy'];
    const syn = estate.synapseWorkspace(synId);
    if (!syn.ok) return [unknown(syn.error, 'the Synapse workspace', { resourceId: synId, path })];
    if (!syn.value) return [notApplicable('synapse-missing', { resourceId: synId, path, data: { workspace: synId } })];
    const ws = syn.value;
    const principal = declared.linkedBy;
    const covering = estate.roleAssignmentsCovering(ws.id, { principalId: principal });
    if (!covering.ok) return [unknown(covering.error, `the role assignments on Synapse workspace ${ws.name}`, { resourceId: ws.id, path })];

    const where = (scope: string) => describeAssignmentScope(scope, ws.id, 'the workspace');
    const base = { resourceId: ws.id, path, expected: `Owner on ${ws.name}` };
    const owner = assignmentsOf(covering.value, principal, [AZURE_ROLES.owner.guid])[0];
    if (owner) {
      const at = where(owner.scope);
      return [pass('owner', { data: { principal, workspace: ws.name, where: at }, actual: `Owner (${at})`, ...base })];
    }
    const contributor = assignmentsOf(covering.value, principal, [AZURE_ROLES.contributor.guid])[0];
    if (contributor) {
      return [
        fail('only-contributor', { data: { principal, workspace: ws.name, where: where(contributor.scope) }, actual: `Contributor (${where(contributor.scope)})`, ...base }),
      ];
    }
    return [fail('no-owner', { data: { principal, workspace: ws.name }, actual: 'neither Owner nor Contributor', ...base })];
  },
};

export default rule;
