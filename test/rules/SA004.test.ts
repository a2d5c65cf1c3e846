import rule from '../../rules/SA004-linked-service-identity-needs-contributor.js';
import { AZURE_ROLES } from '../../src/estate/roles.js';
import type { IntegrationSpec } from '../../src/spec/types.js';
import { SUB, SnapshotBuilder, azureMlLinkedService, roleAssignmentRow, roleDefinitionRow } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const AML_RG = `/subscriptions/${SUB}/resourceGroups/rg-ml`;
const MG = '/providers/Microsoft.Management/managementGroups/mg-data';
const CUSTOM_ROLE = '0a1b2c3d-0000-4000-8000-00000000c0de';

/** Removes every role assignment of `principal` from the recorded estate. */
const dropAssignments = (b: SnapshotBuilder, principal: string) => {
  const keep = b.authorizationresources.filter((r) => String((r['properties'] as { principalId?: string })?.principalId ?? '').toLowerCase() !== principal.toLowerCase());
  b.authorizationresources.splice(0, b.authorizationresources.length, ...keep);
};

/** The Synapse MSI's only role on the AML workspace becomes `role` at `scope`. */
const msiRole = (scope: string, role: string) => (b: SnapshotBuilder) => {
  dropAssignments(b, principals.synapseMsi);
  b.assignment(roleAssignmentRow(scope, principals.synapseMsi, role));
};

/** The subscription sits under management group `mg` (Resource Graph `resourcecontainers` row). */
const underManagementGroup = (b: SnapshotBuilder, mg: string) => {
  b.resourcecontainers.push({
    id: `/subscriptions/${SUB}`,
    type: 'microsoft.resources/subscriptions',
    subscriptionId: SUB,
    properties: { managementGroupAncestorsChain: [{ name: mg, displayName: mg }, { name: 'tenant-root', displayName: 'Tenant Root Group' }] },
  });
};

/** The declared linked service uses the service principal, live and in the spec. */
const servicePrincipalSpec = (objectId: string | undefined) => (i: IntegrationSpec) => {
  i.linkedService = {
    name: 'AzureMLService1',
    authentication: 'servicePrincipal',
    servicePrincipal: { clientId: principals.spClient, ...(objectId ? { objectId } : {}), secret: { keyVault: { linkedService: 'kv-ls', secretName: 'aml-sp' } } },
  };
};
const servicePrincipalLive = (b: SnapshotBuilder) => {
  b.linkedServices(SYNAPSE_ID, azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID, { authentication: 'ServicePrincipal', servicePrincipalId: principals.spClient }));
};

describeRule(rule, {
  pass: [
    {
      name: 'Synapse MSI is Contributor on the AML workspace itself',
      expect: [{ outcome: 'pass', messageId: 'sufficient', resource: 'aml-prod', path: ['linkedService', 'authentication'], message: 'Contributor (on the workspace itself)' }],
      exactly: true,
    },
    {
      name: 'Owner inherited from the AML resource group',
      estate: msiRole(AML_RG, AZURE_ROLES.owner.guid),
      expect: [{ outcome: 'pass', messageId: 'sufficient', message: 'Owner (inherited from resource group rg-ml)' }],
      exactly: true,
    },
    {
      name: 'Contributor inherited from a management group above the subscription',
      estate: (b) => { msiRole(MG, AZURE_ROLES.contributor.guid)(b); underManagementGroup(b, 'MG-Data'); },
      expect: [{ outcome: 'pass', messageId: 'sufficient', message: 'inherited from management group mg-data' }],
      exactly: true,
    },
    {
      name: 'role definition ID in the tenant form (/providers/...), upper-case GUID and principal ID',
      estate: (b) => {
        dropAssignments(b, principals.synapseMsi);
        const row = roleAssignmentRow(AML_ID, principals.synapseMsi.toUpperCase(), AZURE_ROLES.contributor.guid);
        (row['properties'] as Record<string, unknown>)['roleDefinitionId'] = `/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.contributor.guid.toUpperCase()}`;
        b.assignment(row);
      },
      expect: [{ outcome: 'pass', messageId: 'sufficient', message: 'Contributor' }],
      exactly: true,
    },
    {
      name: 'custom role granting Microsoft.MachineLearningServices/workspaces/* without removing any of it',
      estate: (b) => {
        msiRole(AML_ID, CUSTOM_ROLE)(b);
        b.assignment(roleDefinitionRow(CUSTOM_ROLE, { roleName: 'ML Integrator', actions: ['Microsoft.MachineLearningServices/workspaces/*', 'Microsoft.Resources/deployments/*'], notActions: ['Microsoft.Storage/*/delete'] }));
      },
      expect: [{ outcome: 'pass', messageId: 'sufficient', message: 'ML Integrator, a custom role granting Microsoft.MachineLearningServices/workspaces/*' }],
      exactly: true,
    },
    {
      name: 'service principal (live and declared) with its object ID holding Contributor',
      spec: servicePrincipalSpec(principals.spObject),
      estate: (b) => { servicePrincipalLive(b); b.assignment(roleAssignmentRow(AML_ID, principals.spObject, AZURE_ROLES.contributor.guid)); },
      expect: [{ outcome: 'pass', messageId: 'sufficient', path: ['linkedService', 'servicePrincipal', 'objectId'], message: `service principal ${principals.spClient}` }],
      exactly: true,
    },
    {
      name: 'no linked service declared: the live AzureMLService linked service pointing at the workspace is checked',
      spec: (i) => { delete i.linkedService; },
      expect: [{ outcome: 'pass', messageId: 'sufficient', path: ['machineLearning', 'workspaceId'] }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'linked services unreadable: the declared managed identity lacks Contributor, still a finding, and the message says what was checked',
      estate: (b) => {
        dropAssignments(b, principals.synapseMsi);
        b.error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'denied' });
      },
      expect: [{ outcome: 'fail', messageId: 'no-role', message: 'could not be read (HTTP 403 Forbidden: denied); the declared authentication, managedIdentity, was checked' }],
      exactly: true,
    },
    {
      name: 'Synapse MSI has only Reader, inherited from the subscription',
      estate: msiRole(`/subscriptions/${SUB}`, AZURE_ROLES.reader.guid),
      expect: [{ outcome: 'fail', messageId: 'insufficient', message: `has only Reader (inherited from subscription ${SUB})` }],
      exactly: true,
    },
    {
      name: 'Synapse MSI has no role at all',
      estate: (b) => dropAssignments(b, principals.synapseMsi),
      expect: [{ outcome: 'fail', messageId: 'no-role', message: `the managed identity of Synapse workspace syn-prod (${principals.synapseMsi}) has no role` }],
      exactly: true,
    },
    {
      name: 'Contributor at a management group the subscription is not under',
      estate: (b) => { msiRole(MG, AZURE_ROLES.contributor.guid)(b); underManagementGroup(b, 'mg-other'); },
      expect: [{ outcome: 'fail', messageId: 'no-role' }],
      exactly: true,
    },
    {
      name: 'Contributor on another resource group does not count',
      estate: msiRole(`/subscriptions/${SUB}/resourceGroups/rg-analytics`, AZURE_ROLES.contributor.guid),
      expect: [{ outcome: 'fail', messageId: 'no-role' }],
      exactly: true,
    },
    {
      name: 'custom role whose notActions remove AML workspace actions',
      estate: (b) => {
        msiRole(AML_ID, CUSTOM_ROLE)(b);
        b.assignment(roleDefinitionRow(CUSTOM_ROLE, { roleName: 'ML No Write', actions: ['*'], notActions: ['Microsoft.MachineLearningServices/workspaces/*/write'] }));
      },
      expect: [{ outcome: 'fail', messageId: 'insufficient', message: 'ML No Write, whose notActions remove Microsoft.MachineLearningServices/workspaces/*/write' }],
      exactly: true,
    },
    {
      name: 'custom role that only reads',
      estate: (b) => {
        msiRole(AML_ID, CUSTOM_ROLE)(b);
        b.assignment(roleDefinitionRow(CUSTOM_ROLE, { roleName: 'ML Reader', actions: ['Microsoft.MachineLearningServices/workspaces/*/read'] }));
      },
      expect: [{ outcome: 'fail', messageId: 'insufficient', message: 'has only ML Reader' }],
      exactly: true,
    },
    {
      name: 'service principal without a declared objectId: warning, pointing at linkedService.servicePrincipal',
      spec: servicePrincipalSpec(undefined),
      estate: servicePrincipalLive,
      expect: [{ outcome: 'fail', messageId: 'sp-object-id-missing', severity: 'warning', path: ['linkedService', 'servicePrincipal'], message: 'declare linkedService.servicePrincipal.objectId' }],
      exactly: true,
    },
    {
      name: 'live linked service uses a service principal although the spec says managed identity (live wins)',
      estate: servicePrincipalLive,
      expect: [{ outcome: 'fail', messageId: 'sp-object-id-missing', severity: 'warning', message: principals.spClient }],
      exactly: true,
    },
    {
      name: 'live service principal differs from the declared one: the declared objectId is not trusted',
      spec: servicePrincipalSpec(principals.spObject),
      estate: (b) => {
        b.linkedServices(SYNAPSE_ID, azureMlLinkedService(SYNAPSE_ID, 'AzureMLService1', AML_ID, { authentication: 'ServicePrincipal', servicePrincipalId: principals.stranger }));
        b.assignment(roleAssignmentRow(AML_ID, principals.spObject, AZURE_ROLES.contributor.guid));
      },
      expect: [{ outcome: 'fail', messageId: 'sp-client-mismatch', severity: 'warning', path: ['linkedService', 'servicePrincipal', 'clientId'] }],
      exactly: true,
    },
    {
      name: 'Synapse workspace has no managed identity',
      estate: (b) => { delete b.resources[0]!['identity']; },
      expect: [{ outcome: 'fail', messageId: 'msi-not-enabled', resource: 'syn-prod', path: ['linkedService', 'authentication'] }],
      exactly: true,
    },
  ],
  notApplicable: [
    { name: 'Synapse workspace does not exist', estate: (b) => { b.resources.shift(); }, expect: [{ outcome: 'not-applicable', messageId: 'synapse-missing' }], exactly: true },
    {
      name: 'AML workspace does not exist',
      estate: (b) => { b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1); },
      expect: [{ outcome: 'not-applicable', messageId: 'aml-missing' }],
      exactly: true,
    },
    {
      name: 'no linked service declared and none live',
      spec: (i) => { delete i.linkedService; },
      estate: (b) => { b.linkedServices(SYNAPSE_ID); },
      expect: [{ outcome: 'not-applicable', messageId: 'no-linked-service' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'role assignments unreadable for the subscription',
      estate: (b) => { b.error({ source: 'resourceGraph.authorizationresources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'no access', missing: 'Reader on the subscription' }); },
      expect: [{ outcome: 'unknown', message: 'Reader on the subscription' }],
      exactly: true,
    },
    {
      name: 'the only role held is a custom role whose definition is not in the snapshot',
      estate: msiRole(AML_ID, CUSTOM_ROLE),
      expect: [{ outcome: 'unknown', message: `definition of role ${CUSTOM_ROLE}` }],
      exactly: true,
    },
    {
      name: 'linked services unreadable: the declared managed identity holds Contributor, but that is unknown, never a pass',
      estate: (b) => { b.error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'denied', missing: 'Synapse User' }); },
      expect: [{ outcome: 'unknown', message: 'linked services of Synapse workspace syn-prod could not be read (HTTP 403 Forbidden: denied' }],
      exactly: true,
    },
    {
      name: 'no linked service declared and the linked services cannot be read',
      spec: (i) => { delete i.linkedService; },
      estate: (b) => { b.error({ source: 'synapse.linkedServices', scope: SYNAPSE_ID, status: 403, code: 'Forbidden', message: 'denied' }); },
      expect: [{ outcome: 'unknown', message: 'linked services of Synapse workspace syn-prod' }],
      exactly: true,
    },
  ],
});
