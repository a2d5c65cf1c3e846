import rule from '../../rules/SA102-missing-required-access.js';
import { AZURE_ROLES, SYNAPSE_ROLES } from '../../src/estate/roles.js';
import type { IntegrationSpec, RequiredAccess } from '../../src/spec/types.js';
import { SUB, roleAssignmentRow, synapseRoleAssignment } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { AML_ID, DEFAULT_STORAGE_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const LINK_MSI = '12121212-0000-4000-8000-000000000001';
const AML_RG = `/subscriptions/${SUB}/resourceGroups/rg-ml`;
/** The healthy spec's SA007 entry stays at index 0; the entry under test is index 1. */
const PATH = ['access', 'required', 1];
const require = (...entries: RequiredAccess[]) => (i: IntegrationSpec) => { i.access!.required!.push(...entries); };

describeRule(rule, {
  pass: [
    {
      name: 'Contributor on machineLearning.workspace held by the Synapse MSI',
      spec: require({ principalId: principals.synapseMsi, role: 'Contributor', scope: 'machineLearning.workspace' }),
      expect: [{ outcome: 'pass', messageId: 'granted', path: PATH, resource: 'aml-prod', message: `${principals.synapseMsi} holds Contributor (assigned directly) on AML workspace aml-prod.` }],
      exactly: true,
    },
    {
      name: 'Synapse Apache Spark Administrator satisfied by Synapse Administrator at workspace scope',
      spec: require({ principalId: LINK_MSI, role: 'Synapse Apache Spark Administrator', scope: 'synapse.workspace' }),
      estate: (b) => { b.synapseRoles(SYNAPSE_ID, synapseRoleAssignment('syn-prod', LINK_MSI.toUpperCase(), SYNAPSE_ROLES.administrator.guid)); },
      expect: [{ outcome: 'pass', messageId: 'granted', message: 'holds Synapse Administrator (Synapse RBAC, scope workspaces/syn-prod) on Synapse workspace syn-prod, which includes Synapse Apache Spark Administrator' }],
      exactly: true,
    },
    {
      name: 'Synapse role given by GUID; the Synapse workspace ARM ID as scope',
      spec: require({ principalId: LINK_MSI, role: SYNAPSE_ROLES.sparkAdministrator.guid, scope: SYNAPSE_ID.toLowerCase() }),
      estate: (b) => { b.synapseRoles(SYNAPSE_ID, synapseRoleAssignment('syn-prod', LINK_MSI, SYNAPSE_ROLES.sparkAdministrator.guid)); },
      expect: [{ outcome: 'pass', messageId: 'granted' }],
      exactly: true,
    },
    {
      name: 'Reader on an ARM resource group ID satisfied by Owner inherited from the subscription',
      spec: require({ principalId: principals.platformOwner.toUpperCase(), role: 'reader', scope: AML_RG }),
      expect: [{ outcome: 'pass', messageId: 'granted', message: `Owner (inherited from subscription ${SUB}) on ${AML_RG}, which includes Reader` }],
      exactly: true,
    },
    {
      name: 'Storage Blob Data Reader on synapse.defaultStorage satisfied by Storage Blob Data Contributor',
      spec: require({ principalId: principals.dataEngineer, role: 'Storage Blob Data Reader', scope: 'synapse.defaultStorage' }),
      expect: [{ outcome: 'pass', messageId: 'granted', resource: 'synprodadls', message: 'which includes Storage Blob Data Reader' }],
      exactly: true,
    },
    {
      name: 'role inherited from a management group; role definition in /providers/... form; custom role GUID',
      spec: require({ principalId: principals.stranger, role: '0a1b2c3d-0000-4000-8000-00000000c0de', scope: 'machineLearning.workspace' }),
      estate: (b) => {
        const row = roleAssignmentRow('/providers/Microsoft.Management/managementGroups/mg-data', principals.stranger, '0a1b2c3d-0000-4000-8000-00000000c0de', 'Group');
        (row['properties'] as Record<string, unknown>)['roleDefinitionId'] = '/providers/Microsoft.Authorization/roleDefinitions/0A1B2C3D-0000-4000-8000-00000000C0DE';
        b.assignment(row);
        b.resourcecontainers.push({
          id: `/subscriptions/${SUB}`,
          type: 'microsoft.resources/subscriptions',
          subscriptionId: SUB,
          properties: { managementGroupAncestorsChain: [{ name: 'mg-data', displayName: 'Data' }] },
        });
      },
      expect: [{ outcome: 'pass', messageId: 'granted', message: 'inherited from management group mg-data' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'Contributor on the AML workspace is missing; what the principal has is named',
      spec: require({ principalId: principals.dataEngineer, role: 'Contributor', scope: 'machineLearning.workspace' }),
      estate: (b) => { b.assignment(roleAssignmentRow(AML_RG, principals.dataEngineer, AZURE_ROLES.reader.guid, 'User')); },
      expect: [{ outcome: 'fail', messageId: 'missing', path: PATH, message: 'lacks Contributor on AML workspace aml-prod; it has only Reader (inherited from resource group rg-ml)' }],
      exactly: true,
    },
    {
      name: 'Synapse role missing at workspace scope (held only on a Spark pool)',
      spec: require({ principalId: LINK_MSI, role: 'Apache Spark Administrator', scope: 'synapse.workspace' }),
      estate: (b) => { b.synapseRoles(SYNAPSE_ID, synapseRoleAssignment('syn-prod', LINK_MSI, SYNAPSE_ROLES.sparkAdministrator.guid, 'workspaces/syn-prod/bigDataPools/mlpool')); },
      expect: [{ outcome: 'fail', messageId: 'missing', message: 'it has only Synapse Apache Spark Administrator at workspaces/syn-prod/bigDataPools/mlpool' }],
      exactly: true,
    },
    {
      name: 'a Synapse RBAC role with a non-Synapse scope',
      spec: require({ principalId: LINK_MSI, role: 'Synapse Apache Spark Administrator', scope: 'machineLearning.workspace' }),
      expect: [{ outcome: 'fail', messageId: 'synapse-role-scope', path: [...PATH, 'scope'], message: 'can only be assigned in a Synapse workspace' }],
      exactly: true,
    },
    {
      name: 'an unrecognised role name',
      spec: require({ principalId: LINK_MSI, role: 'Spark Wizard', scope: 'synapse.workspace' }),
      expect: [{ outcome: 'fail', messageId: 'unknown-role', path: [...PATH, 'role'] }],
      exactly: true,
    },
    {
      name: 'an unrecognised scope token',
      spec: require({ principalId: LINK_MSI, role: 'Reader', scope: 'synapse.pool' }),
      expect: [{ outcome: 'fail', messageId: 'bad-scope', path: [...PATH, 'scope'] }],
      exactly: true,
    },
    {
      name: 'Owner does not satisfy a Storage Blob Data role',
      spec: require({ principalId: principals.platformOwner, role: 'Storage Blob Data Reader', scope: DEFAULT_STORAGE_ID }),
      expect: [{ outcome: 'fail', messageId: 'missing', message: 'it has only Owner' }],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'only the SA007 entry is declared',
      expect: [{ outcome: 'not-applicable', messageId: 'no-entries', path: ['access'], message: 'SA007' }],
      exactly: true,
    },
    { name: 'no access section', spec: (i) => { delete i.access; }, expect: [{ outcome: 'not-applicable', messageId: 'no-entries', path: [] }], exactly: true },
    {
      name: 'scope machineLearning.workspace does not exist',
      spec: require({ principalId: principals.synapseMsi, role: 'Contributor', scope: 'machineLearning.workspace' }),
      estate: (b) => { b.resources.splice(b.resources.findIndex((r) => String(r['id']) === AML_ID), 1); },
      expect: [{ outcome: 'not-applicable', messageId: 'scope-missing' }],
      exactly: true,
    },
  ],
  unknown: [
    {
      name: 'Synapse data plane denies reading role assignments (403)',
      spec: require({ principalId: LINK_MSI, role: 'Synapse Apache Spark Administrator', scope: 'synapse.workspace' }),
      estate: (b) => {
        b.error({
          source: 'synapse.roleAssignments',
          scope: SYNAPSE_ID,
          status: 403,
          code: 'Forbidden',
          message: 'The principal does not have the required Synapse RBAC permission to perform this action.',
          missing: 'Synapse RBAC role that can read role assignments (e.g. Synapse User)',
        });
      },
      expect: [{ outcome: 'unknown', path: PATH, message: 'e.g. Synapse User' }],
      exactly: true,
    },
    {
      name: 'Azure role assignments unreadable',
      spec: require({ principalId: principals.synapseMsi, role: 'Contributor', scope: 'machineLearning.workspace' }),
      estate: (b) => { b.error({ source: 'resourceGraph.authorizationresources', scope: `/subscriptions/${SUB}`, status: 403, message: 'no access', missing: 'Reader on the subscription' }); },
      expect: [{ outcome: 'unknown', message: 'Reader on the subscription' }],
      exactly: true,
    },
  ],
});
