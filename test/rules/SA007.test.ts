import rule from '../../rules/SA007-storage-blob-data-contributor.js';
import { AZURE_ROLES } from '../../src/estate/roles.js';
import { SUB, SnapshotBuilder, roleAssignmentRow, synapseWorkspaceRow } from '../support/payloads.js';
import { describeRule } from '../support/rule-harness.js';
import { DEFAULT_STORAGE_ID, SYNAPSE_ID, principals } from '../support/scenario.js';

const PATH = ['access', 'required', 0];
const SYN_RG = `/subscriptions/${SUB}/resourceGroups/rg-analytics`;

const dropAssignments = (b: SnapshotBuilder, principal: string) => {
  const keep = b.authorizationresources.filter((r) => String((r['properties'] as { principalId?: string })?.principalId ?? '').toLowerCase() !== principal.toLowerCase());
  b.authorizationresources.splice(0, b.authorizationresources.length, ...keep);
};
const engineerRole = (scope: string, role: string) => (b: SnapshotBuilder) => {
  dropAssignments(b, principals.dataEngineer);
  b.assignment(roleAssignmentRow(scope, principals.dataEngineer, role, 'User'));
};
const dropDefaultStorage = (b: SnapshotBuilder) => {
  b.resources.splice(b.resources.findIndex((r) => String(r['id']) === DEFAULT_STORAGE_ID), 1);
};

describeRule(rule, {
  pass: [
    {
      name: 'data engineer is Storage Blob Data Contributor on the default storage account',
      expect: [{ outcome: 'pass', messageId: 'granted', path: PATH, resource: 'synprodadls', message: 'on the account itself' }],
      exactly: true,
    },
    {
      name: 'Storage Blob Data Owner inherited from the resource group',
      estate: engineerRole(SYN_RG, AZURE_ROLES.storageBlobDataOwner.guid),
      expect: [{ outcome: 'pass', messageId: 'granted', message: 'Storage Blob Data Owner on the default storage synprodadls of Synapse workspace syn-prod (inherited from resource group rg-analytics)' }],
      exactly: true,
    },
    {
      name: 'assignment on the default filesystem container',
      estate: engineerRole(`${DEFAULT_STORAGE_ID}/blobServices/default/containers/default`, AZURE_ROLES.storageBlobDataContributor.guid),
      expect: [{ outcome: 'pass', messageId: 'granted', message: 'on the default filesystem default' }],
      exactly: true,
    },
    {
      name: 'inherited from a management group; role definition in /providers/... form; principal ID in upper case in the spec',
      spec: (i) => { i.access!.required![0]!.principalId = principals.dataEngineer.toUpperCase(); },
      estate: (b) => {
        dropAssignments(b, principals.dataEngineer);
        const row = roleAssignmentRow('/providers/Microsoft.Management/managementGroups/mg-data', principals.dataEngineer, AZURE_ROLES.storageBlobDataContributor.guid, 'Group');
        (row['properties'] as Record<string, unknown>)['roleDefinitionId'] = `/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.storageBlobDataContributor.guid}`;
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
    {
      name: 'account resolved from defaultDataLakeStorage.resourceId; role written as a GUID',
      spec: (i) => { i.access!.required![0]!.role = AZURE_ROLES.storageBlobDataContributor.guid; },
      estate: (b) => { b.resources[0] = synapseWorkspaceRow(SYNAPSE_ID, { principalId: principals.synapseMsi, storageAccountName: 'synprodadls', storageResourceId: DEFAULT_STORAGE_ID }); },
      expect: [{ outcome: 'pass', messageId: 'granted' }],
      exactly: true,
    },
  ],
  fail: [
    {
      name: 'only Storage Blob Data Reader',
      estate: engineerRole(DEFAULT_STORAGE_ID, AZURE_ROLES.storageBlobDataReader.guid),
      expect: [{ outcome: 'fail', messageId: 'missing', path: PATH, message: 'it has only Storage Blob Data Reader (on the account itself)' }],
      exactly: true,
    },
    {
      name: 'Owner of the subscription has no data access',
      spec: (i) => { i.access!.required![0]!.principalId = principals.platformOwner; },
      expect: [{ outcome: 'fail', messageId: 'missing', message: `it has only Owner (inherited from subscription ${SUB})` }],
      exactly: true,
    },
    {
      name: 'assignment on another filesystem container does not count',
      estate: engineerRole(`${DEFAULT_STORAGE_ID}/blobServices/default/containers/other`, AZURE_ROLES.storageBlobDataContributor.guid),
      expect: [{ outcome: 'fail', messageId: 'missing', message: 'it has no role there' }],
      exactly: true,
    },
    {
      name: 'one check per entry: the second principal lacks the role',
      spec: (i) => { i.access!.required!.push({ principalId: principals.stranger, role: 'storage blob data contributor', scope: 'synapse.defaultStorage' }); },
      expect: [
        { outcome: 'pass', path: ['access', 'required', 0] },
        { outcome: 'fail', messageId: 'missing', path: ['access', 'required', 1] },
      ],
      exactly: true,
    },
    {
      name: 'default storage account is not in the estate',
      estate: dropDefaultStorage,
      expect: [{ outcome: 'fail', messageId: 'storage-not-found', message: 'synprodadls' }],
      exactly: true,
    },
  ],
  notApplicable: [
    {
      name: 'no Storage Blob Data Contributor entry on synapse.defaultStorage',
      spec: (i) => { i.access!.required = [{ principalId: principals.dataEngineer, role: 'Storage Blob Data Contributor', scope: DEFAULT_STORAGE_ID }]; },
      expect: [{ outcome: 'not-applicable', messageId: 'no-entries', message: 'scope: synapse.defaultStorage' }],
      exactly: true,
    },
    { name: 'no access section', spec: (i) => { delete i.access; }, expect: [{ outcome: 'not-applicable', messageId: 'no-entries' }], exactly: true },
    { name: 'Synapse workspace does not exist', estate: (b) => { b.resources.shift(); }, expect: [{ outcome: 'not-applicable', messageId: 'synapse-missing' }], exactly: true },
  ],
  unknown: [
    {
      name: 'role assignments unreadable for the subscription',
      estate: (b) => { b.error({ source: 'resourceGraph.authorizationresources', scope: `/subscriptions/${SUB}`, status: 403, code: 'AuthorizationFailed', message: 'no access', missing: 'Reader on the subscription' }); },
      expect: [{ outcome: 'unknown', path: PATH, message: 'Reader on the subscription' }],
      exactly: true,
    },
    {
      name: 'default storage account not found while Resource Graph failed for its resource group',
      estate: (b) => { dropDefaultStorage(b); b.error({ source: 'resourceGraph.resources', scope: SYN_RG, status: 500, message: 'server error' }); },
      expect: [{ outcome: 'unknown', message: 'default storage account of Synapse workspace syn-prod' }],
      exactly: true,
    },
  ],
});
