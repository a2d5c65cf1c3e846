// SA015: the service principal ID of the AzureML linked service is the application (client) GUID, not the app's name.
import { isGuid } from '../src/azure/ids.js';
import { linkedServicePath, liveAuthentication, readAmlLinkedServices, readProperty, synapseLinkedServiceId } from '../src/engine/linked-services.js';
import { COMMON_MESSAGES, fail, notApplicable, pass } from '../src/engine/outcomes.js';
import type { Rule } from '../src/engine/types.js';
import { DOCS } from './docs.js';

const EXPECTED = 'the application (client) ID: a GUID such as 00000000-0000-0000-0000-000000000000';

const rule: Rule = {
  meta: {
    id: 'SA015',
    name: 'service-principal-id-is-guid',
    title: 'The service principal ID must be the application (client) GUID',
    severity: 'error',
    resourceTypes: ['microsoft.synapse/workspaces', 'microsoft.synapse/workspaces/linkedservices'],
    dataSources: ['resourceGraph.resources', 'synapse.linkedServices', 'spec'],
    judges: 'spec',
    rationale:
      'The AzureML linked service\'s "Service principal ID" is the application (client) ID of the app registration, a GUID; Microsoft\'s ' +
      'quickstart warns that it is NOT the name of the application. A name (or any non-GUID) makes authentication fail. The spec\'s ' +
      '`servicePrincipal.clientId` must be a canonical 8-4-4-4-12 hexadecimal GUID (note that the quickstart\'s own example, ' +
      '"81707eac-ab38-406u-8f6c-10ce76a568d5", contains a "u" and is not one). Live, the `servicePrincipalId` of every AzureMLService ' +
      'linked service of the integration that uses a service principal must be a GUID; one given as an expression fails as a warning, ' +
      'because it cannot be verified statically. Linked services using the managed identity are not applicable.',
    remediation:
      'Find the application (client) ID on the app registration\'s Overview page in Microsoft Entra ID (App registrations), or with ' +
      '`az ad app list --display-name <application name> --query "[].appId" -o tsv` (or `az ad sp show --id <object ID> --query appId`). ' +
      'Put it in the linked service (Synapse Studio > Manage > Linked services > the Azure Machine Learning linked service > Service ' +
      'principal ID, then Publish; or `servicePrincipalId` in the JSON applied with `az synapse linked-service set --workspace-name ' +
      '<workspace> --name <linked service> --file @linked-service.json`) and in the spec as `linkedService.servicePrincipal.clientId`.',
    docs: [DOCS.quickstart],
    messages: {
      ...COMMON_MESSAGES,
      'spec-guid': 'The spec declares service principal client ID {{clientId}} for linked service {{linkedService}}: a GUID.',
      'spec-not-guid':
        'The spec declares service principal client ID "{{clientId}}" for linked service {{linkedService}}, which is not a GUID; use the application (client) ID, not the application\'s name.',
      guid: 'Linked service {{linkedService}} uses service principal {{clientId}}: a GUID.',
      'not-guid':
        'Linked service {{linkedService}} has servicePrincipalId "{{clientId}}", which is not a GUID; it must be the application (client) ID, not the application\'s name.',
      expression: 'Linked service {{linkedService}} gives its servicePrincipalId as an expression ({{expression}}); whether it is the application (client) GUID cannot be verified statically.',
      'managed-identity': 'Linked service {{linkedService}} uses the Synapse workspace managed identity; there is no service principal ID.',
      'no-linked-service': 'Synapse workspace {{workspace}} has no AzureML linked service for this integration (SA016 reports a missing declared one).',
      'workspace-missing': 'Synapse workspace {{workspace}} was not found (see SA016).',
    },
  },
  checkSpec({ integration }) {
    const ls = integration.linkedService;
    const clientId = ls?.servicePrincipal?.clientId;
    if (!ls || clientId === undefined) return [];
    const resourceId = synapseLinkedServiceId(integration.synapse.workspaceId, ls.name);
    const path = ['linkedService', 'servicePrincipal', 'clientId'];
    const data = { linkedService: ls.name, clientId };
    return isGuid(clientId)
      ? [pass('spec-guid', { resourceId, path, data })]
      : [fail('spec-not-guid', { resourceId, path, data, expected: EXPECTED, actual: clientId })];
  },
  checkEstate({ integration, estate }) {
    const read = readAmlLinkedServices(integration, estate);
    if (!read.ok) return read.checks;
    const { workspace, linkedServices } = read;
    if (linkedServices.length === 0) {
      return [notApplicable('no-linked-service', { resourceId: workspace.id, data: { workspace: workspace.name }, path: integration.linkedService ? ['linkedService'] : ['synapse', 'workspaceId'] })];
    }
    return linkedServices.map((ls) => {
      const resourceId = synapseLinkedServiceId(workspace.id, ls.name);
      const data = { linkedService: ls.name };
      if (liveAuthentication(ls) === 'managedIdentity') {
        return notApplicable('managed-identity', { resourceId, path: linkedServicePath(integration, ls, ['authentication']), data });
      }
      const path = linkedServicePath(integration, ls, ['servicePrincipal', 'clientId']);
      const id = readProperty(ls.typeProperties, 'servicePrincipalId');
      // `missing` cannot happen here: without a servicePrincipalId the linked service counts as using the managed identity.
      if (id.kind !== 'literal') {
        const text = id.kind === 'expression' ? id.text : '(missing)';
        const expression = text.length > 120 ? `${text.slice(0, 117)}...` : text;
        return fail('expression', { severity: 'warning', resourceId, path, data: { expression, ...data }, expected: EXPECTED, actual: `an expression: ${expression}` });
      }
      const clientData = { clientId: id.value, ...data };
      return isGuid(id.value)
        ? pass('guid', { resourceId, path, data: clientData })
        : fail('not-guid', { resourceId, path, data: clientData, expected: EXPECTED, actual: id.value });
    });
  },
};

export default rule;
